package dev.trackway.compat;

import java.util.ArrayList;
import java.util.List;

/**
 * POSIX shell-like word splitting (the behaviour of Python's {@code shlex.split}), which MLflow
 * applies to order_by clauses: whitespace separates words, single quotes quote literally, double
 * quotes quote with backslash escaping only {@code \"} and {@code \\}, and outside quotes a
 * backslash escapes the next character.
 */
public final class Shlex {
  private Shlex() {}

  /** Throws IllegalArgumentException on an unclosed quote or a trailing backslash. */
  public static List<String> split(String s) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        i++;
      } else if (c == '\'') {
        int close = s.indexOf('\'', i + 1);
        if (close < 0) {
          throw new IllegalArgumentException("No closing quotation");
        }
        word.append(s, i + 1, close);
        inWord = true;
        i = close + 1;
      } else if (c == '"') {
        i++;
        boolean closed = false;
        while (i < s.length()) {
          char d = s.charAt(i);
          if (d == '"') {
            closed = true;
            i++;
            break;
          }
          if (d == '\\'
              && i + 1 < s.length()
              && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) {
            word.append(s.charAt(i + 1));
            i += 2;
            continue;
          }
          word.append(d);
          i++;
        }
        if (!closed) {
          throw new IllegalArgumentException("No closing quotation");
        }
        inWord = true;
      } else if (c == '\\') {
        if (i + 1 >= s.length()) {
          throw new IllegalArgumentException("No escaped character");
        }
        word.append(s.charAt(i + 1));
        inWord = true;
        i += 2;
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
