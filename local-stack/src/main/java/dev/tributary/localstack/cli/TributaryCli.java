package dev.tributary.localstack.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.tributary.experiments.cli.ExperimentCommand;
import dev.tributary.experiments.cli.StatsCommand;
import dev.tributary.localstack.cdc.CdcStack;
import dev.tributary.localstack.cdc.DemoOrders;
import dev.tributary.localstack.component.ClickHouseHttp;
import dev.tributary.localstack.demo.DemoExperiment;
import dev.tributary.localstack.demo.DemoExperimentTraffic;
import dev.tributary.localstack.component.RegistryProcess;
import dev.tributary.localstack.demo.DemoTraffic;
import dev.tributary.localstack.dlq.DlqCommand;
import dev.tributary.localstack.experiment.ClickHouseExperimentResults;
import dev.tributary.localstack.importer.ImportArgs;
import dev.tributary.localstack.importer.ImportCommand;
import dev.tributary.localstack.demo.LiveCounts;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.reconcile.ReconcileCommand;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The {@code tributary} command: {@code up [--demo]}, {@code down}, {@code status} for the local
 * stack, {@code experiment report KEY} (see {@link ExperimentCommand#USAGE}), and {@code import FILE} (see {@link ImportArgs#USAGE}) (see {@link CliArgs#USAGE}). The wiring point of the launcher: the only class that reads
 * the command line, registers the shutdown hook or exits.
 */
public final class TributaryCli {

  private static final long TICK_MS = 5_000;
  private static final double DEMO_ORDERS_PER_SECOND = 2;
  private static final long STOP_POLL_MS = 200;

  private TributaryCli() {}

  public static void main(String[] args) {
    quietLogging();
    PrintStream out = System.out;
    // commands with their own argument parsing; the rest (up, down, status) are parsed by CliArgs
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (args.length == 0 ? "" : args[0]) {
      case "stats" -> System.exit(StatsCommand.run(rest, System.in, out, System.err));
      case "dlq" -> System.exit(DlqCommand.run(rest, out, System.err));
      case "import" -> System.exit(importFile(rest, out));
      case "reconcile" -> System.exit(new ReconcileCommand().run(rest, out, System.err));
      case "experiment" -> System.exit(new ExperimentCommand(servedDefinitions(StackLayout.discover(Optional.empty())),
          a -> ClickHouseExperimentResults.localAnalyst(a.clickhouseHttpPort(), a.database())).run(rest, out, System.err));
      default -> { }
    }
    CliArgs parsed;
    try {
      parsed = CliArgs.parse(args);
    } catch (CliArgs.UsageException e) {
      System.err.println("tributary: " + e.getMessage());
      System.err.println();
      System.err.print(CliArgs.USAGE);
      System.exit(2);
      return;
    }
    StackLayout layout = StackLayout.discover(parsed.root());
    try {
      int code = switch (parsed.command()) {
        case HELP -> {
          out.print(CliArgs.USAGE);
          yield 0;
        }
        case STATUS -> StackStatus.status(layout, out);
        case DOWN -> StackStatus.down(layout, out);
        case UP -> up(parsed, layout, out);
      };
      System.exit(code);
    } catch (RuntimeException e) {
      System.err.println("tributary: " + e.getMessage());
      System.exit(1);
    }
  }

  /** The definitions file the local stack serves, else (never started) the example it would serve. */
  private static Path servedDefinitions(StackLayout layout) {
    Path served = layout.servedDefinitions();
    return Files.isRegularFile(served) ? served : layout.root().resolve(LocalStack.EXAMPLE_EXPERIMENTS);
  }

  private static int importFile(String[] args, PrintStream out) {
    ImportArgs parsed;
    try {
      if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
        out.print(ImportArgs.USAGE);
        return 0;
      }
      parsed = ImportArgs.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("tributary import: " + e.getMessage());
      System.err.println();
      System.err.print(ImportArgs.USAGE);
      return 2;
    }
    ImportCommand command = new ImportCommand();
    CountDownLatch finished = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // Ctrl-C: let the batch in flight be settled and checkpointed, then let the JVM go
      command.requestStop();
      try {
        finished.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "tributary-import-stop"));
    try {
      return command.run(parsed, out, System.err);
    } finally {
      finished.countDown();
    }
  }

  private static int up(CliArgs args, StackLayout layout, PrintStream out) {
    if (args.cdc()) {
      CdcStack.requireStartable(layout);
    }
    LocalStack stack = LocalStack.up(layout, args.ports(), args.infraOnly(), args.cluster(), out);
    CdcStack cdc = null;
    if (args.cdc()) {
      try {
        cdc = CdcStack.start(layout, stack.bootstrapServers(),
            "http://127.0.0.1:" + args.ports().registry() + RegistryProcess.CCOMPAT_PATH, stack.replicationFactor(),
            stack::adopt, out);
      } catch (RuntimeException e) {
        stack.close();
        throw e;
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    DemoTraffic[] demo = new DemoTraffic[1];
    DemoExperimentTraffic[] experiment = new DemoExperimentTraffic[1];
    DemoOrders[] orders = new DemoOrders[1];
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (demo[0] != null) {
        demo[0].close();
      }
      if (experiment[0] != null) {
        experiment[0].close();
      }
      if (orders[0] != null) {
        orders[0].close();
      }
      stack.close();
      stopped.countDown();
    }, "tributary-stop"));
    printSummary(stack, args, out);

    LiveCounts counts = new LiveCounts(new ClickHouseHttp("http://127.0.0.1:" + args.ports().clickhouseHttp()), "tributary");
    if (args.demo()) {
      out.println("Demo: sending ~" + args.demoRate() + " events/s in batches of " + DemoTraffic.BATCH_SIZE
          + " to http://localhost:" + args.ports().ingest() + "/v1/batch; counts every 5 s.");
      demo[0] = DemoTraffic.start("http://localhost:" + args.ports().ingest(), LocalStack.DEMO_WRITE_KEY, args.demoRate());
      Path example = layout.root().resolve(LocalStack.EXAMPLE_EXPERIMENTS);
      if (Files.isRegularFile(example)) {
        experiment[0] = DemoExperimentTraffic.start("http://localhost:" + args.ports().ingest(),
            LocalStack.DEMO_WRITE_KEY, layout.servedDefinitions(), example);
        out.println("Demo experiment " + experiment[0].experimentKey() + ": " + DemoExperimentTraffic.VISITORS_PER_SECOND
            + " visitors/s, coverage " + DemoExperiment.RAMP + " one step every " + DemoExperiment.STEP.toSeconds()
            + " s; then: bin/tributary experiment report " + experiment[0].experimentKey());
      }
      if (cdc != null) {
        out.println("Demo: writing ~" + DEMO_ORDERS_PER_SECOND + " orders/s into " + cdc.jdbcUrl()
            + " (captured as order_created/order_updated/order_deleted).");
        orders[0] = DemoOrders.start(cdc.jdbcUrl(), DEMO_ORDERS_PER_SECOND);
      }
    }
    Set<String> reportedDead = new HashSet<>();
    long nextTick = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TICK_MS);
    try {
      while (!stopped.await(STOP_POLL_MS, TimeUnit.MILLISECONDS)) {
        if (layout.stopRequested()) {
          // 'tributary down' asked: stop here and exit 0 (a SIGTERM would end the JVM with 143)
          out.println("Stop requested by 'tributary down'.");
          if (demo[0] != null) {
            demo[0].close();
          }
          if (experiment[0] != null) {
            experiment[0].close();
          }
          if (orders[0] != null) {
            orders[0].close();
          }
          stack.close();
          layout.clearStopRequest();
          return 0;
        }
        if (System.nanoTime() - nextTick < 0) {
          continue;
        }
        nextTick = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TICK_MS);
        for (ManagedProcess p : stack.processes()) {
          if (!p.isAlive() && reportedDead.add(p.name())) {
            out.println("WARNING: " + p.name() + " exited with code " + p.exitCodeOrMinusOne() + "; see " + p.logFile()
                + System.lineSeparator() + p.logTail(15));
          }
        }
        if (demo[0] != null) {
          out.println(counts.line(demo[0]));
        }
        if (experiment[0] != null) {
          out.println(experiment[0].line());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static void printSummary(LocalStack stack, CliArgs args, PrintStream out) {
    StackPorts p = stack.ports();
    out.println();
    out.println("Tributary local stack is up (state in " + stack.layout().stateDir() + ")");
    if (!args.infraOnly()) {
      out.println("  ingest      http://localhost:" + p.ingest() + "   (POST /v1/batch, header 'Authorization: Bearer "
          + LocalStack.DEMO_WRITE_KEY + "')");
    }
    if (!args.infraOnly()) {
      out.println("  streams     http://127.0.0.1:" + p.streamsAdmin() + "/readyz   /healthz   /metrics");
      out.println("  sink        http://127.0.0.1:" + p.sinkAdmin() + "/readyz   /healthz   /metrics");
      out.println("  console     http://127.0.0.1:" + p.console() + "/   (analyst console: metrics, sessions, experiments,"
          + " data health)");
    }
    out.println("  registry    http://127.0.0.1:" + p.registry() + "/apis/ccompat/v7");
    out.println("  clickhouse  http://127.0.0.1:" + p.clickhouseHttp() + "   clickhouse-client --port " + p.clickhouseTcp()
        + "   (read-only: --user analyst --password analyst)");
    stack.cluster().ifPresent(c -> out.println("  cluster     ClickHouse cluster '" + c.name() + "', shards (replicas by '|'): "
        + c.config().shardUrls() + "   ZooKeeper " + c.zooKeeper().connectString()));
    out.println("  kafka       " + stack.bootstrapServers() + "   topics " + String.join(", ", LocalStack.TOPICS)
        + (stack.replicationFactor() > 1 ? "   (replication factor " + stack.replicationFactor()
        + ", min.insync.replicas 2)" : ""));
    if (args.cdc()) {
      out.println("  postgres    psql -h 127.0.0.1 -p " + CdcStack.POSTGRES_PORT + " -U postgres " + CdcStack.DATABASE
          + "   (captured: " + CdcStack.EXAMPLE_MAPPING + ")");
      out.println("  connect     http://127.0.0.1:" + CdcStack.CONNECT_PORT + "/connectors/tributary-postgres/status");
    }
    out.println("Logs:");
    for (ManagedProcess proc : stack.processes()) {
      out.printf("  %-11s %s (pid %d)%n", proc.name(), proc.logFile(), proc.pid());
    }
    out.println("Stop with Ctrl-C, or 'tributary down' from another terminal.");
    out.println();
  }

  /** Root WARN, our own classes INFO, unless the user passed a logback configuration. */
  private static void quietLogging() {
    if (System.getProperty("logback.configurationFile") != null) {
      return;
    }
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
      context.getLogger("dev.tributary").setLevel(Level.INFO);
    }
  }
}
