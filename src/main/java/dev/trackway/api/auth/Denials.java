package dev.trackway.api.auth;

import jakarta.ws.rs.core.Response;

/**
 * MLflow's answers to a request without valid credentials (401 with {@code WWW-Authenticate: Basic
 * realm="mlflow"}) and to one the caller may not make (403 {@code Permission denied}): plain text,
 * typed {@code text/html} on MLflow's Flask routes and {@code text/plain} on its FastAPI ones.
 */
public final class Denials {
  public static final String UNAUTHENTICATED =
      "You are not authenticated. Please see"
          + " https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to"
          + " authenticate.";
  public static final String FORBIDDEN = "Permission denied";
  public static final String BASIC_CHALLENGE = "Basic realm=\"mlflow\"";
  static final String HTML = "text/html; charset=utf-8";
  static final String PLAIN = "text/plain; charset=utf-8";

  private Denials() {}

  static String contentType(boolean plainText) {
    return plainText ? PLAIN : HTML;
  }

  /** A 403 for the JAX-RS side (thrown by {@link RouteGuard}). */
  static Response forbidden(boolean plainText) {
    return Response.status(403).type(contentType(plainText)).entity(FORBIDDEN).build();
  }
}
