package dev.tributary.localstack.dlq;

import dev.tributary.events.DeadLetterReplay;
import dev.tributary.events.RawEvent;
import dev.tributary.localstack.component.ClickHouseHttp;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.serde.AvroSerdes;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code tributary dlq replay}: wires {@link DlqReplay} to the warehouse (where the dead letters are
 * listed), the schema registry and Kafka (where they are sent back). Returns the exit code: 0 done,
 * 1 failed (nothing of an unfinished batch was replayed; run it again), 2 bad arguments.
 */
public final class DlqCommand {

  private DlqCommand() {}

  /** Runs {@code dlq <args>}. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || !args[0].equals("replay")) {
      err.println("tributary dlq: the only subcommand is `replay`");
      err.print(ReplayArgs.USAGE);
      return 2;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (rest.length == 1 && (rest[0].equals("--help") || rest[0].equals("-h"))) {
      out.print(ReplayArgs.USAGE);
      return 0;
    }
    ReplayArgs parsed;
    try {
      parsed = ReplayArgs.parse(rest);
    } catch (IllegalArgumentException e) {
      err.println("tributary dlq replay: " + e.getMessage());
      err.print(ReplayArgs.USAGE);
      return 2;
    }
    try {
      return replay(parsed, out);
    } catch (RuntimeException e) {
      err.println("tributary dlq replay: FAILED: " + e.getMessage()
          + " (batches already reported as replayed are committed; run the same command again for the rest)");
      return 1;
    }
  }

  private static int replay(ReplayArgs a, PrintStream out) {
    ClickHouseDeadLetters source = new ClickHouseDeadLetters(
        new ClickHouseHttp(a.clickhouseUrl(), a.clickhouseUser(), a.clickhousePassword(), Duration.ofSeconds(60)),
        a.database());
    try (SchemaRegistryClient registry = new SchemaRegistryClient(a.registryUrl(), Duration.ofSeconds(30));
         KafkaReplayTarget target = new KafkaReplayTarget(a.bootstrapServers(), a.rawTopic(), a.replaysTopic(),
             AvroSerdes.serde(RawEvent.class, registry, false).serializer(),
             AvroSerdes.serde(DeadLetterReplay.class, registry, false).serializer())) {
      DlqReplay replay = new DlqReplay(source, target, Clock.systemUTC(), a.batchSize());
      if (a.dryRun()) {
        List<DeadLetterToReplay> pending = replay.pending(a.filter());
        pending.forEach(d -> out.printf(Locale.ROOT, "%s  %s  event %s  source %s%n", d.origin(), d.reason(),
            d.eventId() == null ? "(undecodable)" : d.eventId(), d.source() == null ? "?" : d.source()));
        out.printf(Locale.ROOT, "dry run: %,d dead letters (%s) would be replayed%n", pending.size(),
            a.filter().describe());
        return 0;
      }
      DlqReplay.Summary s = replay.run(a.filter(), out);
      out.printf(Locale.ROOT, "dlq replay %s: %,d dead letters matched (%s), %,d already replayed before, %,d replayed"
          + " now to %s%n", s.replayId(), s.matched(), a.filter().describe(), s.skippedAlreadyReplayed(), s.replayed(),
          a.rawTopic());
      return 0;
    }
  }
}
