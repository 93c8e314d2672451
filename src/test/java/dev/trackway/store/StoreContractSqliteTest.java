package dev.trackway.store;

import dev.trackway.testing.SqliteDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The store contract on SQLite. */
@QuarkusTest
@QuarkusTestResource(SqliteDatabase.class)
class StoreContractSqliteTest extends AbstractStoreContractTest {}
