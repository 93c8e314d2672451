package dev.trackway.api;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/** Header values of artifact downloads, as MLflow's server writes them. */
public final class ArtifactHeaders {
  private ArtifactHeaders() {}

  private static final String TOKEN_CHARS =
      "!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~";
  private static final String RFC5987_SAFE = "!#$&+-.^_`|~";

  /**
   * {@code attachment; filename=<name>}: the name as a token when it is one, else quoted; a
   * non-ASCII name gets an ASCII fallback plus {@code filename*=UTF-8''<percent-encoded>}.
   */
  public static String contentDisposition(String filename) {
    boolean ascii = filename.chars().allMatch(c -> c < 128);
    if (ascii) {
      return "attachment; filename=" + quote(filename);
    }
    String fallback =
        Normalizer.normalize(filename, Normalizer.Form.NFKD).replaceAll("[^\\x00-\\x7F]", "");
    if (fallback.isEmpty()) {
      fallback = "download";
    }
    return "attachment; filename="
        + quote(fallback)
        + "; filename*=UTF-8''"
        + percentEncode(filename);
  }

  static String quote(String v) {
    if (v.isEmpty()) {
      return "\"\"";
    }
    boolean token = v.chars().allMatch(c -> TOKEN_CHARS.indexOf(c) >= 0);
    if (token) {
      return v;
    }
    return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static String percentEncode(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '.'
          || c == '-'
          || c == '~'
          || RFC5987_SAFE.indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }
}
