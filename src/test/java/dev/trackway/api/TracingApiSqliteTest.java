package dev.trackway.api;

import dev.trackway.testing.SqliteDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The tracing wire tests on SQLite. */
@QuarkusTest
@QuarkusTestResource(SqliteDatabase.class)
class TracingApiSqliteTest extends AbstractTracingApiTest {}
