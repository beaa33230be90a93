package dev.tributary.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connect.app.Main;
import dev.tributary.events.RawEvent;
import dev.tributary.localstack.component.PostgresProcess;
import dev.tributary.testsupport.TestCdcWorker;
import dev.tributary.testsupport.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CDC across a crash of the database (about 100 s, so outside the 15-minute {@code ./mvnw verify}: the
 * connect pom's failsafe excludes it; run it by name,
 * {@code ./mvnw -pl connect -am verify -Dit.test=PostgresKillCdcIT -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false}).
 * PostgreSQL itself is killed with SIGKILL (server and backends) while the worker streams, restarted
 * from its data directory, and the changes committed before and after the kill land on the raw topic
 * exactly once. {@link PostgresCdcIT} (in the suite) kills the worker instead.
 */
class PostgresKillCdcIT extends CdcWorkerTest {

  @Test
  void shouldKeepEventsExactlyOnceAcrossAPostgresKill() throws Exception {
    CdcRun run = CdcRun.create();
    PostgresProcess postgres = run.shop();
    worker = TestCdcWorker.start(Main.class, run.settings(postgres, dir), CdcRun.logFile("connect-pg-kill"));
    CdcRun.sql(postgres, "INSERT INTO orders (customer_id, amount, status) VALUES ('c1', 10.00, 'new')");
    CdcRun.sql(postgres, "INSERT INTO orders (customer_id, amount, status) VALUES ('c2', 20.00, 'new')");
    run.awaitEvents(2);

    postgres.kill();
    postgres = TestPostgres.restart(postgres);
    CdcRun.sql(postgres, "UPDATE orders SET status = 'paid' WHERE id = 1");
    // an explicit id: a crash makes the sequence skip its cached values
    CdcRun.sql(postgres, "INSERT INTO orders (id, customer_id, amount, status) VALUES (100, 'c3', 30.00, 'sentinel')");
    List<RawEvent> events = run.awaitSentinel();

    assertThat(events).extracting(RawEvent::getEventId).doesNotHaveDuplicates();
    assertThat(events.stream().map(CdcRun::describe).toList()).containsExactlyInAnyOrder(
        "order_created 1 c1 10.00 new",
        "order_created 2 c2 20.00 new",
        "order_updated 1 c1 10.00 paid",
        "order_created 100 c3 30.00 sentinel");
  }
}
