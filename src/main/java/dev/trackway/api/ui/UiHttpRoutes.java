package dev.trackway.api.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.ErrorResponse;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.EOFException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * What MLflow's server does around its routes, on the Vert.x router (before RESTEasy):
 *
 * <ul>
 *   <li>the static prefix ({@code --static-prefix} / {@code MLFLOW_STATIC_PREFIX}): every route
 *       answers under it and nowhere else (but the proxied artifact routes, which answer both with
 *       and without it); {@code <prefix>} itself redirects (308) to {@code <prefix>/};
 *   <li>the security headers of MLflow's middleware on every response ({@code
 *       X-Content-Type-Options: nosniff}, {@code X-Frame-Options}, {@code Vary: Origin});
 *   <li>the web UI: {@code GET /} (index.html, {@code Cache-Control: no-cache}) and {@code GET
 *       /static-files/<path>} (28 days of caching), with ETag/Last-Modified validation, HEAD and
 *       single byte ranges, streamed from the classpath.
 * </ul>
 */
@ApplicationScoped
public class UiHttpRoutes {
  private static final Logger LOG = Logger.getLogger(UiHttpRoutes.class);

  static final String STATIC = "/static-files/";
  static final long STATIC_MAX_AGE = 2_419_200; // 28 days, as MLflow
  static final String ALLOW = "OPTIONS, GET, HEAD";
  private static final String REROUTED = "trackway.static-prefix.rerouted";
  private static final Pattern ARTIFACT_PROXY =
      Pattern.compile("^/(api|ajax-api)/2\\.0/mlflow-artifacts/artifacts(/.*)?$");
  private static final Pattern RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");
  private static final int CHUNK = 64 * 1024;
  static final String NO_INDEX =
      "\n"
          + "Unable to display MLflow UI - landing page (index.html) not found.\n\n"
          + "This Trackway was built without MLflow's web UI (the build takes it from the mlflow"
          + " wheel:\nsee docs/configuration.md).\n";

  @Inject TrackwayConfig config;
  @Inject ObjectMapper json;

  private UiBundle bundle;
  private String prefix;
  private String frameOptions;

