package dev.trackway.api.auth;

import dev.trackway.api.Guarded;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.service.auth.AccessControl;
import dev.trackway.service.auth.CallerContext;
import dev.trackway.service.auth.UserAdministration;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MLflow 3.18's sign-up page of the basic-auth app: {@code GET /signup} shows an HTML form (admins,
 * and workspace admins, see {@code auth-routes.txt}) that posts to {@code POST
 * /api/2.0/mlflow/users/create-ui} (admins), which creates a non-admin user. The form is our own;
 * the answers are MLflow's: a CSRF-protected post ({@link SignupTokens}), 400 with MLflow's text
 * for a wrong content type or an empty field, a page that alerts "Successfully signed up user: x"
 * (or "Username has already been taken: x") and goes on to the home page (or back to the form), and
 * MLflow's JSON error for a password the user rules refuse.
 */
@Guarded
@Path("/")
public class SignupResource {
  static final String FORM_TYPE = "application/x-www-form-urlencoded";

  @Inject UserAdministration users;
  @Inject CallerContext callers;
  @Inject AccessControl access;
  @Inject SignupTokens tokens;
  @Inject TrackwayConfig config;

  @GET
  @Path("/signup")
  public Response form(@CookieParam(SignupTokens.COOKIE) String cookie) {
    requireAccessControl();
    boolean fresh = !SignupTokens.wellFormed(cookie);
    String value = fresh ? SignupTokens.newCookie() : cookie;
    String token = tokens.issue(value, callers.current().username());
    Response.ResponseBuilder r = html(200, SignupPages.form(prefix() + CREATE_UI, token));
    if (fresh) {
      r.cookie(
          new NewCookie.Builder(SignupTokens.COOKIE)
              .value(value)
              .path("/")
              .httpOnly(true)
              .sameSite(NewCookie.SameSite.STRICT)
              .build());
    }
    return r.header("Cache-Control", "no-store").build();
  }

  private static final String CREATE_UI = "/api/2.0/mlflow/users/create-ui";

  @POST
  @Path(CREATE_UI)
  public Response create(
      @HeaderParam("Content-Type") String type,
      @HeaderParam("X-CSRFToken") String headerToken,
      @HeaderParam("X-CSRF-Token") String headerToken2,
      @CookieParam(SignupTokens.COOKIE) String cookie,
      byte[] body) {
    requireAccessControl();
    // Flask-WTF first: the token of the form (or a header), then MLflow's handler
    Map<String, String> form = isForm(type) ? parseForm(body) : Map.of();
    String token = form.get("csrf_token");
    if (token == null) {
      token = headerToken != null ? headerToken : headerToken2;
    }
    String refused = tokens.reject(token, cookie, callers.current().username());
    if (refused != null) {
      return FlaskJson.badRequest(refused);
    }
    if (!FORM_TYPE.equals(type)) {
      return FlaskJson.badRequest(
          "Invalid content type. Must be application/x-www-form-urlencoded");
    }
    String username = form.get("username");
    String password = form.get("password");
    if (username == null || password == null) {
      // werkzeug's answer to a missing form field
      return FlaskJson.badRequest(
          "The browser (or proxy) sent a request that this server could not understand.");
    }
    if (username.isEmpty() || password.isEmpty()) {
      return FlaskJson.badRequest("Username and password cannot be empty.");
    }
    if (exists(username)) {
      return taken(username);
    }
    try {
      users.create(username, password);
    } catch (MlflowException e) {
      if (e.code() == ErrorCode.RESOURCE_ALREADY_EXISTS) {
        return taken(username); // created meanwhile by another request
      }
      throw e;
    }
    return html(200, SignupPages.alert("Successfully signed up user: " + username, prefix() + "/"))
        .build();
  }

  private Response taken(String username) {
    return html(
            200,
            SignupPages.alert("Username has already been taken: " + username, prefix() + "/signup"))
        .build();
  }

  private boolean exists(String username) {
    try {
      users.get(username);
      return true;
    } catch (MlflowException e) {
      if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
        return false;
      }
      throw e;
    }
  }

  /** Without {@code --app-name basic-auth} these routes do not exist, as in MLflow. */
  private void requireAccessControl() {
    if (!access.enabled()) {
      throw new NotFoundException();
    }
  }

  private String prefix() {
    return config.staticPrefix().orElse("");
  }

  private static Response.ResponseBuilder html(int status, String page) {
    return Response.status(status).type(Denials.HTML).entity(page);
  }

  /** Whether Flask parses the body as a form (any parameters after the media type). */
  static boolean isForm(String type) {
    return type != null && type.split(";", 2)[0].strip().equalsIgnoreCase(FORM_TYPE);
  }

  /** An urlencoded form, UTF-8; the first value of a repeated name wins (as Flask's form[...]). */
  static Map<String, String> parseForm(byte[] body) {
    Map<String, String> out = new LinkedHashMap<>();
    if (body == null || body.length == 0) {
      return out;
    }
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        out.putIfAbsent(
            URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // a malformed %-escape: werkzeug keeps the raw text
        out.putIfAbsent(name, value);
      }
    }
    return out;
  }
}
