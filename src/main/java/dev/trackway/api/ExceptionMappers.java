package dev.trackway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.ErrorResponse;
import dev.trackway.error.MlflowException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure leaves the server as MLflow's error JSON with MLflow's status: never an HTML page
 * or a stack trace. Unexpected exceptions are logged with an id that the response carries.
 */
public class ExceptionMappers {
  private static final Logger LOG = Logger.getLogger(ExceptionMappers.class);

  @ServerExceptionMapper
  public Response mlflow(MlflowException e) {
    if (e.code().httpStatus() == 500) {
      LOG.errorf(e, "%s: %s", e.code(), e.getMessage());
    }
    return ErrorResponse.of(e.code(), e.getMessage());
  }

  @ServerExceptionMapper
  public Response notFound(NotFoundException e, ContainerRequestContext request) {
    String method = request.getMethod();
    String path = "/" + request.getUriInfo().getPath().replaceFirst("^/", "");
    if (MlflowRoutes.isMlflowRoute(method, path)) {
      return ErrorResponse.of(
          ErrorCode.NOT_IMPLEMENTED,
          "Trackway does not implement "
              + method
              + " "
              + path
              + " yet (see docs/compatibility.md).");
    }
    return ErrorResponse.of(
        ErrorCode.ENDPOINT_NOT_FOUND, "The requested endpoint was not found on this server.");
  }

  @ServerExceptionMapper
  public Response notAllowed(NotAllowedException e) {
    return ErrorResponse.of(
        405, ErrorCode.BAD_REQUEST, "The method is not allowed for the requested URL.");
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e) {
    return ErrorResponse.of(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Invalid JSON in request body: " + e.getOriginalMessage());
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    ErrorCode code =
        switch (status) {
          case 400, 411, 413, 415 -> ErrorCode.BAD_REQUEST;
          case 401 -> ErrorCode.UNAUTHENTICATED;
          case 403 -> ErrorCode.PERMISSION_DENIED;
          case 404 -> ErrorCode.ENDPOINT_NOT_FOUND;
          case 501 -> ErrorCode.NOT_IMPLEMENTED;
          case 503 -> ErrorCode.TEMPORARILY_UNAVAILABLE;
          default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
        };
    return ErrorResponse.of(status, code, e.getMessage());
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e) {
    String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
    LOG.errorf(e, "Unexpected error (id %s)", id);
    return ErrorResponse.of(
        ErrorCode.INTERNAL_ERROR, "Internal server error. It has been logged with id " + id + ".");
  }
}
