package dev.trackway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trackway.testing.AbstractApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * MLflow 3.18's sign-up form of the basic-auth app ({@code GET /signup}, {@code POST
 * /api/2.0/mlflow/users/create-ui}): who may use it, its CSRF protection, and MLflow's answers.
 */
@QuarkusTest
@TestProfile(AuthProfiles.Sqlite.class)
class SignupSqliteTest extends AbstractApiTest {
  static final String CREATE_UI = API + "/users/create-ui";
  static final String COOKIE = "trackway_signup_csrf";
  static final String FORM = "application/x-www-form-urlencoded";
  // as a browser sends it: no charset parameter (MLflow compares the header exactly)
  static final RestAssuredConfig NO_CHARSET =
      RestAssured.config()
          .encoderConfig(
              EncoderConfig.encoderConfig()
                  .appendDefaultContentCharsetToContentTypeIfUndefined(false));

  static RequestSpecification admin() {
    return given().config(NO_CHARSET).auth().preemptive().basic("admin", AuthIni.ADMIN_PASSWORD);
  }

  /** The form as the admin's browser gets it: its cookie and CSRF token. */
  record Form(String cookie, String token) {}

  static Form open() {
    ExtractableResponse<Response> r =
        admin()
            .get("/signup")
            .then()
            .statusCode(200)
            .contentType("text/html")
            .header("Cache-Control", "no-store")
            .header("Set-Cookie", containsString("HttpOnly"))
            .header("Set-Cookie", containsString("SameSite=Strict"))
            .body(containsString("action=\"/api/2.0/mlflow/users/create-ui\""))
            .body(containsString("name=\"username\""))
            .body(containsString("name=\"password\""))
            .extract();
    Matcher m = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"").matcher(r.asString());
    assertTrue(m.find(), r.asString());
    String cookie = r.cookie(COOKIE);
    assertNotNull(cookie);
    return new Form(cookie, m.group(1));
  }

  static ValidatableResponse submit(Form f, String username, String password) {
    return admin()
        .cookie(COOKIE, f.cookie())
        .contentType(FORM)
        .formParam("csrf_token", f.token())
        .formParam("username", username)
        .formParam("password", password)
        .post(CREATE_UI)
        .then();
  }

  static String badRequest(ValidatableResponse r) {
    return r.statusCode(400).contentType("text/html").extract().asString();
  }

  @Test
  void adminSignsUpAUserWhoCanLogIn() {
    Form f = open();
    String name = unique("signup");
    submit(f, name, name + "-password")
        .statusCode(200)
        .contentType("text/html")
        .body(containsString("alert(\"Successfully signed up user: " + name + "\")"))
        .body(containsString("window.location.href = \"/\""));
    given()
        .auth()
        .preemptive()
        .basic(name, name + "-password")
        .get(API + "/users/current")
        .then()
        .statusCode(200)
        .body("user.username", equalTo(name))
        .body("user.is_admin", equalTo(false));
    // the same form again (the token stays good for its hour): the name is taken
    submit(f, name, "another-password-1")
        .statusCode(200)
        .body(containsString("alert(\"Username has already been taken: " + name + "\")"))
        .body(containsString("window.location.href = \"/signup\""));
  }

  @Test
  void namesAreEscapedInThePage() {
    String name = unique("x<b>\"'</script>");
    String page = submit(open(), name, "a-long-password").statusCode(200).extract().asString();
    assertTrue(!page.contains("<b>") && !page.contains("'</script>"), page);
  }

  @Test
  void csrfProtection() {
    Form f = open();
    String name = unique("csrf");
    String missing =
        badRequest(
            admin()
                .cookie(COOKIE, f.cookie())
                .contentType(FORM)
                .formParam("username", name)
                .formParam("password", "a-long-password")
                .post(CREATE_UI)
                .then());
    assertTrue(missing.contains("The CSRF token is missing."), missing);
    String noCookie =
        badRequest(
            admin()
                .contentType(FORM)
                .formParam("csrf_token", f.token())
                .formParam("username", name)
                .formParam("password", "a-long-password")
                .post(CREATE_UI)
                .then());
    assertTrue(noCookie.contains("The CSRF session token is missing."), noCookie);
    // a token with another browser's cookie, or altered
    Form other = open();
    String mixed = badRequest(submit(new Form(other.cookie(), f.token()), name, "a-long-password"));
    assertTrue(mixed.contains("The CSRF token is invalid."), mixed);
    String altered = badRequest(submit(new Form(f.cookie(), f.token() + "x"), name, "a-long-pw-1"));
    assertTrue(altered.contains("The CSRF token is invalid."), altered);
    // JSON: Flask-WTF finds no token in it first
    String json =
        badRequest(
            admin()
                .cookie(COOKIE, f.cookie())
                .contentType("application/json")
                .body(Map.of("username", name, "password", "a-long-password"))
                .post(CREATE_UI)
                .then());
    assertTrue(json.contains("The CSRF token is missing."), json);
    // the token in MLflow's header instead of the form
    admin()
        .cookie(COOKIE, f.cookie())
        .header("X-CSRFToken", f.token())
        .contentType(FORM)
        .formParam("username", name)
        .formParam("password", "a-long-password")
        .post(CREATE_UI)
        .then()
        .statusCode(200)
        .body(containsString("Successfully signed up user: " + name));
  }

  @Test
  void mlflowsAnswersToBadForms() {
    Form f = open();
    String charset =
        badRequest(
            admin()
                .cookie(COOKIE, f.cookie())
                .contentType(FORM + "; charset=UTF-8")
                .formParam("csrf_token", f.token())
                .formParam("username", unique("cs"))
                .formParam("password", "a-long-password")
                .post(CREATE_UI)
                .then());
    assertTrue(
        charset.contains("Invalid content type. Must be application/x-www-form-urlencoded"),
        charset);
    String empty = badRequest(submit(f, "", "a-long-password"));
    assertTrue(empty.contains("Username and password cannot be empty."), empty);
    assertError(
        submit(f, unique("short"), "short"),
        400,
        "INVALID_PARAMETER_VALUE",
        "Password must be at least 12 characters.");
  }

  @Test
  void onlyAdmins() {
    String name = unique("plain");
    admin()
        .contentType("application/json")
        .body(Map.of("username", name, "password", name + "-password"))
        .post(API + "/users/create")
        .then()
        .statusCode(200);
    RequestSpecification user = given().auth().preemptive().basic(name, name + "-password");
    user.get("/signup").then().statusCode(403).body(equalTo("Permission denied"));
    Form f = open();
    given()
        .auth()
        .preemptive()
        .basic(name, name + "-password")
        .config(NO_CHARSET)
        .cookie(COOKIE, f.cookie())
        .contentType(FORM)
        .formParam("csrf_token", f.token())
        .formParam("username", unique("by-user"))
        .formParam("password", "a-long-password")
        .post(CREATE_UI)
        .then()
        .statusCode(403);
    given()
        .get("/signup")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Basic realm=\"mlflow\"")
        .body(not(containsString("csrf_token")));
  }
}
