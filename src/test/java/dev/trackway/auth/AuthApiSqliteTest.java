package dev.trackway.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Access control on SQLite (tracking and auth databases). */
@QuarkusTest
@TestProfile(AuthProfiles.Sqlite.class)
class AuthApiSqliteTest extends AbstractAuthApiTest {}
