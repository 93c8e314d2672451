package dev.trackway.store.jdbc;

import dev.trackway.error.MlflowException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Offset page tokens in MLflow's own encoding ({@code base64({"offset": N})}), so a token issued by
 * either server is understood by the other. Clients treat them as opaque.
 */
public final class PageToken {
  private static final Pattern OFFSET = Pattern.compile("\"offset\"\\s*:\\s*\"?(\\d+)\"?");

  private PageToken() {}

  public static String encode(long offset) {
    return Base64.getEncoder()
        .encodeToString(("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
  }

  /** The bytes a token encodes, else MLflow's error for a token that is not base64. */
  static byte[] base64(String token) {
    try {
      return Base64.getDecoder().decode(token.trim());
    } catch (IllegalArgumentException e) {
      throw MlflowException.invalidParameterValue("Invalid page token, could not base64-decode");
    }
  }

  public static int decodeOffset(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    String decoded = new String(base64(token), StandardCharsets.UTF_8);
    Matcher m = OFFSET.matcher(decoded);
    if (!decoded.trim().startsWith("{") || !m.find()) {
      throw MlflowException.invalidParameterValue("Invalid page token, decoded value=%s", decoded);
    }
    try {
      return Integer.parseInt(m.group(1));
    } catch (NumberFormatException e) {
      throw MlflowException.invalidParameterValue("Invalid page token, decoded value=%s", decoded);
    }
  }
}
