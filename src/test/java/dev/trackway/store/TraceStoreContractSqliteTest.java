package dev.trackway.store;

import dev.trackway.testing.SqliteDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The trace store contract on SQLite. */
@QuarkusTest
@QuarkusTestResource(SqliteDatabase.class)
class TraceStoreContractSqliteTest extends AbstractTraceStoreContractTest {
  /** SQLite evaluates MLflow's SET expressions on the old row: the old end is kept. */
  @Override
  protected long mergedDurationOfLateEarlierChild() {
    return 9100;
  }
}
