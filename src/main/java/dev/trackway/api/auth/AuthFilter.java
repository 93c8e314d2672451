package dev.trackway.api.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackway.compat.PyUrl;
import dev.trackway.config.BasicAuthSettings;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.error.ErrorResponse;
import dev.trackway.error.MlflowException;
import dev.trackway.service.auth.Caller;
import dev.trackway.service.auth.Credentials;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * MLflow's basic-auth gate in front of every route of the server (API, ajax-api, GraphQL,
 * artifacts, the UI, unknown paths), on the Vert.x router before anything else handles the request:
 * public routes pass; everything else needs a user's credentials (HTTP Basic, or an OIDC bearer
 * token when configured), else 401 with {@code WWW-Authenticate}; then the caller's permission for
 * the route ({@link RouteAuthorizer}), else 403. The caller is kept on the routing context for the
 * resource call ({@link RouteGuard}) and the services ({@link VertxCallerContext}).
 */
@ApplicationScoped
public class AuthFilter {
  private static final Logger LOG = Logger.getLogger(AuthFilter.class);
  static final String CALLER = "trackway.auth.caller";
  static final String PENDING = "trackway.auth.pending";

  /** After the UI's static-prefix handling, before the upload limit and the routes. */
  static final int ORDER = -10;

  @Inject TrackwayConfig config;
  @Inject Credentials credentials;
  @Inject RouteAuthorizer authorizer;
  @Inject BearerTokens bearer;
  @Inject ObjectMapper json;

  void init(@Observes Router router) {
    if (BasicAuthSettings.enabled(config)) {
      router.route().order(ORDER).handler(this::handle);
    }
  }

  void handle(RoutingContext ctx) {
    String path = PyUrl.unquote(ctx.request().path(), false);
    if (authorizer.isPublic(path)) {
      ctx.next();
      return;
    }
    String method = ctx.request().method().name();
    AuthRoutes.Match route = AuthRoutes.get().match(method, path);
    boolean plainText = route != null && route.plainText();
    String header = ctx.request().getHeader("Authorization");
    String[] basic = header == null ? null : basicCredentials(header);
    String token = header == null ? null : bearerToken(header);
    if (basic == null && (token == null || !bearer.enabled())) {
      unauthenticated(ctx, plainText);
      return;
    }
    Map<String, List<String>> query = query(ctx);
    ctx.vertx()
        .<Outcome>executeBlocking(
            () -> {
              Optional<Caller> caller =
                  basic != null
                      ? credentials.basic(basic[0], basic[1])
                      : bearer.authenticate(token);
              if (caller.isEmpty()) {
                return new Outcome(null, null, null);
              }
              try {
                return new Outcome(
                    caller.get(),
                    authorizer.decide(
                        caller.get(), method, path, query, n -> ctx.request().getHeader(n)),
                    null);
              } catch (RuntimeException e) {
                return new Outcome(caller.get(), null, e);
              }
            },
            false)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.error("Authentication failed unexpectedly", ar.cause());
                ctx.fail(500, ar.cause());
                return;
              }
              respond(ctx, ar.result(), plainText);
            });
  }

  /** The result of the blocking part: the caller, the decision, or a rule's error. */
  private record Outcome(
      Caller caller, RouteAuthorizer.Decision decision, RuntimeException error) {}

  private void respond(RoutingContext ctx, Outcome o, boolean plainText) {
    if (o.caller() == null) {
      unauthenticated(ctx, plainText);
      return;
    }
    ctx.put(CALLER, o.caller());
    if (o.error() != null) {
      error(ctx, o.error());
      return;
    }
    switch (o.decision().verdict()) {
      case ALLOW -> ctx.next();
      case DEFER -> {
        ctx.put(PENDING, o.decision());
        ctx.next();
      }
      case DENY -> forbidden(ctx, o.decision().plainText());
    }
  }

  /** {@code Basic <base64(user:password)>} (scheme in any case), UTF-8, else null. */
  static String[] basicCredentials(String header) {
    String h = header.strip();
    if (h.length() < 6 || !h.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
      return null;
    }
    try {
      byte[] raw = Base64.getDecoder().decode(h.substring(6).strip());
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(raw))
              .toString();
      int colon = text.indexOf(':');
      return colon < 0 ? null : new String[] {text.substring(0, colon), text.substring(colon + 1)};
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return null;
    }
  }

  /** {@code Bearer <token>}, else null. */
  static String bearerToken(String header) {
    String h = header.strip();
    if (h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return null;
    }
    String t = h.substring(7).strip();
    return t.isEmpty() ? null : t;
  }

  /** The query parameters, repeated keys in order. */
  static Map<String, List<String>> query(RoutingContext ctx) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    MultiMap params = ctx.queryParams();
    for (String name : params.names()) {
      out.put(name, new ArrayList<>(params.getAll(name)));
    }
    return out;
  }

  private void unauthenticated(RoutingContext ctx, boolean plainText) {
    HttpServerResponse r = prepare(ctx, 401, plainText);
    r.headers().add("WWW-Authenticate", Denials.BASIC_CHALLENGE);
    if (bearer.enabled()) {
      r.headers().add("WWW-Authenticate", "Bearer");
    }
    r.end(Denials.UNAUTHENTICATED);
  }

  private void forbidden(RoutingContext ctx, boolean plainText) {
    prepare(ctx, 403, plainText).end(Denials.FORBIDDEN);
  }

  private void error(RoutingContext ctx, RuntimeException e) {
    if (e instanceof RouteAuthorizer.MissingHeader) {
      prepare(ctx, 400, true).end(e.getMessage());
      return;
    }
    if (e instanceof MlflowException m) {
      try {
        byte[] body =
            json.writeValueAsBytes(
                new ErrorResponse(
                    m.code().name(), m.getMessage(), m.code().sqlstate(), m.code().errorClass()));
        HttpServerResponse r = prepare(ctx, m.code().httpStatus(), false);
        r.putHeader("Content-Type", "application/json");
        r.end(io.vertx.core.buffer.Buffer.buffer(body));
        return;
      } catch (java.io.IOException io) {
        LOG.error("Cannot write an error", io);
      }
    }
    LOG.error("Access check failed", e);
    ctx.fail(500, e);
  }

  private static HttpServerResponse prepare(RoutingContext ctx, int status, boolean plainText) {
    if (!ctx.request().isEnded()) {
      // let the unread body drain, so the connection stays usable
      ctx.request().resume();
    }
    HttpServerResponse r = ctx.response().setStatusCode(status);
    r.putHeader("Content-Type", Denials.contentType(plainText));
    return r;
  }
}
