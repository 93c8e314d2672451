package dev.trackway.api;

import dev.trackway.compat.PyUrl;
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
        + PyUrl.quote(filename, RFC5987_SAFE);
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
}
