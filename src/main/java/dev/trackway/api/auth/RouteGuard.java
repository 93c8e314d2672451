package dev.trackway.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackway.api.PreparedResponse;
import dev.trackway.api.RequestGuard;
import dev.trackway.service.auth.Caller;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Decides the rules {@link AuthFilter} left for the resource call, with the body the resource
 * method received: the check reads exactly the values the method acts on.
 */
@ApplicationScoped
public class RouteGuard implements RequestGuard {
  @Inject CurrentVertxRequest request;
  @Inject RouteAuthorizer authorizer;

  @Override
  public void check(JsonNode body) {
    RoutingContext ctx = request.getCurrent();
    if (ctx == null) {
      return;
    }
    RouteAuthorizer.Decision pending = ctx.get(AuthFilter.PENDING);
    if (pending == null) {
      return;
    }
    ctx.remove(AuthFilter.PENDING);
    Caller caller = ctx.get(AuthFilter.CALLER);
    boolean hasBody = body != null && body.isObject() && !body.isEmpty();
    if (!authorizer.decideWithBody(caller, pending.route(), body, hasBody, AuthFilter.query(ctx))) {
      throw new PreparedResponse(Denials.forbidden(pending.plainText()));
    }
  }
}
