package dev.trackway.store;

import dev.trackway.testing.Profiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The store contract on MariaDB (the MySQL server Debian ships). */
@QuarkusTest
@TestProfile(Profiles.MariaDb.class)
class StoreContractMariaDbTest extends AbstractStoreContractTest {}
