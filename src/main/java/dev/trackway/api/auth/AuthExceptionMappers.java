package dev.trackway.api.auth;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Refusals prepared by access control leave as they are (MLflow's plain-text 403). */
public class AuthExceptionMappers {

  @ServerExceptionMapper
  public Response refused(Denials.Refused e) {
    return e.response();
  }
}
