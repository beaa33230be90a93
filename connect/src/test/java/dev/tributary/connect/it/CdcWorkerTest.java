package dev.tributary.connect.it;

import dev.tributary.testsupport.TestCdcWorker;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every CDC IT of this package holds: a temporary directory for the worker's mapping file and
 * the worker it started, stopped after each test. Not a test itself (failsafe runs {@code *IT}).
 */
abstract class CdcWorkerTest {

  @TempDir
  Path dir;
  /** The worker a test started last; a test replaces it when it restarts the worker. */
  TestCdcWorker worker;

  @AfterEach
  void stopWorker() {
    if (worker != null) {
      worker.stop();
    }
  }
}
