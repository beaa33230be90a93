package dev.tributary.bench.projection;

import dev.tributary.bench.report.TextTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hardware a target rate needs, calculated from measured costs per event and stated
 * assumptions, never guessed: cores of each service (CPU per event × rate ÷ the utilisation a
 * machine is run at), instances of a stated size, topic partitions (every consuming thread gets
 * one, with headroom, because partitions cannot be added later without moving keys between the
 * stateful tasks), Kafka brokers (the larger of their CPU and their disk-write bound, never fewer
 * than the replication factor) and ClickHouse shards (insert CPU against the share of a shard's
 * cores left after queries). {@code bin/bench --instances} prints it from its own run; docs/PERFORMANCE.md
 * carries a measured one.
 *
 * <p>It is linear on purpose: it assumes the per-event costs measured at a few tens of thousands of
 * events per second hold at millions, i.e. that every stage scales out by partitions without a
 * shared bottleneck. That is what the design intends (no cross-partition state in any service), and
 * what a 2-instance run on 2 cores cannot prove: a bigger run is the check.
 *
 * <p>Pure and thread-safe.
 */
public final class HardwareProjection {

  /**
   * What a run measured, per event that went all the way through the pipeline: CPU time
   * (user + system) of every process of a stage over the same span, divided by the events.
   *
   * @param brokerMicros the Kafka broker's CPU per event, at replication factor 1 (the bench's broker)
   * @param clickhouseMicrosPerRow the ClickHouse server's CPU per row the sink inserted (one row per event)
   * @param brokerBytesPerEvent bytes written to the broker's logs per event, every topic (raw, clean, metrics,
   *     changelogs, repartition, transaction markers), one replica
   */
  public record Costs(double ingestMicros, double streamsMicros, double sinkMicros, double brokerMicros,
      double clickhouseMicrosPerRow, double brokerBytesPerEvent) {

    public Costs {
      for (double v : new double[] {ingestMicros, streamsMicros, sinkMicros, brokerMicros, clickhouseMicrosPerRow,
          brokerBytesPerEvent}) {
        if (!(v >= 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException("a cost must be a non-negative number, got " + v + " in " + this);
        }
      }
    }

    double micros(Service service) {
      return switch (service) {
        case INGEST -> ingestMicros;
        case STREAMS -> streamsMicros;
        case SINK -> sinkMicros;
      };
    }
  }

  /**
   * The inputs that are not measured here: what a production deployment would choose.
   *
   * @param coresPerInstance cores of one service instance (a streams instance runs one stream thread per core)
   * @param cpuUtilisation the share of its cores a machine is planned to use, so that the loss of one instance
   *     or a catch-up after an outage has room
   * @param partitionHeadroom partitions per consuming thread, so the fleet can grow by that factor without
   *     repartitioning
   * @param partitionMultiple partitions are rounded up to a multiple of it (12 divides evenly by 1, 2, 3, 4, 6
   *     and 12 instances)
   * @param minInstances instances of every service at least, so one can fail
   * @param replicationFactor of every topic: a broker's write work and disk writes are multiplied by it
   * @param coresPerBroker cores of one Kafka broker
   * @param brokerWriteBytesPerSecond the disk (and replication network) bytes/s one broker is planned to write
   * @param coresPerShard cores of one ClickHouse server
   * @param clickhouseInsertShare the share of a ClickHouse server's cores inserts may use; the rest is for
   *     queries and merges
   */
  public record Assumptions(int coresPerInstance, double cpuUtilisation, double partitionHeadroom,
      int partitionMultiple, int minInstances, int replicationFactor, int coresPerBroker,
      double brokerWriteBytesPerSecond, int coresPerShard, double clickhouseInsertShare) {

    /** The inputs docs/PERFORMANCE.md states and {@code bin/bench --instances} uses. */
    public static final Assumptions STATED = new Assumptions(8, 0.6, 2.0, 12, 2, 3, 8, 200e6, 16, 0.5);

    public Assumptions {
      if (coresPerInstance < 1 || partitionMultiple < 1 || minInstances < 1 || replicationFactor < 1
          || coresPerBroker < 1 || coresPerShard < 1) {
        throw new IllegalArgumentException("counts must be positive: " + this);
      }
      if (!(cpuUtilisation > 0 && cpuUtilisation <= 1) || !(clickhouseInsertShare > 0 && clickhouseInsertShare <= 1)) {
        throw new IllegalArgumentException("utilisation and insert share must be in (0, 1]: " + this);
      }
      if (!(partitionHeadroom >= 1) || !(brokerWriteBytesPerSecond > 0)) {
        throw new IllegalArgumentException("headroom must be >= 1 and the broker bound positive: " + this);
      }
    }
  }

  /** The services sized by instances. */
  public enum Service {
    INGEST("ingest"), STREAMS("streams"), SINK("sink");

    private final String label;

    Service(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** One service at the target rate: cores it needs (at the planned utilisation) and instances of the stated size. */
  public record ServiceSizing(Service service, double cores, int instances) {}

  /**
   * Kafka at the target rate.
   *
   * @param cores broker cores needed (all replicas, at the planned utilisation)
   * @param byCpu brokers those cores take
   * @param writeBytesPerSecond disk writes of all replicas
   * @param byDisk brokers those writes take
   * @param count the brokers: the largest of the two and the replication factor
   */
  public record Brokers(double cores, int byCpu, double writeBytesPerSecond, int byDisk, int count) {}

  /**
   * ClickHouse at the target rate.
   *
   * @param insertCores server cores the inserts take
   * @param count shards: insert cores over the share of a shard's cores inserts may use
   */
  public record Shards(double insertCores, int count) {}

  /** The hardware for one target rate. */
  public record Projection(double rate, List<ServiceSizing> services, int partitions, Brokers brokers, Shards shards) {

    public Projection {
      services = List.copyOf(services);
    }

    public ServiceSizing service(Service s) {
      return services.stream().filter(x -> x.service() == s).findFirst().orElseThrow();
    }
  }

  /** The rates the bench and docs/PERFORMANCE.md project for. */
  public static final List<Double> RATES = List.of(100_000.0, 1_000_000.0, 10_000_000.0);

  private HardwareProjection() {}

  /** The hardware for {@code rate} events/s. */
  public static Projection project(Costs costs, Assumptions a, double rate) {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("the rate must be positive, got " + rate);
    }
    List<ServiceSizing> services = new ArrayList<>();
    int consumingThreads = 0;
    for (Service s : Service.values()) {
      double cores = cores(rate, costs.micros(s)) / a.cpuUtilisation();
      int instances = Math.max(a.minInstances(), ceil(cores / a.coresPerInstance()));
      services.add(new ServiceSizing(s, cores, instances));
      if (s != Service.INGEST) { // ingest produces; it owns no partitions
        consumingThreads = Math.max(consumingThreads, instances * a.coresPerInstance());
      }
    }
    int partitions = roundUp(ceil(consumingThreads * a.partitionHeadroom()), a.partitionMultiple());

    double brokerCores = cores(rate, costs.brokerMicros()) * a.replicationFactor() / a.cpuUtilisation();
    int byCpu = ceil(brokerCores / a.coresPerBroker());
    double writes = rate * costs.brokerBytesPerEvent() * a.replicationFactor();
    int byDisk = ceil(writes / a.brokerWriteBytesPerSecond());
    Brokers brokers = new Brokers(brokerCores, byCpu, writes, byDisk,
        Math.max(a.replicationFactor(), Math.max(byCpu, byDisk)));

    double insertCores = cores(rate, costs.clickhouseMicrosPerRow());
    Shards shards = new Shards(insertCores, Math.max(1, ceil(insertCores / (a.coresPerShard() * a.clickhouseInsertShare()))));
    return new Projection(rate, services, partitions, brokers, shards);
  }

  /** The inputs (measured and stated) and the projection for each of {@code rates}, as text tables. */
  public static String render(Costs c, Assumptions a, List<Double> rates) {
    TextTable inputs = new TextTable("input", "value", "source");
    inputs.row("ingest CPU per event", micros(c.ingestMicros()), "measured");
    inputs.row("streams CPU per event", micros(c.streamsMicros()), "measured");
    inputs.row("sink CPU per event", micros(c.sinkMicros()), "measured");
    inputs.row("Kafka broker CPU per event (1 replica)", micros(c.brokerMicros()), "measured");
    inputs.row("Kafka bytes written per event (1 replica, all topics)", String.format(Locale.ROOT, "%,.0f B",
        c.brokerBytesPerEvent()), "measured");
    inputs.row("ClickHouse CPU per inserted row", micros(c.clickhouseMicrosPerRow()), "measured");
    inputs.row("cores per service instance (= stream threads)", Integer.toString(a.coresPerInstance()), "stated");
    inputs.row("planned CPU utilisation", percent(a.cpuUtilisation()), "stated");
    inputs.row("instances per service at least", Integer.toString(a.minInstances()), "stated");
    inputs.row("partitions per consuming thread (headroom)", String.format(Locale.ROOT, "%.1f", a.partitionHeadroom()),
        "stated");
    inputs.row("partitions rounded up to a multiple of", Integer.toString(a.partitionMultiple()), "stated");
    inputs.row("replication factor", Integer.toString(a.replicationFactor()), "stated");
    inputs.row("cores per broker", Integer.toString(a.coresPerBroker()), "stated");
    inputs.row("disk writes per broker", String.format(Locale.ROOT, "%,.0f MB/s", a.brokerWriteBytesPerSecond() / 1e6),
        "stated");
    inputs.row("cores per ClickHouse shard", Integer.toString(a.coresPerShard()), "stated");
    inputs.row("share of a shard's cores for inserts (rest: queries, merges)", percent(a.clickhouseInsertShare()),
        "stated");

    TextTable t = new TextTable("events/s", "ingest", "streams", "sink", "partitions", "Kafka brokers (by CPU / by disk)",
        "ClickHouse shards (insert cores)");
    for (double rate : rates) {
      Projection p = project(c, a, rate);
      t.row(String.format(Locale.ROOT, "%,.0f", rate), sizing(p.service(Service.INGEST), a),
          sizing(p.service(Service.STREAMS), a), sizing(p.service(Service.SINK), a), Integer.toString(p.partitions()),
          String.format(Locale.ROOT, "%d (%d: %.0f cores / %d: %,.0f MB/s)", p.brokers().count(), p.brokers().byCpu(),
              p.brokers().cores(), p.brokers().byDisk(), p.brokers().writeBytesPerSecond() / 1e6),
          String.format(Locale.ROOT, "%d (%.1f cores)", p.shards().count(), p.shards().insertCores()));
    }
    return "Projection inputs\n" + inputs.render()
        + "\nHardware projection (cores = CPU per event x rate / utilisation; instances of "
        + a.coresPerInstance() + " cores; partitions = threads of the largest consuming service x headroom;"
        + " brokers = max(replication factor, CPU, disk); shards = insert cores / (cores per shard x insert share))\n"
        + t.render();
  }

  private static String sizing(ServiceSizing s, Assumptions a) {
    return String.format(Locale.ROOT, "%.0f cores: %d x %d", s.cores(), s.instances(), a.coresPerInstance());
  }

  private static double cores(double rate, double microsPerEvent) {
    return rate * microsPerEvent / 1e6;
  }

  private static int ceil(double v) {
    // a sliver above an integer from floating point (e.g. 3.0000000001) is still that integer
    return (int) Math.ceil(v - 1e-9);
  }

  private static int roundUp(int v, int multiple) {
    return Math.max(multiple, (v + multiple - 1) / multiple * multiple);
  }

  private static String micros(double v) {
    return String.format(Locale.ROOT, "%.1f µs", v);
  }

  private static String percent(double v) {
    return String.format(Locale.ROOT, "%.0f %%", v * 100);
  }
}
