package dev.trackway.api;

import dev.trackway.testing.Profiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The tracking wire tests on MariaDB (the MySQL server Debian ships). */
@QuarkusTest
@TestProfile(Profiles.MariaDb.class)
class TrackingApiMariaDbTest extends AbstractTrackingApiTest {}
