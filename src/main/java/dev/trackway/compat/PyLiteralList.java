package dev.trackway.compat;

import dev.trackway.error.MlflowException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the parenthesised list of an {@code IN} / {@code NOT IN} comparison. MLflow evaluates the
 * list text as a Python literal, so we accept what Python would: single- or double-quoted strings
 * (with backslash escapes and optional raw prefix), adjacent strings concatenated ({@code ('a'
 * 'b')} is {@code ('ab',)}), a trailing comma, redundant parentheses ({@code ('a')} is one value).
 * The result must be a non-empty list of strings; messages are MLflow's.
 */
public final class PyLiteralList {

  private static final String ILL_FORMED =
      "While parsing a list in the query, expected a non-empty list of string values, but got"
          + " ill-formed list.";

  private static final Pattern NUMBER =
      Pattern.compile(
          "[+-]*(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+"
              + "|(\\d[\\d_]*(\\.[\\d_]*)?|\\.\\d[\\d_]*)([eE][+-]?\\d[\\d_]*)?[jJ]?)");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A parsed Python value: a string, a tuple, or something else (kept as its repr). */
  private sealed interface PyValue {}

  private record PyStr(String value) implements PyValue {}

  private record PyTuple(List<PyValue> items) implements PyValue {}

  private record PyOther(String repr) implements PyValue {}

  private final String src;
  private int pos;

  private PyLiteralList(String src) {
    this.src = src;
  }

  public static List<String> parse(String text) {
    PyLiteralList p = new PyLiteralList(text);
    PyValue v;
    try {
      p.skipSpace();
      v = p.expr();
      p.skipSpace();
      if (p.pos != p.src.length()) {
        throw new IllegalArgumentException("trailing text");
      }
    } catch (IllegalArgumentException e) {
      throw MlflowException.invalidParameterValue(ILL_FORMED);
    }
    List<PyValue> items = v instanceof PyTuple t ? t.items() : List.of(v);
    if (items.isEmpty()) {
      throw MlflowException.invalidParameterValue(
          "While parsing a list in the query, expected a non-empty list of string values, but got"
              + " empty list");
    }
    List<String> out = new ArrayList<>();
    for (PyValue item : items) {
      if (!(item instanceof PyStr s)) {
        throw MlflowException.invalidParameterValue(
            "While parsing a list in the query, expected string value, punctuation, or whitespace,"
                + " but got different type in list: "
                + repr(new PyTuple(items)));
      }
      out.add(s.value());
    }
    return out;
  }

  private static String repr(PyValue v) {
    if (v instanceof PyStr s) {
      return PyRepr.str(s.value());
    }
    if (v instanceof PyTuple t) {
      List<String> parts = new ArrayList<>();
      for (PyValue item : t.items()) {
        parts.add(repr(item));
      }
      return parts.isEmpty() ? "()" : PyRepr.tuple(parts);
    }
    return ((PyOther) v).repr();
  }

