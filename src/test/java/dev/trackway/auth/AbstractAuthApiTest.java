package dev.trackway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trackway.testing.AbstractApiTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MLflow 3.18's basic-auth app over HTTP (default permission NO_PERMISSIONS, see {@link AuthIni}):
 * authentication, the users API, per-user grants and roles, the per-endpoint rules and the
 * filtered, fully paged searches. Each test makes its own users.
 */
public abstract class AbstractAuthApiTest extends AbstractApiTest {
  static final String V3 = "/api/3.0/mlflow";
  static final String ADMIN = "admin";
  static final String DENIED = "Permission denied";

  // ------------------------------------------------------------------ helpers

  static String password(String user) {
    return user.equals(ADMIN) ? AuthIni.ADMIN_PASSWORD : user + "-password";
  }

  static RequestSpecification as(String user) {
    return given().auth().preemptive().basic(user, password(user));
  }

  static ValidatableResponse post(String user, String path, Object body) {
    return as(user).contentType(ContentType.JSON).body(body).when().post(path).then();
  }

  static ValidatableResponse patch(String user, String path, Object body) {
    return as(user).contentType(ContentType.JSON).body(body).when().patch(path).then();
  }

  static ValidatableResponse delete(String user, String path, Object body) {
    return as(user).contentType(ContentType.JSON).body(body).when().delete(path).then();
  }

  static ValidatableResponse get(String user, String path, Map<String, ?> query) {
    return as(user).queryParams(query).when().get(path).then();
  }

  /** A new non-admin user; its password is {@link #password}. */
  static String newUser(String prefix) {
    String name = unique(prefix);
    post(ADMIN, API + "/users/create", Map.of("username", name, "password", password(name)))
        .statusCode(200)
        .body("user.username", equalTo(name))
        .body("user.is_admin", equalTo(false));
    return name;
  }

  static String newExperiment(String user) {
    return post(user, API + "/experiments/create", Map.of("name", unique("exp")))
        .statusCode(200)
        .extract()
        .path("experiment_id");
  }

  static String newRun(String user, String experimentId) {
    return post(
            user, API + "/runs/create", Map.of("experiment_id", experimentId, "start_time", 1000))
        .statusCode(200)
        .extract()
        .path("run.info.run_id");
  }

  static void grant(String by, String user, String type, String id, String permission) {
    post(
            by,
            V3 + "/users/permissions/grant",
            Map.of(
                "username",
                user,
                "resource_type",
                type,
                "resource_id",
                id,
                "permission",
                permission))
        .statusCode(200);
  }

  static void denied(ValidatableResponse r) {
    r.statusCode(403).contentType(startsWith("text/html")).body(equalTo(DENIED));
  }

  // ------------------------------------------------------------------ authentication

