package dev.trackway.api;

import jakarta.ws.rs.core.Response;

/**
 * A refusal thrown from inside a request that answers with its prepared response as it is (mapped
 * by ExceptionMappers): the artifact service's configured 503s, access control's plain-text 403.
 */
public final class PreparedResponse extends RuntimeException {
  private final transient Response response;

  public PreparedResponse(Response response) {
    super(null, null, false, false);
    this.response = response;
  }

  public Response response() {
    return response;
  }
}
