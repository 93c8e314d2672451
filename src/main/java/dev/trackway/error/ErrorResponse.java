package dev.trackway.error;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * MLflow's error body: {@code {"error_code": "...", "message": "...", "sqlstate": "...",
 * "error_class": "..."}} (the last two derived from the code as MLflow 3.11+ does; omitted when
 * MLflow derives none).
 *
 * <p>Registered for reflection: exception mappers hand it to Jackson as a {@code Response} entity,
 * which the native build cannot see as a resource return type (without it every error body of the
 * native executable is {@code {}}).
 */
@RegisterForReflection
public record ErrorResponse(String errorCode, String message, String sqlstate, String errorClass) {

  public static Response of(ErrorCode code, String message) {
    return of(code.httpStatus(), code, message);
  }

  public static Response of(int status, ErrorCode code, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorResponse(code.name(), message, code.sqlstate(), code.errorClass()))
        .build();
  }
}
