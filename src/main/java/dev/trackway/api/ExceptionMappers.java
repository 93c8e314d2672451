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
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure leaves the server as MLflow's error JSON ({@link ErrorResponse}) with MLflow's
 * status: never an HTML page or a stack trace. Logged by status: client errors (4xx) at DEBUG;
 * server errors (5xx, including the codes MLflow answers with 500 such as INVALID_STATE) at ERROR
 * with an id that the response carries in the {@value #ERROR_ID_HEADER} header (and, for unexpected
 * exceptions, in the message); TEMPORARILY_UNAVAILABLE (503: the database is away, which the client
 * retries) at WARN without the stack, once per request of an outage.
 */
public class ExceptionMappers {
  private static final Logger LOG = Logger.getLogger(ExceptionMappers.class);

  /** The id under which a server error was logged. */
  public static final String ERROR_ID_HEADER = "X-Trackway-Error-Id";

  /** MLflow's own errors; a server error's log shows the stack of its cause, if it has one. */
  @ServerExceptionMapper
  public Response mlflow(MlflowException e) {
    return respond(e.code().httpStatus(), e.code(), e.getMessage(), e.getCause());
  }

  @ServerExceptionMapper
  public Response notFound(NotFoundException e, ContainerRequestContext request) {
    return misrouted(
        request,
        () ->
            respond(
                ErrorCode.ENDPOINT_NOT_FOUND.httpStatus(),
                ErrorCode.ENDPOINT_NOT_FOUND,
                "The requested endpoint was not found on this server.",
                null));
  }

  @ServerExceptionMapper
  public Response notAllowed(NotAllowedException e, ContainerRequestContext request) {
    return misrouted(request, () -> notAllowed(e.getResponse().getHeaderString("Allow")));
  }

  /**
   * A request no resource method took: 501 for a path MLflow serves with this method (a Trackway
   * route template caught it), 405 with the methods a known path takes, else {@code otherwise}.
   */
  private static Response misrouted(ContainerRequestContext request, Supplier<Response> otherwise) {
    String method = request.getMethod();
    String path = "/" + request.getUriInfo().getPath().replaceFirst("^/", "");
    if (MlflowRoutes.isMlflowRoute(method, path)) {
      return notImplemented(method, path);
    }
    String allow = MlflowRoutes.allowedMethods(path);
    return allow != null ? notAllowed(allow) : otherwise.get();
  }

  private static Response notImplemented(String method, String path) {
    return respond(
        ErrorCode.NOT_IMPLEMENTED.httpStatus(),
        ErrorCode.NOT_IMPLEMENTED,
        "Trackway does not implement " + method + " " + path + " yet (see docs/compatibility.md).",
        null);
  }

  /** A known route asked with a method it does not take: 405, MLflow's error JSON, Allow. */
  private static Response notAllowed(String allow) {
    Response r =
        respond(
            405, ErrorCode.BAD_REQUEST, "The method is not allowed for the requested URL.", null);
    return allow == null ? r : Response.fromResponse(r).header("Allow", allow).build();
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e) {
    return respond(
        ErrorCode.INVALID_PARAMETER_VALUE.httpStatus(),
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Invalid JSON in request body: " + e.getOriginalMessage(),
        null);
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
    return respond(status, code, e.getMessage(), e);
  }

  /**
   * Refusals answered as prepared: the artifact service's configured 503s and access control's 403s
   * (MLflow's text, not JSON).
   */
  @ServerExceptionMapper
  public Response prepared(PreparedResponse e) {
    return e.response();
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e) {
    String id = newId();
    String message = "Internal server error. It has been logged with id " + id + ".";
    return serverError(500, ErrorCode.INTERNAL_ERROR, message, e, id);
  }

  /** MLflow's error JSON with the given status, logged by status. */
  private static Response respond(int status, ErrorCode code, String message, Throwable cause) {
    if (status >= 500) {
      return serverError(status, code, message, cause, newId());
    }
    LOG.debugf("%d %s: %s", status, code, message);
    return ErrorResponse.of(status, code, message);
  }

  private static Response serverError(
      int status, ErrorCode code, String message, Throwable cause, String id) {
    if (code == ErrorCode.TEMPORARILY_UNAVAILABLE) {
      LOG.warnf("%d %s: %s (id %s)", status, code, message, id);
    } else {
      LOG.errorf(cause, "%d %s: %s (id %s)", status, code, message, id);
    }
    return Response.fromResponse(ErrorResponse.of(status, code, message))
        .header(ERROR_ID_HEADER, id)
        .build();
  }

  private static String newId() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong());
  }
}
