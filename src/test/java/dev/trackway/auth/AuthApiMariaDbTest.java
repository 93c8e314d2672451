package dev.trackway.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Access control on MariaDB (tracking and auth databases). */
@QuarkusTest
@TestProfile(AuthProfiles.MariaDb.class)
class AuthApiMariaDbTest extends AbstractAuthApiTest {}
