package dev.trackway.api;

import dev.trackway.testing.SqliteDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The tracking wire tests on SQLite, MLflow's default backend. */
@QuarkusTest
@QuarkusTestResource(SqliteDatabase.class)
class TrackingApiSqliteTest extends AbstractTrackingApiTest {}
