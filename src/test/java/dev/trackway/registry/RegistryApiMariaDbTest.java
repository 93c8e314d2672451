package dev.trackway.registry;

import dev.trackway.testing.Profiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The registry and logged-model wire tests on MariaDB (the MySQL server Debian ships). */
@QuarkusTest
@TestProfile(Profiles.MariaDb.class)
class RegistryApiMariaDbTest extends AbstractRegistryApiTest {}