  @Test
  void anonymousRequestsAreChallenged() {
    given()
        .when()
        .get(API + "/experiments/search?max_results=1")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Basic realm=\"mlflow\"")
        .body(org.hamcrest.Matchers.startsWith("You are not authenticated."));
    // the UI too, and unknown paths
    given().when().get("/").then().statusCode(401);
    given().when().get("/no/such/path").then().statusCode(401);
  }

  @Test
  void wrongPasswordsAndUnknownUsersAreUnauthenticated() {
    String u = newUser("pw");
    given()
        .auth()
        .preemptive()
        .basic(u, "wrong-password-1")
        .get(API + "/users/current")
        .then()
        .statusCode(401);
    given()
        .auth()
        .preemptive()
        .basic("nobody-here", "x")
        .get(API + "/users/current")
        .then()
        .statusCode(401);
    given()
        .header("Authorization", "Bearer abc")
        .get(API + "/users/current")
        .then()
        .statusCode(401);
  }

  @Test
  void publicRoutesNeedNoCredentials() {
    given().when().get("/health").then().statusCode(200);
    given().when().get("/api/3.0/mlflow/server-info").then().statusCode(not(equalTo(401)));
  }

  // ------------------------------------------------------------------ users API

  @Test
  void usersApi() {
    String u = newUser("alice");
    get(u, API + "/users/current", Map.of())
        .statusCode(200)
        .body("user.username", equalTo(u))
        .body("is_basic_auth", equalTo(true));
    get(u, API + "/users/get", Map.of("username", u))
        .statusCode(200)
        .body("user.username", equalTo(u));
    // others' users: admin or self only
    String other = newUser("other");
    denied(get(u, API + "/users/get", Map.of("username", other)));
    // duplicate, short password
    assertError(
        post(ADMIN, API + "/users/create", Map.of("username", u, "password", "long-enough-pw")),
        400,
        "RESOURCE_ALREADY_EXISTS",
        "User (username=" + u + ") already exists.");
    assertError(
        post(ADMIN, API + "/users/create", Map.of("username", unique("s"), "password", "short")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Password must be at least 12 characters.");
    // non-admins create no users
    denied(
        post(
            u,
            API + "/users/create",
            Map.of("username", unique("x"), "password", "long-enough-pw")));
    assertError(
        get(ADMIN, API + "/users/get", Map.of("username", "ghost-user")),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "User with username=ghost-user not found");
    get(u, API + "/users/list", Map.of()).statusCode(200).body("users.username", hasItem(other));
  }

  @Test
  void passwordChangesAndAdminFlagAndDeletion() {
    String u = newUser("bob");
    // own password: the current one is required
    assertError(
        patch(
            u,
            API + "/users/update-password",
            Map.of("username", u, "password", "new-password-12")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Current password is required");
    patch(
            u,
            API + "/users/update-password",
            Map.of("username", u, "password", "new-password-12", "current_password", password(u)))
        .statusCode(200);
    get(u, API + "/users/current", Map.of()).statusCode(401);
    given()
        .auth()
        .preemptive()
        .basic(u, "new-password-12")
        .get(API + "/users/current")
        .then()
        .statusCode(200);
    // the admin resets it (no current password)
    patch(ADMIN, API + "/users/update-password", Map.of("username", u, "password", password(u)))
        .statusCode(200);
    get(u, API + "/users/current", Map.of()).statusCode(200);
    // admin flag: only admins change it
    denied(patch(u, API + "/users/update-admin", Map.of("username", u, "is_admin", true)));
    String exp = newExperiment(ADMIN);
    denied(get(u, API + "/experiments/get", Map.of("experiment_id", exp)));
    patch(ADMIN, API + "/users/update-admin", Map.of("username", u, "is_admin", true))
        .statusCode(200);
    get(u, API + "/experiments/get", Map.of("experiment_id", exp)).statusCode(200);
    get(u, API + "/users/current", Map.of()).body("user.is_admin", equalTo(true));
    patch(ADMIN, API + "/users/update-admin", Map.of("username", u, "is_admin", false))
        .statusCode(200);
    denied(get(u, API + "/experiments/get", Map.of("experiment_id", exp)));
    // deletion: not oneself; the deleted user is unknown at once
    assertError(
        delete(ADMIN, API + "/users/delete", Map.of("username", ADMIN)),
        400,
        "BAD_REQUEST",
        "Users cannot delete their own account");
    delete(ADMIN, API + "/users/delete", Map.of("username", u)).statusCode(200);
    get(u, API + "/users/current", Map.of()).statusCode(401);
  }

  // ------------------------------------------------------------------ experiments and runs

  @Test
  void experimentPermissionLevels() {
    String alice = newUser("alice");
    String bob = newUser("bob");
    String exp = newExperiment(alice);
    String run = newRun(alice, exp);
    // default NO_PERMISSIONS: nothing of alice's
    denied(get(bob, API + "/experiments/get", Map.of("experiment_id", exp)));
    denied(get(bob, API + "/runs/get", Map.of("run_id", run)));
    // the creator got MANAGE
    get(
            alice,
            V3 + "/users/permissions/get",
            Map.of("username", alice, "resource_type", "experiment", "resource_id", exp))
        .statusCode(200)
        .body("permission", equalTo("MANAGE"))
        .body("allowed", equalTo(true));
    // READ: reads, no writes
    grant(alice, bob, "experiment", exp, "READ");
    get(bob, API + "/experiments/get", Map.of("experiment_id", exp)).statusCode(200);
    get(bob, API + "/runs/get", Map.of("run_id", run)).statusCode(200);
    denied(
        post(
            bob,
            API + "/runs/log-metric",
            Map.of("run_id", run, "key", "m", "value", 1.0, "timestamp", 1, "step", 0)));
    denied(
        post(
            bob,
            API + "/experiments/set-experiment-tag",
            Map.of("experiment_id", exp, "key", "k", "value", "v")));
    // a second grant of the same resource is refused
    assertError(
        post(
            alice,
            V3 + "/users/permissions/grant",
            Map.of(
                "username",
                bob,
                "resource_type",
                "experiment",
                "resource_id",
                exp,
                "permission",
                "EDIT")),
        400,
        "RESOURCE_ALREADY_EXISTS",
        "already exists");
    // EDIT: writes, no deletes
    post(
            alice,
            V3 + "/users/permissions/revoke",
            Map.of("username", bob, "resource_type", "experiment", "resource_id", exp))
        .statusCode(200);
    grant(alice, bob, "experiment", exp, "EDIT");
    post(
            bob,
            API + "/runs/log-metric",
            Map.of("run_id", run, "key", "m", "value", 1.0, "timestamp", 1, "step", 0))
        .statusCode(200);
    post(
            bob,
            API + "/experiments/set-experiment-tag",
            Map.of("experiment_id", exp, "key", "k", "value", "v"))
        .statusCode(200);
    denied(post(bob, API + "/runs/delete", Map.of("run_id", run)));
    denied(post(bob, API + "/experiments/delete", Map.of("experiment_id", exp)));
    // bob cannot pass his access on (needs MANAGE)
    String carol = newUser("carol");
    denied(
        post(
            bob,
            V3 + "/users/permissions/grant",
            Map.of(
                "username",
                carol,
                "resource_type",
                "experiment",
                "resource_id",
                exp,
                "permission",
                "READ")));
    // DENY vetoes
    post(
            alice,
            V3 + "/users/permissions/revoke",
            Map.of("username", bob, "resource_type", "experiment", "resource_id", exp))
        .statusCode(200);
    grant(alice, bob, "experiment", exp, "DENY");
    denied(get(bob, API + "/experiments/get", Map.of("experiment_id", exp)));
    // MANAGE: deletes
    post(
            alice,
            V3 + "/users/permissions/revoke",
            Map.of("username", bob, "resource_type", "experiment", "resource_id", exp))
        .statusCode(200);
    grant(alice, bob, "experiment", exp, "MANAGE");
    post(bob, API + "/runs/delete", Map.of("run_id", run)).statusCode(200);
    // missing resources are not revealed
    denied(get(bob, API + "/experiments/get", Map.of("experiment_id", "987654")));
    get(ADMIN, API + "/experiments/get", Map.of("experiment_id", "987654")).statusCode(404);
  }

  @Test
  void proxiedArtifactsFollowTheExperiment() {
    String alice = newUser("alice");
    String bob = newUser("bob");
    String exp = newExperiment(alice);
    String run = newRun(alice, exp);
    String path = "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + run + "/artifacts/a.txt";
    as(alice).body("hello").when().put(path).then().statusCode(200);
    // MLflow serves these from FastAPI: its 403 is text/plain
    as(bob)
        .when()
        .get(path)
        .then()
        .statusCode(403)
        .contentType(startsWith("text/plain"))
        .body(equalTo(DENIED));
    as(bob).body("evil").when().put(path).then().statusCode(403);
    grant(alice, bob, "experiment", exp, "EDIT");
    as(bob).when().get(path).then().statusCode(200).body(equalTo("hello"));
    as(bob).body("edited").when().put(path).then().statusCode(200);
    // deleting artifacts needs MANAGE
    as(bob).when().delete(path).then().statusCode(403);
    as(alice).when().delete(path).then().statusCode(200);
    // run artifacts listing (REST) follows run read
    get(bob, API + "/artifacts/list", Map.of("run_id", run)).statusCode(200);
  }

  /** MLflow's per-field GraphQL authorization: a denied field is null, HTTP 200. */
  @Test
  void graphqlFieldsTheCallerMayNotReadAreNull() {
    String alice = newUser("alice");
    String bob = newUser("bob");
    String exp = newExperiment(alice);
    String run = newRun(alice, exp);
    String getExp =
        "query { mlflowGetExperiment(input: {experimentId: \""
            + exp
            + "\"}) {"
            + " experiment { experimentId } } }";
    String getRun =
        "query { mlflowGetRun(input: {runId: \"" + run + "\"}) { run { info { runId } } } }";
    post(alice, "/graphql", Map.of("query", getExp))
        .statusCode(200)
        .body("data.mlflowGetExperiment.experiment.experimentId", equalTo(exp));
    post(bob, "/graphql", Map.of("query", getExp))
        .statusCode(200)
        .body("data.mlflowGetExperiment", nullValue());
    post(bob, "/graphql", Map.of("query", getRun))
        .statusCode(200)
        .body("data.mlflowGetRun", nullValue());
    grant(alice, bob, "experiment", exp, "READ");
    post(bob, "/graphql", Map.of("query", getRun))
        .statusCode(200)
        .body("data.mlflowGetRun.run.info.runId", equalTo(run));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("query", getExp))
        .post("/graphql")
        .then()
        .statusCode(401);
  }

  @Test
  void tracesFollowTheirExperiment() {
    String alice = newUser("alice");
    String bob = newUser("bob");
    String exp = newExperiment(alice);
    String id = "tr-" + java.util.UUID.randomUUID().toString().replace("-", "");
    Map<String, Object> info =
        Map.of(
            "trace_id", id,
            "trace_location",
                Map.of(
                    "type", "MLFLOW_EXPERIMENT", "mlflow_experiment", Map.of("experiment_id", exp)),
            "request_time", "2026-11-29T14:20:24.300Z",
            "execution_duration", "1s",
            "state", "OK");
    denied(post(bob, V3 + "/traces", Map.of("trace", Map.of("trace_info", info))));
    post(alice, V3 + "/traces", Map.of("trace", Map.of("trace_info", info))).statusCode(200);
    get(alice, V3 + "/traces/" + id, Map.of()).statusCode(200);
    denied(get(bob, V3 + "/traces/" + id, Map.of()));
    grant(alice, bob, "experiment", exp, "READ");
    get(bob, V3 + "/traces/" + id, Map.of()).statusCode(200);
  }

  @Test
  void genAiListingsFollowTheExperiment() {
    String alice = newUser("alice");
    String bob = newUser("bob");
    String exp = newExperiment(alice);
    denied(get(bob, V3 + "/scorers/list", Map.of("experiment_id", exp)));
    denied(post(bob, V3 + "/issues/search", Map.of("experiment_id", exp)));
    denied(post(bob, V3 + "/datasets/search", Map.of("experiment_ids", List.of(exp))));
    // MLflow: no experiment named is a cross-experiment scorer listing (rows filtered after),
    // while issue and evaluation-dataset searches must name readable experiments
    get(bob, V3 + "/scorers/list", Map.of()).statusCode(200);
    denied(post(bob, V3 + "/issues/search", Map.of()));
    denied(post(bob, V3 + "/datasets/search", Map.of()));
    grant(alice, bob, "experiment", exp, "READ");
    get(bob, V3 + "/scorers/list", Map.of("experiment_id", exp)).statusCode(200);
    post(bob, V3 + "/issues/search", Map.of("experiment_id", exp)).statusCode(200);
    post(bob, V3 + "/datasets/search", Map.of("experiment_ids", List.of(exp))).statusCode(200);
  }

  @Test
  void unknownRoutesAreClosedToNonAdmins() {
    String u = newUser("u");
    denied(get(u, "/no/such/route", Map.of()));
    get(ADMIN, "/no/such/route", Map.of()).statusCode(404);
    // MLflow's HTML sign-up form: admins only (SignupSqliteTest)
    denied(get(u, "/signup", Map.of()));
    denied(post(u, API + "/users/create-ui", Map.of()));
    // the 3.17 per-resource permission routes are gone in 3.18
    denied(post(u, API + "/experiments/permissions/create", Map.of()));
  }

  // ------------------------------------------------------------------ search filtering

  @Test
  void experimentSearchShowsOnlyReadableInFullPages() {
    String owner = newUser("owner");
    String reader = newUser("reader");
    String tag = unique("t");
    List<String> readable = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String id =
          post(
                  owner,
                  API + "/experiments/create",
                  Map.of(
                      "name", unique("e"), "tags", List.of(Map.of("key", "batch", "value", tag))))
              .statusCode(200)
              .extract()
              .<String>path("experiment_id");
      if (i % 3 == 0) {
        grant(owner, reader, "experiment", id, "READ");
        readable.add(id);
      }
    }
    String filter = "tags.batch = '" + tag + "'";
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Map<String, Object> q = new HashMap<>(Map.of("max_results", 2, "filter", filter));
      if (token != null) {
        q.put("page_token", token);
      }
      var page = get(reader, API + "/experiments/search", q).statusCode(200).extract().jsonPath();
      List<String> ids = page.getList("experiments.experiment_id");
      seen.addAll(ids == null ? List.of() : ids);
      token = page.getString("next_page_token");
      pages++;
      if (token != null && !token.isEmpty()) {
        assertEquals(2, ids.size(), "a page before the last is full");
      }
    } while (token != null && !token.isEmpty());
    assertTrue(pages <= 2, "4 readable of 10 in pages of 2");
    assertEquals(readable.size(), seen.size());
    assertTrue(seen.containsAll(readable));
  }

  /** The case, scaled down: 3 readable of many, one full page, no next page. */
  @Test
  void threeReadableOfManyComeInOnePage() {
    String owner = newUser("owner");
    String reader = newUser("reader");
    String tag = unique("t");
    List<String> all = new ArrayList<>();
    List<String> readableRuns = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String id =
          post(
                  owner,
                  API + "/experiments/create",
                  Map.of(
                      "name", unique("e"), "tags", List.of(Map.of("key", "batch", "value", tag))))
              .statusCode(200)
              .extract()
              .<String>path("experiment_id");
      all.add(id);
      String run = newRun(owner, id);
      if (i == 5 || i == 20 || i == 39) {
        grant(owner, reader, "experiment", id, "READ");
        readableRuns.add(run);
      }
    }
    var runs =
        post(reader, API + "/runs/search", Map.of("experiment_ids", all, "max_results", 3))
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(readableRuns.size(), runs.getList("runs").size());
    assertTrue(runs.getList("runs.info.run_id").containsAll(readableRuns));
    assertTrue(
        runs.getString("next_page_token") == null || runs.getString("next_page_token").isEmpty());
    var exps =
        get(
                reader,
                API + "/experiments/search",
                Map.of("max_results", 3, "filter", "tags.batch = '" + tag + "'"))
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(3, exps.getList("experiments").size());
    assertTrue(
        exps.getString("next_page_token") == null || exps.getString("next_page_token").isEmpty());
  }

  @Test
  void runSearchShowsOnlyReadableExperiments() {
    String alice = newUser("alice");
    String bob = newUser("bob");
    String aliceExp = newExperiment(alice);
    String bobExp = newExperiment(bob);
    newRun(alice, aliceExp);
    String bobRun = newRun(bob, bobExp);
    post(bob, API + "/runs/search", Map.of("experiment_ids", List.of(aliceExp, bobExp)))
        .statusCode(200)
        .body("runs.info.run_id", containsInAnyOrder(bobRun));
    post(bob, API + "/runs/search", Map.of("experiment_ids", List.of(aliceExp)))
        .statusCode(200)
        .body("runs", nullValue());
  }

  @Test
  void registeredModelSearchAndPermissions() {
    String alice = newUser("alice");
    String bob = newUser("bob");
    String prefix = unique("rm");
    for (int i = 0; i < 5; i++) {
      post(alice, API + "/registered-models/create", Map.of("name", prefix + "-a" + i))
          .statusCode(200);
    }
    post(bob, API + "/registered-models/create", Map.of("name", prefix + "-b")).statusCode(200);
    grant(alice, bob, "registered_model", prefix + "-a3", "READ");
    denied(get(bob, API + "/registered-models/get", Map.of("name", prefix + "-a1")));
    get(bob, API + "/registered-models/get", Map.of("name", prefix + "-a3")).statusCode(200);
    denied(
        patch(
            bob,
            API + "/registered-models/update",
            Map.of("name", prefix + "-a3", "description", "x")));
    // one model per page, only the readable two, no empty page
    String filter = "name LIKE '" + prefix + "%'";
    var p1 =
        get(bob, API + "/registered-models/search", Map.of("max_results", 1, "filter", filter))
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(1, p1.getList("registered_models").size());
    String token = p1.getString("next_page_token");
    var p2 =
        get(
                bob,
                API + "/registered-models/search",
                Map.of("max_results", 1, "filter", filter, "page_token", token))
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(1, p2.getList("registered_models").size());
    List<String> names = new ArrayList<>(p1.getList("registered_models.name"));
    names.addAll(p2.getList("registered_models.name"));
    assertTrue(names.containsAll(List.of(prefix + "-a3", prefix + "-b")), names.toString());
    String t2 = p2.getString("next_page_token");
    if (t2 != null && !t2.isEmpty()) {
      get(
              bob,
              API + "/registered-models/search",
              Map.of("max_results", 1, "filter", filter, "page_token", t2))
          .statusCode(200)
          .body("registered_models", nullValue());
    }
    // model versions: only those of readable models, in full pages
    for (String m : List.of(prefix + "-a1", prefix + "-a3", prefix + "-b")) {
      String owner = m.endsWith("-b") ? bob : alice;
      post(owner, API + "/model-versions/create", Map.of("name", m, "source", "s3://b/" + m))
          .statusCode(200);
    }
    get(bob, API + "/model-versions/search", Map.of("filter", filter, "max_results", 10))
        .statusCode(200)
        .body("model_versions.name", containsInAnyOrder(prefix + "-a3", prefix + "-b"));
    get(bob, API + "/model-versions/get", Map.of("name", prefix + "-a3", "version", "1"))
        .statusCode(200);
    denied(get(bob, API + "/model-versions/get", Map.of("name", prefix + "-a1", "version", "1")));
    denied(
        post(
            bob,
            API + "/model-versions/create",
            Map.of("name", prefix + "-a3", "source", "s3://b/x")));
    // model '*' is reserved, for admins too
    assertError(
        post(ADMIN, API + "/registered-models/create", Map.of("name", "*")),
        400,
        "INVALID_PARAMETER_VALUE",
        "reserved");
    // deleting the model drops its grants: a re-created one is not bob's to read
    delete(alice, API + "/registered-models/delete", Map.of("name", prefix + "-a3"))
        .statusCode(200);
    post(alice, API + "/registered-models/create", Map.of("name", prefix + "-a3")).statusCode(200);
    denied(get(bob, API + "/registered-models/get", Map.of("name", prefix + "-a3")));
  }

  // ------------------------------------------------------------------ roles

  @Test
  void rolesGrantToTheirMembers() {
    String carol = newUser("carol");
    String exp = newExperiment(ADMIN);
    denied(get(carol, API + "/experiments/get", Map.of("experiment_id", exp)));
    String name = unique("readers");
    int role =
        post(
                ADMIN,
                V3 + "/roles/create",
                Map.of("workspace", "default", "name", name, "description", "can read"))
            .statusCode(200)
            .body("role.name", equalTo(name))
            .body("role.workspace", equalTo("default"))
            .extract()
            .path("role.id");
    post(
            ADMIN,
            V3 + "/roles/permissions/add",
            Map.of(
                "role_id",
                role,
                "resource_type",
                "experiment",
                "resource_pattern",
                "*",
                "permission",
                "READ"))
        .statusCode(200)
        .body("role_permission.permission", equalTo("READ"));
    post(ADMIN, V3 + "/roles/assign", Map.of("username", carol, "role_id", role)).statusCode(200);
    get(ADMIN, V3 + "/roles/users/list", Map.of("role_id", role))
        .statusCode(200)
        .body("assignments.role_id", hasItem(role));
    get(ADMIN, V3 + "/users/roles/list", Map.of("username", carol))
        .statusCode(200)
        .body("roles.name", hasItem(name));
    int permissionId =
        get(ADMIN, V3 + "/roles/permissions/list", Map.of("role_id", role))
            .statusCode(200)
            .body("role_permissions.resource_pattern", hasItem("*"))
            .extract()
            .path("role_permissions[0].id");
    patch(
            ADMIN,
            V3 + "/roles/permissions/update",
            Map.of("role_permission_id", permissionId, "permission", "EDIT"))
        .statusCode(200)
        .body("role_permission.permission", equalTo("EDIT"));
    patch(ADMIN, V3 + "/roles/update", Map.of("role_id", role, "description", "can edit"))
        .statusCode(200)
        .body("role.description", equalTo("can edit"));
    get(carol, API + "/experiments/get", Map.of("experiment_id", exp)).statusCode(200);
    // EDIT through the role
    post(
            carol,
            API + "/experiments/set-experiment-tag",
            Map.of("experiment_id", exp, "key", "k", "value", "v"))
        .statusCode(200);
    get(carol, V3 + "/users/current/permissions", Map.of())
        .statusCode(200)
        .body("permissions.role_name", hasItem(name));
    // non-admins manage no roles
    denied(post(carol, V3 + "/roles/create", Map.of("workspace", "default", "name", unique("x"))));
    assertError(
        post(ADMIN, V3 + "/roles/create", Map.of("workspace", "default", "name", name)),
        400,
        "RESOURCE_ALREADY_EXISTS",
        "already exists");
    delete(ADMIN, V3 + "/roles/unassign", Map.of("username", carol, "role_id", role))
        .statusCode(200);
    denied(get(carol, API + "/experiments/get", Map.of("experiment_id", exp)));
    delete(ADMIN, V3 + "/roles/delete", Map.of("role_id", role)).statusCode(200);
    get(ADMIN, V3 + "/roles/get", Map.of("role_id", role)).statusCode(404);
  }

  @Test
  void grantValidation() {
    String u = newUser("u");
    assertError(
        post(
            ADMIN,
            V3 + "/users/permissions/grant",
            Map.of(
                "username",
                u,
                "resource_type",
                "experiment",
                "resource_id",
                "1",
                "permission",
                "BOGUS")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Invalid permission 'BOGUS'");
    assertError(
        post(
            ADMIN,
            V3 + "/users/permissions/grant",
            Map.of(
                "username",
                u,
                "resource_type",
                "widget",
                "resource_id",
                "1",
                "permission",
                "READ")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Invalid resource type 'widget'");
    get(
            u,
            V3 + "/users/permissions/get",
            Map.of("username", u, "resource_type", "experiment", "resource_id", "424242"))
        .statusCode(200)
        .body("permission", equalTo("NO_PERMISSIONS"))
        .body("allowed", equalTo(false));
    get(u, V3 + "/users/permissions/list", Map.of("username", u))
        .statusCode(200)
        .body("permissions", not(emptyOrNullString()));
  }
}
