package dev.tributary.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connect.app.Main;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.DeadLetterReason;
import dev.tributary.events.RawEvent;
import dev.tributary.localstack.component.PostgresProcess;
import dev.tributary.testsupport.TestCdcWorker;
import dev.tributary.testsupport.TestShop;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Change data capture end to end on real components: PostgreSQL (Debian's server), a Kafka Connect
 * worker in its own JVM running Debezium with the Tributary transform, the test Kafka broker and the
 * Apicurio registry. Rows inserted, updated and deleted become the mapped events on the raw topic
 * exactly once (read committed), across a SIGKILL of the worker; an unmappable row becomes a typed
 * dead letter. The pipeline from the raw topic on (dedupe, clean events, ClickHouse) is the
 * pipeline ITs' subject; a SIGKILL of PostgreSQL itself is {@link PostgresKillCdcIT}'s, run by name.
 */
class PostgresCdcIT extends CdcWorkerTest {

  @Test
  void shouldTurnRowChangesIntoEventsExactlyOnceAcrossAWorkerKill() throws Exception {
    CdcRun run = CdcRun.create();
    PostgresProcess postgres = run.shop();
    CdcRun.sql(postgres, "INSERT INTO orders (customer_id, amount, status) VALUES ('c1', 10.00, 'new')");
    Map<String, String> settings = run.settings(postgres, dir);

    long t0 = System.nanoTime();
    worker = TestCdcWorker.start(Main.class, settings, CdcRun.logFile("connect-1"));
    long started = System.nanoTime();
    CdcRun.sql(postgres, "INSERT INTO orders (customer_id, amount, status) VALUES ('c2', 25.50, 'new')");
    CdcRun.sql(postgres, "UPDATE orders SET status = 'paid' WHERE id = 1");
    CdcRun.sql(postgres, "DELETE FROM orders WHERE id = 2");
    CdcRun.sql(postgres, "INSERT INTO orders (customer_id, amount, status) VALUES (NULL, 5.00, 'new')");
    run.awaitEvents(4);

    long firstEvents = System.nanoTime();
    worker.kill();
    CdcRun.sql(postgres, "INSERT INTO orders (customer_id, amount, status) VALUES ('c4', 7.25, 'new')");
    CdcRun.sql(postgres, "UPDATE orders SET customer_id = 'c3' WHERE id = 3");
    long killed = System.nanoTime();
    worker = TestCdcWorker.start(Main.class, settings, CdcRun.logFile("connect-2"));
    long restarted = System.nanoTime();
    // a sentinel after everything else: once it is read, any replay of earlier changes would have been too
    CdcRun.sql(postgres, "INSERT INTO orders (customer_id, amount, status) VALUES ('c5', 1.00, 'sentinel')");
    List<RawEvent> events = run.awaitSentinel();
    System.out.printf(Locale.ROOT, "CDC timings: worker start to task RUNNING %.1f s, first changes on the raw topic"
        + " %.1f s later; restart after SIGKILL to task RUNNING %.1f s, remaining changes %.1f s later%n",
        (started - t0) / 1e9, (firstEvents - started) / 1e9, (restarted - killed) / 1e9, (System.nanoTime() - restarted) / 1e9);

    assertThat(events).extracting(RawEvent::getEventId).doesNotHaveDuplicates();
    assertThat(events).extracting(e -> e.getSource()).containsOnly("postgres:" + TestShop.DATABASE);
    assertThat(events.stream().map(CdcRun::describe).toList()).containsExactlyInAnyOrder(
        "order_created 1 c1 10.00 new",
        "order_created 2 c2 25.50 new",
        "order_updated 1 c1 10.00 paid",
        "order_deleted 2 c2 25.50 new",
        "order_created 4 c4 7.25 new",
        "order_updated 3 c3 5.00 new",
        "order_created 5 c5 1.00 sentinel");
    List<DeadLetter> deadLetters = CdcRun.read(run.dlqTopic(), DeadLetter.class);
    assertThat(deadLetters).singleElement().satisfies(d -> {
      assertThat(d.getReason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
      assertThat(d.getField()).isEqualTo("customer_id");
      assertThat(d.getStage()).isEqualTo("connect");
      assertThat(StandardCharsets.UTF_8.decode(d.getRawPayload()).toString()).contains("\"amount\":5.00");
    });
  }
}