  void init(@Observes Router router) {
    bundle = UiBundle.load();
    prefix = validPrefix(config.staticPrefix().orElse(null));
    String frame = config.serverXFrameOptions().trim().toUpperCase(Locale.ROOT);
    frameOptions = frame.isEmpty() || frame.equals("NONE") ? null : frame;
    if (bundle.isEmpty()) {
      LOG.warn("This build has no MLflow web UI: / answers a plain-text notice");
    }
    if (!config.serverDisableSecurityMiddleware()) {
      router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(this::securityHeaders);
    }
    if (prefix != null) {
      router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(this::staticPrefix);
    }
    router.route("/").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::index);
    router
        .routeWithRegex("^/static-files/.*")
        .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
        .handler(this::staticFile);
  }

  /**
   * MLflow's checks of {@code --static-prefix}; a null or empty prefix is none.
   *
   * @throws IllegalArgumentException with MLflow's message
   */
  static String validPrefix(String p) {
    if (p == null || p.isEmpty()) {
      return null;
    }
    if (!p.startsWith("/")) {
      throw new IllegalArgumentException("--static-prefix must begin with a '/'.");
    }
    if (p.endsWith("/")) {
      throw new IllegalArgumentException("--static-prefix should not end with a '/'.");
    }
    if (p.contains("{") || p.contains("}")) {
      throw new IllegalArgumentException("--static-prefix must not contain '{' or '}'.");
    }
    return p;
  }

  // ------------------------------------------------------------------ filters

  /** Runs again after a static-prefix reroute (Vert.x drops the first pass's header hooks). */
  private void securityHeaders(RoutingContext ctx) {
    String path = ctx.request().path();
    boolean stripped = ctx.get(REROUTED) != null || prefix == null;
    boolean frameExempt =
        path.startsWith((stripped ? "" : prefix) + "/static-files/lib/notebook-trace-renderer");
    ctx.addHeadersEndHandler(
        v -> {
          MultiMap h = ctx.response().headers();
          h.set("X-Content-Type-Options", "nosniff");
          if (frameOptions != null && !frameExempt) {
            h.set("X-Frame-Options", frameOptions);
          }
          if (!h.contains(HttpHeaders.VARY)) {
            h.set(HttpHeaders.VARY, "Origin");
          }
        });
    ctx.next();
  }

  private void staticPrefix(RoutingContext ctx) {
    if (ctx.get(REROUTED) != null) {
      ctx.next();
      return;
    }
    String uri = ctx.request().uri();
    String path = ctx.request().path();
    if (path.equals(prefix)) {
      String query = ctx.request().query();
      String host = ctx.request().getHeader(HttpHeaders.HOST);
      String location =
          (host == null ? "" : ctx.request().scheme() + "://" + host)
              + prefix
              + "/"
              + (query == null ? "" : "?" + query);
      ctx.response()
          .setStatusCode(308)
          .putHeader(HttpHeaders.LOCATION, location)
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
          .end(
              "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n"
                  + "<p>You should be redirected automatically to the target URL: <a href=\""
                  + location
                  + "\">"
                  + location
                  + "</a>. If not, click the link.\n");
      return;
    }
    if (path.startsWith(prefix + "/") && uri.startsWith(prefix + "/")) {
      ctx.put(REROUTED, Boolean.TRUE);
      ctx.reroute(ctx.request().method(), uri.substring(prefix.length()));
      return;
    }
    if (ARTIFACT_PROXY.matcher(path).matches() || path.startsWith("/q/")) {
      // MLflow serves its artifact proxy with and without the prefix; /q/ is Quarkus's
      // operations root (health, metrics), which probes reach at a fixed path
      ctx.put(REROUTED, Boolean.TRUE);
      ctx.next();
      return;
    }
    error(ctx, 404, ErrorCode.ENDPOINT_NOT_FOUND, UiErrors.NOT_FOUND, null);
  }

  // ------------------------------------------------------------------ the UI's files

  private void index(RoutingContext ctx) {
    if (!ctx.request().path().equals("/")) {
      ctx.next();
      return;
    }
    if (!methodAllowed(ctx)) {
      return;
    }
    UiBundle.Asset index = bundle.find("index.html");
    if (index == null) {
      ctx.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
          .end(ctx.request().method() == HttpMethod.HEAD ? "" : NO_INDEX);
      return;
    }
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    send(ctx, index);
  }

  private void staticFile(RoutingContext ctx) {
    String raw = ctx.request().path();
    if (!raw.startsWith(STATIC)) {
      ctx.next();
      return;
    }
    if (!methodAllowed(ctx)) {
      return;
    }
    String path;
    try {
      path = URLDecoder.decode(raw.substring(STATIC.length()).replace("+", "%2B"), "UTF-8");
    } catch (IllegalArgumentException | java.io.UnsupportedEncodingException e) {
      path = null;
    }
    UiBundle.Asset asset = bundle.find(path);
    if (asset == null) {
      error(ctx, 404, ErrorCode.ENDPOINT_NOT_FOUND, UiErrors.NOT_FOUND, null);
      return;
    }
    Instant expires = Instant.now().plusSeconds(STATIC_MAX_AGE);
    ctx.response()
        .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=" + STATIC_MAX_AGE)
        .putHeader(HttpHeaders.EXPIRES, httpDate(expires));
    send(ctx, asset);
  }

  /** GET and HEAD are served; OPTIONS lists them; anything else is 405. */
  private boolean methodAllowed(RoutingContext ctx) {
    HttpMethod m = ctx.request().method();
    if (m == HttpMethod.GET || m == HttpMethod.HEAD) {
      return true;
    }
    if (m == HttpMethod.OPTIONS) {
      ctx.response().putHeader(HttpHeaders.ALLOW, ALLOW).end();
      return false;
    }
    error(ctx, 405, ErrorCode.BAD_REQUEST, UiErrors.METHOD_NOT_ALLOWED, ALLOW);
    return false;
  }

  private void send(RoutingContext ctx, UiBundle.Asset a) {
    HttpServerResponse resp = ctx.response();
    String name = a.path().substring(a.path().lastIndexOf('/') + 1);
    resp.putHeader(HttpHeaders.CONTENT_TYPE, UiContentTypes.of(a.path()))
        .putHeader("Content-Disposition", "inline; filename=" + name)
        .putHeader(HttpHeaders.ETAG, a.etag())
        .putHeader(HttpHeaders.LAST_MODIFIED, httpDate(Instant.ofEpochSecond(a.lastModified())))
        .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
    if (notModified(ctx, a)) {
      resp.setStatusCode(304).end();
      return;
    }
    long start = 0;
    long length = a.size();
    String range = ctx.request().getHeader("Range");
    if (range != null) {
      Matcher m = RANGE.matcher(range.trim());
      if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
        long size = a.size();
        long first;
        long last;
        if (m.group(1).isEmpty()) {
          first = Math.max(0, size - Long.parseLong(m.group(2)));
          last = size - 1;
        } else {
          first = Long.parseLong(m.group(1));
          last = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
        }
        if (first >= size || first > last) {
          resp.setStatusCode(416).putHeader("Content-Range", "bytes */" + size).end();
          return;
        }
        start = first;
        length = last - first + 1;
        resp.setStatusCode(206)
            .putHeader("Content-Range", "bytes " + first + "-" + last + "/" + size);
      }
    }
    resp.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
    if (ctx.request().method() == HttpMethod.HEAD || length == 0) {
      resp.end();
      return;
    }
    long offset = start;
    long count = length;
    ctx.vertx()
        .executeBlocking(() -> pump(resp, a, offset, count), false)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                if (!resp.ended() && !resp.closed()) {
                  resp.end();
                }
              } else {
                LOG.debugf(ar.cause(), "Serving %s failed", a.path());
                if (!resp.closed()) {
                  ctx.request().connection().close();
                }
              }
            });
  }

  /** Copies a byte range of a file to the response, waiting for the client when it lags. */
  private Void pump(HttpServerResponse resp, UiBundle.Asset a, long start, long length)
      throws Exception {
    try (InputStream in = bundle.open(a)) {
      in.skipNBytes(start);
      byte[] buf = new byte[CHUNK];
      long left = length;
      while (left > 0 && !resp.closed()) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw new EOFException(a.path());
        }
        left -= n;
        while (resp.writeQueueFull() && !resp.closed()) {
          CompletableFuture<Void> drained = new CompletableFuture<>();
          resp.drainHandler(v -> drained.complete(null));
          if (resp.writeQueueFull()) {
            try {
              drained.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
              // check again (the client may be gone)
            }
          }
        }
        resp.write(Buffer.buffer(Arrays.copyOf(buf, n)));
      }
    }
    return null;
  }

  private static boolean notModified(RoutingContext ctx, UiBundle.Asset a) {
    String inm = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
    if (inm != null) {
      for (String tag : inm.split(",")) {
        String t = tag.trim();
        if (t.startsWith("W/")) {
          t = t.substring(2);
        }
        if (t.equals("*") || t.equals(a.etag())) {
          return true;
        }
      }
      return false;
    }
    String ims = ctx.request().getHeader(HttpHeaders.IF_MODIFIED_SINCE);
    if (ims != null) {
      try {
        long since = ZonedDateTime.parse(ims, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
        return a.lastModified() <= since;
      } catch (DateTimeParseException e) {
        return false;
      }
    }
    return false;
  }

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);

  static String httpDate(Instant t) {
    return HTTP_DATE.format(t.atZone(ZoneOffset.UTC));
  }

  private void error(RoutingContext ctx, int status, ErrorCode code, String message, String allow) {
    String body;
    try {
      body =
          json.writeValueAsString(
              new ErrorResponse(code.name(), message, code.sqlstate(), code.errorClass()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    HttpServerResponse resp = ctx.response().setStatusCode(status);
    if (allow != null) {
      resp.putHeader(HttpHeaders.ALLOW, allow);
    }
    resp.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
  }
}
