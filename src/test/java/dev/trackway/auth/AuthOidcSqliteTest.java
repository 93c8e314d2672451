package dev.trackway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackway.testing.SqliteDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * OIDC bearer tokens beside HTTP Basic: tokens signed by the test key (verified by quarkus-oidc
 * with {@code quarkus.oidc.public-key}) name users by {@code preferred_username}; their {@code
 * groups} bring the roles {@code group:<name>}; the admin group makes admins.
 */
@QuarkusTest
@TestProfile(AuthOidcSqliteTest.Oidc.class)
class AuthOidcSqliteTest {
  static final String API = "/api/2.0/mlflow";

  public static class Oidc implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      String pem = resource("auth/oidc-test-public.pem");
      return Map.of(
          "mlflow.trackway.auth.oidc.enabled", "true",
          "mlflow.trackway.auth.oidc.admin-group", "mlflow-admins",
          "quarkus.oidc.public-key", pemBody(pem));
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(
          new TestResourceEntry(SqliteDatabase.class), new TestResourceEntry(AuthIni.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
      return true;
    }
  }

  static String resource(String name) {
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pemBody(String pem) {
    return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
  }

  /** An RS256 token of the test key. */
  static String token(String username, List<String> groups, long expiresIn) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    ObjectMapper json = new ObjectMapper();
    long now = System.currentTimeMillis() / 1000;
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", "https://issuer.test");
    claims.put("sub", UUID.randomUUID().toString());
    claims.put("preferred_username", username);
    claims.put("groups", groups);
    claims.put("iat", now);
    claims.put("exp", now + expiresIn);
    String signingInput =
        b64.encodeToString(json.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT")))
            + "."
            + b64.encodeToString(json.writeValueAsBytes(claims));
    PrivateKey key =
        KeyFactory.getInstance("RSA")
            .generatePrivate(
                new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(pemBody(resource("auth/oidc-test-private.pem")))));
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(key);
    s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + b64.encodeToString(s.sign());
  }

  static String unique(String p) {
    return p + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void tokensNameUsersAndCreateThem() throws Exception {
    String user = unique("tok");
    given()
        .header("Authorization", "Bearer " + token(user, List.of(), 300))
        .get(API + "/users/current")
        .then()
        .statusCode(200)
        .body("user.username", equalTo(user))
        .body("user.is_admin", equalTo(false))
        .body("is_basic_auth", equalTo(false));
    // the user exists now; an admin sees it
    given()
        .auth()
        .preemptive()
        .basic("admin", AuthIni.ADMIN_PASSWORD)
        .queryParam("username", user)
        .get(API + "/users/get")
        .then()
        .statusCode(200);
  }

  @Test
  void badTokensAreUnauthenticated() throws Exception {
    List<String> challenges =
        given()
            .header("Authorization", "Bearer not-a-jwt")
            .get(API + "/users/current")
            .then()
            .statusCode(401)
            .extract()
            .headers()
            .getValues("WWW-Authenticate");
    // the browser's Basic prompt first, then the token scheme
    org.junit.jupiter.api.Assertions.assertEquals(
        List.of("Basic realm=\"mlflow\"", "Bearer"), challenges);
    given()
        .header("Authorization", "Bearer " + token(unique("old"), List.of(), -3600))
        .get(API + "/users/current")
        .then()
        .statusCode(401);
    String forged = token(unique("x"), List.of(), 300);
    forged = forged.substring(0, forged.length() - 4) + "AAAA";
    given()
        .header("Authorization", "Bearer " + forged)
        .get(API + "/users/current")
        .then()
        .statusCode(401);
  }

  @Test
  void groupsBringTheirRolesAndTheAdminGroupAdmins() throws Exception {
    String exp =
        given()
            .auth()
            .preemptive()
            .basic("admin", AuthIni.ADMIN_PASSWORD)
            .contentType(ContentType.JSON)
            .body(Map.of("name", unique("e")))
            .post(API + "/experiments/create")
            .then()
            .statusCode(200)
            .extract()
            .path("experiment_id");
    String group = unique("readers");
    int role =
        given()
            .auth()
            .preemptive()
            .basic("admin", AuthIni.ADMIN_PASSWORD)
            .contentType(ContentType.JSON)
            .body(Map.of("workspace", "default", "name", "group:" + group))
            .post("/api/3.0/mlflow/roles/create")
            .then()
            .statusCode(200)
            .extract()
            .path("role.id");
    given()
        .auth()
        .preemptive()
        .basic("admin", AuthIni.ADMIN_PASSWORD)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "role_id", role,
                "resource_type", "experiment",
                "resource_pattern", "*",
                "permission", "READ"))
        .post("/api/3.0/mlflow/roles/permissions/add")
        .then()
        .statusCode(200);
    String user = unique("grp");
    given()
        .header("Authorization", "Bearer " + token(user, List.of(), 300))
        .queryParam("experiment_id", exp)
        .get(API + "/experiments/get")
        .then()
        .statusCode(403);
    given()
        .header("Authorization", "Bearer " + token(user, List.of(group), 300))
        .queryParam("experiment_id", exp)
        .get(API + "/experiments/get")
        .then()
        .statusCode(200);
    given()
        .header("Authorization", "Bearer " + token(user, List.of("mlflow-admins"), 300))
        .get(API + "/users/current")
        .then()
        .statusCode(200)
        .body("user.is_admin", equalTo(true));
  }
}