  private void skipSpace() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        pos++;
      } else if (c == '\\' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
        pos += 2;
      } else {
        break;
      }
    }
  }

  private PyValue expr() {
    if (pos >= src.length()) {
      throw new IllegalArgumentException("unexpected end");
    }
    char c = src.charAt(pos);
    if (c == '(') {
      pos++;
      List<PyValue> items = new ArrayList<>();
      boolean sawComma = false;
      skipSpace();
      if (peek(')')) {
        pos++;
        return new PyTuple(items);
      }
      while (true) {
        skipSpace();
        items.add(expr());
        skipSpace();
        if (peek(',')) {
          pos++;
          sawComma = true;
          skipSpace();
          if (peek(')')) {
            pos++;
            break;
          }
          continue;
        }
        if (peek(')')) {
          pos++;
          break;
        }
        throw new IllegalArgumentException("expected , or )");
      }
      return sawComma ? new PyTuple(items) : items.get(0);
    }
    if (startsString()) {
      StringBuilder sb = new StringBuilder();
      boolean bytes = false;
      boolean first = true;
      while (true) {
        int save = pos;
        skipSpace();
        if (!startsString()) {
          pos = save;
          break;
        }
        boolean isBytes = readString(sb);
        if (!first && isBytes != bytes) {
          throw new IllegalArgumentException("cannot mix bytes and nonbytes literals");
        }
        bytes = isBytes;
        first = false;
      }
      return bytes ? new PyOther("b" + PyRepr.str(sb.toString())) : new PyStr(sb.toString());
    }
    Matcher m = NUMBER.matcher(src).region(pos, src.length());
    if (m.lookingAt() && m.end() > pos && Character.isDigit(lastDigitCandidate(m.group()))) {
      pos = m.end();
      if (pos < src.length() && Character.isLetterOrDigit(src.charAt(pos))) {
        throw new IllegalArgumentException("invalid number");
      }
      return new PyOther(m.group().replaceAll("^\\+*", ""));
    }
    Matcher n = NAME.matcher(src).region(pos, src.length());
    if (n.lookingAt()) {
      String name = n.group();
      if (name.equals("True") || name.equals("False") || name.equals("None")) {
        pos = n.end();
        return new PyOther(name);
      }
    }
    throw new IllegalArgumentException("not a literal");
  }

  private static char lastDigitCandidate(String number) {
    for (int i = 0; i < number.length(); i++) {
      if (Character.isDigit(number.charAt(i))) {
        return number.charAt(i);
      }
    }
    return 'x';
  }

  private boolean peek(char c) {
    return pos < src.length() && src.charAt(pos) == c;
  }

  /** True if a string literal (with optional r/u/b prefixes) starts at pos. */
  private boolean startsString() {
    int p = pos;
    int prefix = 0;
    while (p < src.length() && prefix < 2 && "rRuUbB".indexOf(src.charAt(p)) >= 0) {
      p++;
      prefix++;
    }
    return p < src.length() && (src.charAt(p) == '\'' || src.charAt(p) == '"');
  }

  /** Reads one string literal at pos, appending its value; returns true for bytes literals. */
  private boolean readString(StringBuilder out) {
    boolean raw = false;
    boolean bytes = false;
    while ("rRuUbB".indexOf(src.charAt(pos)) >= 0) {
      char p = Character.toLowerCase(src.charAt(pos));
      raw |= p == 'r';
      bytes |= p == 'b';
      pos++;
    }
    char q = src.charAt(pos);
    boolean triple = src.startsWith(String.valueOf(q).repeat(3), pos);
    String delimiter = triple ? String.valueOf(q).repeat(3) : String.valueOf(q);
    pos += delimiter.length();
    while (true) {
      if (pos >= src.length()) {
        throw new IllegalArgumentException("unterminated string");
      }
      if (src.startsWith(delimiter, pos)) {
        pos += delimiter.length();
        return bytes;
      }
      char c = src.charAt(pos);
      if (c == '\n' && !triple) {
        throw new IllegalArgumentException("newline in string");
      }
      if (c == '\\' && pos + 1 < src.length()) {
        char e = src.charAt(pos + 1);
        if (raw) {
          out.append(c).append(e);
          pos += 2;
          continue;
        }
        pos += 2;
        switch (e) {
          case '\n' -> {}
          case '\\' -> out.append('\\');
          case '\'' -> out.append('\'');
          case '"' -> out.append('"');
          case 'a' -> out.append('\u0007');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'v' -> out.append('\u000b');
          case 'x' -> out.appendCodePoint(hex(2));
          case 'u' -> {
            if (bytes) {
              out.append("\\u");
            } else {
              out.appendCodePoint(hex(4));
            }
          }
          case 'U' -> {
            if (bytes) {
              out.append("\\U");
            } else {
              out.appendCodePoint(hex(8));
            }
          }
          default -> {
            if (e >= '0' && e <= '7') {
              int v = e - '0';
              for (int k = 0; k < 2 && pos < src.length(); k++) {
                char d = src.charAt(pos);
                if (d < '0' || d > '7') {
                  break;
                }
                v = v * 8 + (d - '0');
                pos++;
              }
              out.appendCodePoint(v);
            } else {
              out.append('\\').append(e);
            }
          }
        }
        continue;
      }
      out.append(c);
      pos++;
    }
  }

  private int hex(int digits) {
    if (pos + digits > src.length()) {
      throw new IllegalArgumentException("truncated escape");
    }
    try {
      int v = Integer.parseInt(src.substring(pos, pos + digits), 16);
      pos += digits;
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad escape");
    }
  }
}
