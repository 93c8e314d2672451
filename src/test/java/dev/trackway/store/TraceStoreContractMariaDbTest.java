package dev.trackway.store;

import dev.trackway.testing.Profiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The trace store contract on MariaDB. */
@QuarkusTest
@TestProfile(Profiles.MariaDb.class)
class TraceStoreContractMariaDbTest extends AbstractTraceStoreContractTest {
  /**
   * MySQL evaluates SET assignments left to right, so MLflow's duration expression sees the new
   * start time (verified against MLflow's server on MariaDB).
   */
  @Override
  protected long mergedDurationOfLateEarlierChild() {
    return 9000;
  }
}
