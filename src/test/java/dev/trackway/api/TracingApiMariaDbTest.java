package dev.trackway.api;

import dev.trackway.testing.Profiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The tracing wire tests on MariaDB. */
@QuarkusTest
@TestProfile(Profiles.MariaDb.class)
class TracingApiMariaDbTest extends AbstractTracingApiTest {}
