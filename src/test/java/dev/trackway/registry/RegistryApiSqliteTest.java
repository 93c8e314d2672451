package dev.trackway.registry;

import dev.trackway.testing.SqliteDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The registry and logged-model wire tests on SQLite, MLflow's default backend. */
@QuarkusTest
@QuarkusTestResource(SqliteDatabase.class)
class RegistryApiSqliteTest extends AbstractRegistryApiTest {}
