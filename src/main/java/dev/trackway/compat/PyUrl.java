package dev.trackway.compat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Python's {@code urllib.parse}: {@code urlparse} and {@code unquote} / {@code unquote_plus}. */
public final class PyUrl {
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.\\-]*):");

  private PyUrl() {}

  /** The parts of a URI the way {@code urlparse} splits it (scheme lower-cased, no query). */
  public record Parts(String scheme, String netloc, String path) {}

  /** {@code urlparse(uri)}: scheme, netloc and path; query and fragment are dropped. */
  public static Parts urlparse(String uri) {
    String rest = uri;
    String scheme = "";
    Matcher m = SCHEME.matcher(uri);
    if (m.find()) {
      scheme = m.group(1).toLowerCase(Locale.ROOT);
      rest = uri.substring(m.end());
    }
    String netloc = "";
    if (rest.startsWith("//")) {
      int end = firstOf(rest, 2, "/?#");
      netloc = rest.substring(2, end);
      rest = rest.substring(end);
    }
    return new Parts(scheme, netloc, rest.substring(0, firstOf(rest, 0, "?#")));
  }

  private static int firstOf(String s, int from, String chars) {
    int end = s.length();
    for (char ch : chars.toCharArray()) {
      int i = s.indexOf(ch, from);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    return end;
  }

  /**
   * {@code unquote(s)} ({@code plus}: {@code unquote_plus}, '+' is a space): valid {@code %XX}
   * escapes become bytes read as UTF-8, invalid sequences replaced; anything else is kept.
   */
  public static String unquote(String s, boolean plus) {
    if (s.indexOf('%') < 0 && (!plus || s.indexOf('+') < 0)) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] raw = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      byte b = raw[i];
      if (b == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
        out.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
        i += 2;
      } else if (plus && b == '+') {
        out.write(' ');
      } else {
        out.write(b);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** {@code quote(s, safe='')}: everything but letters, digits and {@code _.-~} escaped (UTF-8). */
  public static String quote(String s) {
    return quote(s, "");
  }

  /** {@code quote(s, safe)}: letters, digits, {@code _.-~} and the {@code safe} characters kept. */
  public static String quote(String s, String safe) {
    StringBuilder out = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '.'
          || c == '-'
          || c == '~'
          || safe.indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }

  /** {@code unquote} applied until the string no longer changes. */
  public static String unquoteFully(String s, boolean plus) {
    String cur = s;
    for (String next = unquote(cur, plus); !next.equals(cur); next = unquote(cur, plus)) {
      cur = next;
    }
    return cur;
  }

  private static int hex(int b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }
}
