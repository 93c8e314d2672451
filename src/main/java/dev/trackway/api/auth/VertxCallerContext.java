package dev.trackway.api.auth;

import dev.trackway.service.auth.Caller;
import dev.trackway.service.auth.CallerContext;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The caller {@link AuthFilter} authenticated, from the current request's routing context. */
@ApplicationScoped
public class VertxCallerContext implements CallerContext {
  @Inject CurrentVertxRequest request;

  @Override
  public Caller current() {
    if (!Arc.container().requestContext().isActive()) {
      return null;
    }
    RoutingContext ctx = request.getCurrent();
    return ctx == null ? null : ctx.get(AuthFilter.CALLER);
  }
}
