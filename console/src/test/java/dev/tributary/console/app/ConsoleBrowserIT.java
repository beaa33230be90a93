package dev.tributary.console.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.common.catalogue.AuditReconciliation;
import dev.tributary.common.catalogue.ExperimentTables;
import dev.tributary.common.catalogue.SessionIdentityTables;
import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.console.config.ConsoleSettings;
import dev.tributary.console.experiments.ExperimentResultFixtures;
import dev.tributary.experiments.definition.DefinitionsParser;
import dev.tributary.experiments.definition.ExperimentDefinition;
import dev.tributary.experiments.report.ExperimentReport;
import dev.tributary.experiments.report.ExperimentReporter;
import dev.tributary.experiments.report.ObservedResults;
import dev.tributary.experiments.stats.StatsResult;
import dev.tributary.localstack.experiment.ClickHouseExperimentResults;
import dev.tributary.testsupport.TestClickHouse;
import dev.tributary.warehouse.metrics.MetricCatalogue;
import dev.tributary.warehouse.metrics.MetricDefinitionsTable;
import dev.tributary.warehouse.schema.TableDdl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's Chromium, driven by Selenium through chromedriver) over a
 * real ClickHouse holding the catalogue's schema and known rows, inserted as the admin user: every
 * page renders, the numbers the page shows equal what the SQL it shows answers (run again here,
 * independently, as the analyst), and a provisional minute turns final on the page — without a
 * reload — once a new version of its row lands. Saves a screenshot of each page under
 * {@code target/console-screenshots}.
 */
class ConsoleBrowserIT {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  private static String database;
  private static ConsoleApplication console;
  private static WebDriver browser;
  private static Path profile;
  private static long provisionalMinute;
  private static long finalMinute;
  private static Path definitions;

  @BeforeAll
  static void start() throws Exception {
    long t0 = System.nanoTime();
    // Chromium takes seconds to start on a busy machine: start it while the warehouse is prepared
    CompletableFuture<WebDriver> starting = CompletableFuture.supplyAsync(ConsoleBrowserIT::startBrowser);
    database = TestClickHouse.createDatabase();
    TableDdl.statements(database).forEach(TestClickHouse::execute);
    MetricDefinitionsTable.ddl(database).forEach(TestClickHouse::execute);
    TestClickHouse.execute(MetricDefinitionsTable.insert(database, MetricCatalogue.bundled(), Instant.now()));
    long now = Instant.now().getEpochSecond();
    finalMinute = now / 60 * 60 - 20 * 60;
    provisionalMinute = finalMinute + 60;
    insertKnownRows(now);
    insertExperimentRows();
    definitions = Files.createTempFile("console-experiments-", ".yaml");
    Files.writeString(definitions, ExperimentResultFixtures.definitions());
    console = ConsoleApplication.start(ConsoleSettings.of(Map.of(
        ConsoleSettings.HTTP_PORT, "0",
        ConsoleSettings.CLICKHOUSE_URL, TestClickHouse.httpUrl(),
        ConsoleSettings.CLICKHOUSE_DATABASE, database,
        ConsoleSettings.REFRESH_MS, "2000",
        ConsoleSettings.EXPERIMENTS_DEFINITIONS_FILE, definitions.toString())), Clock.systemUTC());
    System.out.printf("schema, rows and console in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    browser = starting.get(60, TimeUnit.SECONDS);
    Files.createDirectories(SCREENSHOTS);
    System.out.printf("browser up after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
  }

  private static WebDriver startBrowser() {
    for (String program : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(Path.of(program))) {
        throw new AssertionError(program + " is missing: install Debian's chromium and chromium-driver"
            + " (apt-get install -y chromium chromium-driver; .ci/run does). This test never skips.");
      }
    }
    try {
      profile = Files.createTempDirectory("console-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--disable-extensions", "--window-size=1400,1800", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (console != null) {
      console.close();
    }
    if (profile != null) {
      dev.tributary.localstack.component.Dirs.deleteRecursively(profile);
    }
    if (definitions != null) {
      definitions.toFile().delete();
    }
  }

  private static void insertKnownRows(long now) {
    String mm = database + "." + WarehouseTables.METRICS_MINUTE.name();
    String cols = " (minute, minute_ms, event, source, status, count, distinct_users, revenue, user_hashes, updated_at_ms,"
        + " _topic, _partition, _offset) VALUES ";
    TestClickHouse.execute("INSERT INTO " + mm + cols
        + row(finalMinute, "signup", "web", "final", 7, 5, 0.0, 100) + ", "
        + row(finalMinute, "purchase", "web", "final", 3, 2, 59.5, 100) + ", "
        + row(provisionalMinute, "signup", "web", "provisional", 4, 4, 0.0, 50));
    TestClickHouse.execute("INSERT INTO " + database + "." + WarehouseTables.METRICS_TOO_LATE.name()
        + " (minute, minute_ms, event, source, event_time_ms, stream_time_ms, revenue, user_hash, _topic, _partition,"
        + " _offset) VALUES (toDateTime(" + finalMinute + "), " + finalMinute * 1000 + ", 'purchase', 'web', "
        + (finalMinute * 1000 + 5000) + ", " + (now * 1000) + ", 10.5, 42, 'metrics.too-late', 0, 1)");
    String started = "toDateTime(" + (finalMinute) + ")";
    TestClickHouse.execute("INSERT INTO " + database + "." + SessionIdentityTables.SESSIONS.name()
        + " (session_id, identity, status, merged_into, started_at, started_at_ms, ended_at, ended_at_ms, duration_ms,"
        + " events, page_views, entry_url, entry_path, referrer, converted, _topic, _partition, _offset) VALUES"
        + " ('s1', 'u1', 'live', NULL, " + started + ", " + finalMinute * 1000 + ", " + started + ", " + finalMinute * 1000
        + ", 60000, 5, 3, 'https://shop.example/home', '/home', NULL, 1, 'sessions', 0, 1),"
        + " ('s2', 'u2', 'live', NULL, " + started + ", " + finalMinute * 1000 + ", " + started + ", " + finalMinute * 1000
        + ", 0, 1, 1, 'https://shop.example/pricing', '/pricing', NULL, 0, 'sessions', 0, 2),"
        + " ('s3', 'u3', 'merged', 's1', " + started + ", " + finalMinute * 1000 + ", " + started + ", "
        + finalMinute * 1000 + ", 0, 1, 1, NULL, NULL, NULL, 0, 'sessions', 0, 3)");
    TestClickHouse.execute("INSERT INTO " + database + "." + SessionIdentityTables.PERSONS.name()
        + " (id_key, id, id_type, person_id, linked_to, mapped_at, first_seen, first_seen_ms, last_seen, last_seen_ms,"
        + " _topic, _partition, _offset) VALUES"
        + " ('u:u1', 'u1', 'user', 'u1', NULL, " + started + ", " + started + ", 0, " + started + ", 0, 'persons', 0, 1),"
        + " ('a:d1', 'd1', 'anonymous', 'u1', 'u1', " + started + ", " + started + ", 0, " + started + ", 0, 'persons', 0, 2),"
        + " ('a:d2', 'd2', 'anonymous', 'd2', NULL, " + started + ", " + started + ", 0, " + started + ", 0, 'persons', 0, 3)");
    // one event for the views that read the events table (events_v, events_by_person_v); daily_active_persons
    // reads metrics_ids_day, which the minute and too-late rows above feed
    TestClickHouse.execute("INSERT INTO " + database + "." + WarehouseTables.EVENTS.name() + " (event_id, type, event,"
        + " user_id, timestamp, timestamp_ms, received_at, received_at_ms, source, properties, context, _topic,"
        + " _partition, _offset) VALUES ('e1', 'track', 'signup', 'u1', " + started + ", " + finalMinute * 1000 + ", "
        + started + ", " + finalMinute * 1000 + ", 'web', '{}', '{}', 'events.clean', 0, 1)");
    String changes = database + "." + WarehouseTables.EXPERIMENT_CHANGES.name();
    TestClickHouse.execute("INSERT INTO " + changes + " (change_id, experiment_key, phase, kind, field, from_value,"
        + " to_value, changed_by, changed_at, changed_at_ms, recorded_at_ms, _topic, _partition, _offset) VALUES "
        + change("c1", "created", "*", null, "status=running; phase=1; seed=checkout; coverage=0.05", "ana", finalMinute - 7200, 1) + ", "
        + change("c2", "coverage_changed", "coverage", "0.05", "0.1", "bo", finalMinute - 3600, 2) + ", "
        + change("c3", "coverage_changed", "coverage", "0.1", "0.2", "ana", finalMinute - 600, 3));
    TestClickHouse.execute("INSERT INTO " + database + "." + WarehouseTables.DEAD_LETTERS.name()
        + " (reason, detail, field, stage, failed_at, failed_at_ms, event_id, source, received_at_ms, source_topic,"
        + " source_partition, source_offset, raw_key, raw_payload, _topic, _partition, _offset) VALUES"
        + " ('MALFORMED_JSON', 'body is not JSON (json_syntax)', NULL, 'transform-streams', " + started + ", "
        + finalMinute * 1000 + ", NULL, NULL, NULL, 'events.raw', 0, 7, NULL, '{not json', 'events.dlq', 0, 1),"
        + " ('MALFORMED_JSON', 'body is not JSON (json_syntax)', NULL, 'transform-streams', " + started + ", "
        + (finalMinute * 1000 + 1) + ", NULL, NULL, NULL, 'events.raw', 0, 8, NULL, '<xml/>', 'events.dlq', 0, 2)");
    TestClickHouse.execute("INSERT INTO " + database + "." + WarehouseTables.AUDIT_COUNTS.name()
        + " (stage, reporter, minute, minute_ms, source, measure, detail, count, watermark_ms, reported_at_ms, _topic,"
        + " _partition, _offset) VALUES ('ingest', 'i1', " + started + ", " + finalMinute * 1000 + ", 'web', 'READ', '', 12, "
        + (now * 1000) + ", " + (now * 1000) + ", 'audit.counts', 0, 1),"
        + rejected(started, finalMinute, "web", "required", 3, 2)
        + "," + rejected(started, finalMinute, "web", "required", 2, 3) + ","
        + rejected("toDateTime(" + provisionalMinute + ")", provisionalMinute, "web", "iso8601", 1, 4) + ","
        + rejected(started, finalMinute, AuditReconciliation.UNIDENTIFIED_SOURCE, "unauthorized", 4, 5));
  }

  private static String rejected(String minute, long minuteSeconds, String source, String rule, int count, int offset) {
    return "('ingest', 'ingest-1:8080', " + minute + ", " + minuteSeconds * 1000 + ", '" + source + "', 'REJECTED', '"
        + rule + "', " + count + ", 0, 0, 'audit.counts', 0, " + offset + ")";
  }

  /**
   * Delta rows of the experiment sums as transform-streams reports them: checkout's exposures (control 2,003
   * first exposures of which 3 later excluded, green 2,034) and its primary metric and guardrail per variant.
   */
  private static void insertExperimentRows() {
    String columns = " (experiment_key, phase_number, variation_id, metric, metric_kind, unit_delta, excluded_delta,"
        + " y_sum, y_sum_squares, d_sum, d_sum_squares, yd_sum, x_sum, x_sum_squares, xy_sum, first_exposure_ms,"
        + " last_exposure_ms, reporter, reported_at, reported_at_ms, _topic, _partition, _offset) VALUES ";
    long first = finalMinute * 1000;
    TestClickHouse.execute("INSERT INTO " + database + "." + ExperimentTables.EXPERIMENT_SUMS.name() + columns
        + sums("control", "", "", 2003, 0, "0, 0, 0, 0, 0", first + ", " + (first + 60_000), 1) + ","
        + sums("control", "", "", -3, 3, "0, 0, 0, 0, 0", "NULL, NULL", 2) + ","
        + sums("green", "", "", 2034, 0, "0, 0, 0, 0, 0", (first + 1000) + ", " + (first + 61_000), 3) + ","
        + sums("control", "purchase_conversion_rate", "proportion", 2000, 0, "203, 203, 0, 0, 0", "NULL, NULL", 4) + ","
        + sums("green", "purchase_conversion_rate", "proportion", 1500, 0, "180, 180, 0, 0, 0", "NULL, NULL", 5) + ","
        + sums("green", "purchase_conversion_rate", "proportion", 534, 0, "71, 71, 0, 0, 0", "NULL, NULL", 6) + ","
        + sums("control", "average_order_value", "ratio", 2000, 0, "10150, 560000, 203, 203, 10150", "NULL, NULL", 7)
        + ","
        + sums("green", "average_order_value", "ratio", 2034, 0, "13052, 760000, 251, 251, 13052", "NULL, NULL", 8));
  }

  private static String sums(String variation, String metric, String kind, long units, long excluded, String ys,
      String exposures, int offset) {
    return "('checkout', 1, '" + variation + "', '" + metric + "', '" + kind + "', " + units + ", " + excluded + ", "
        + ys + ", 0, 0, 0, " + exposures + ", '0', toDateTime(" + finalMinute + "), " + finalMinute * 1000
        + ", 'experiments.sums', 0, " + offset + ")";
  }

  private static String row(long minute, String event, String source, String status, long count, long users,
      double revenue, long version) {
    return "(toDateTime(" + minute + "), " + minute * 1000 + ", '" + event + "', '" + source + "', '" + status + "', "
        + count + ", " + users + ", " + revenue + ", [], " + (minute * 1000 + version) + ", 'metrics.minute', 0, "
        + version + ")";
  }

  private static String change(String id, String kind, String field, String from, String to, String by, long at,
      int offset) {
    return "('" + id + "', 'checkout', 1, '" + kind + "', '" + field + "', " + (from == null ? "NULL" : "'" + from + "'")
        + ", '" + to + "', '" + by + "', toDateTime(" + at + "), " + at * 1000 + ", " + at * 1000
        + ", 'experiments.changes', 0, " + offset + ")";
  }

  @Test
  void shouldShowEveryPageWithTheNumbersItsSqlAnswersAndTurnAProvisionalMinuteFinalWithoutReload() throws IOException {
    long started = System.nanoTime();
    open("metrics");
    Shown series = shown("card-series");
    assertThat(series.columns("events", "revenue_total", "too_late", "status"))
        .containsExactlyElementsOf(analystRows(series.sql()).stream().map(r -> List.of(r.get(1), money(r.get(2)),
            r.get(3), r.get(4).equals("0") ? "final" : "provisional")).toList());
    assertThat(series.rowClasses()).containsEntry(Long.toString(finalMinute), "final")
        .containsEntry(Long.toString(provisionalMinute), "provisional");
    assertThat(series.columns("t", "events", "too_late")).contains(List.of(utc(finalMinute), "10", "1"),
        List.of(utc(provisionalMinute), "4", "0"));
    for (String metric : MetricCatalogue.bundled().names()) {
      Shown shown = shown("metric-" + metric);
      assertThat(analystRows(shown.sql())).as(metric).isNotEmpty();
    }
    screenshot("metrics");
    System.out.printf("metrics page checked after %d ms%n", (System.nanoTime() - started) / 1_000_000);

    ((JavascriptExecutor) browser).executeScript("window.consoleTestMarker = 'same page';");
    TestClickHouse.execute("INSERT INTO " + database + "." + WarehouseTables.METRICS_MINUTE.name()
        + " (minute, minute_ms, event, source, status, count, distinct_users, revenue, user_hashes, updated_at_ms,"
        + " _topic, _partition, _offset) VALUES " + row(provisionalMinute, "signup", "web", "final", 6, 5, 0.0, 60));
    new WebDriverWait(browser, WAIT).until(b -> "final".equals(
        shown("card-series").rowClasses().get(Long.toString(provisionalMinute))));
    assertThat(shown("card-series").columns("t", "events")).contains(List.of(utc(provisionalMinute), "6"));
    assertThat(((JavascriptExecutor) browser).executeScript("return window.consoleTestMarker;")).isEqualTo("same page");

    System.out.printf("provisional minute final after %d ms%n", (System.nanoTime() - started) / 1_000_000);
    open("sessions");
    Shown persons = shown("card-persons");
    List<String> personsSql = analystRows(persons.sql()).get(0);
    assertThat(persons.tiles()).containsEntry("persons", personsSql.get(0)).containsEntry("persons", "2")
        .containsEntry("anonymous-ids", personsSql.get(1)).containsEntry("anonymous-ids", "2");
    Shown sessions = shown("card-sessions");
    assertThat(sessions.columns("sessions", "visitors")).containsExactlyElementsOf(
        analystRows(sessions.sql()).stream().map(r -> List.of(r.get(1), r.get(2))).toList());
    assertThat(sessions.columns("sessions")).containsExactly(List.of("2"));
    assertThat(shown("card-entry-pages").columns("entry", "sessions", "conversions"))
        .containsExactly(List.of("/home", "1", "1"), List.of("/pricing", "1", "0"));
    screenshot("sessions");

    open("experiments");
    Shown experiments = shown("card-experiments");
    assertThat(experiments.columns("experiment_key", "status", "coverage", "changes", "last_changed_by"))
        .containsExactly(List.of("checkout", "running", "0.2", "3", "ana"))
        .containsExactlyElementsOf(analystRows(experiments.sql()).stream()
            .map(r -> List.of(r.get(0), r.get(1), r.get(2), r.get(4), r.get(6))).toList());
    assertThat(shown("card-changes").columns("field", "from_value", "to_value", "changed_by")).containsExactly(
        List.of("*", "", "status=running; phase=1; seed=checkout; coverage=0.05", "ana"),
        List.of("coverage", "0.05", "0.1", "bo"), List.of("coverage", "0.1", "0.2", "ana"));
    long resultStarted = System.nanoTime();
    checkExperimentResult();
    screenshot("experiments");
    System.out.printf("experiment result checked in %d ms%n", (System.nanoTime() - resultStarted) / 1_000_000);

    open("health");
    Shown dead = shown("card-dead-letters");
    assertThat(dead.columns("reason", "letters", "sample_payload")).containsExactly(List.of("MALFORMED_JSON", "2", "<xml/>"))
        .containsExactlyElementsOf(analystRows(dead.sql()).stream().map(r -> List.of(r.get(0), r.get(1), r.get(4))).toList());
    assertThat(shown("card-reconciliation").tiles()).containsEntry("accepted", "12");
    Shown rejections = shown("card-rejections");
    assertThat(rejections.columns("rule", "source", "rejected")).containsExactly(List.of("required", "web", "5"),
        List.of("unauthorized", AuditReconciliation.UNIDENTIFIED_SOURCE, "4"), List.of("iso8601", "web", "1"))
        .containsExactlyElementsOf(analystRows(rejections.sql()).stream().map(r -> r.subList(0, 3)).toList());
    assertThat(rejections.tiles()).containsEntry("rejected", "10");
    screenshot("health");
    long injections = System.nanoTime();
    refusesInjectionStringsInTheNewParameters();
    System.out.printf("injection strings refused in %d ms%n", (System.nanoTime() - injections) / 1_000_000);
    System.out.printf("all pages checked after %d ms%n", (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * The experiment result card: its numbers are the report the CLI's path computes (the views read over plain
   * HTTP as the analyst, {@code ClickHouseExperimentResults}, through the same reporter), its SQL answers the
   * rows that report rests on, and its interval plot draws each treatment's fixed and sequential CI.
   */
  private static void checkExperimentResult() throws IOException {
    ExperimentDefinition definition = ((DefinitionsParser.Valid) DefinitionsParser.parseAnyMetrics(
        ExperimentResultFixtures.definitions())).definitions().byKey().get("checkout");
    ObservedResults observed = new ClickHouseExperimentResults(TestClickHouse.analyst(), database).read("checkout", 1);
    ExperimentReport report = ExperimentReporter.report(definition, 1, observed);
    assertThat(observed.sums()).hasSize(4);

    Shown card = shown("card-result");
    assertThat(card.tiles()).containsEntry("units-control", "2000").containsEntry("units-green", "2034")
        .containsEntry("excluded", "3").containsEntry("srm", report.srm().mismatch() ? "mismatch" : "ok");
    for (ExperimentReport.VariantUnits v : report.variants()) {
      assertThat(card.tiles()).containsEntry("units-" + v.variationId(), Long.toString(v.units()));
    }
    assertThat(card.tiles().get("sample-size")).isEqualTo(String.format(Locale.ROOT, "%.1f %%",
        100 * report.progress().fraction().getAsDouble()));
    // the shown SQL, run again as the analyst, answers the rows the report rests on
    String[] statements = card.sql().split(";\n\n");
    assertThat(analystRows(statements[0].replaceAll(";$", "")).stream().map(r -> List.of(r.get(2), r.get(3), r.get(5)))
        .toList()).containsExactlyInAnyOrderElementsOf(observed.sums().stream().map(r -> List.of(r.variationId(),
            r.metric(), Long.toString(r.units()))).toList());
    assertThat(analystRows(statements[1].replaceAll(";$", "")).stream().map(r -> List.of(r.get(2), r.get(3), r.get(4)))
        .toList()).containsExactlyInAnyOrder(List.of("control", "2000", "3"), List.of("green", "2034", "0"));

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> shown = (Map<String, Map<String, Object>>) ((JavascriptExecutor) browser)
        .executeScript(READ_RESULT);
    assertThat(shown.keySet()).containsExactlyInAnyOrder("purchase_conversion_rate", "average_order_value");
    for (ExperimentReport.MetricReport metric : report.metrics()) {
      ExperimentReport.Comparison green = metric.comparisons().get(0);
      ExperimentReport.Analysed analysed = (ExperimentReport.Analysed) green.analysis();
      StatsResult.Computed fixed = (StatsResult.Computed) analysed.relativeFixed();
      StatsResult.Computed sequential = (StatsResult.Computed) analysed.relativeSequential();
      Map<String, Object> row = shown.get(metric.metric());
      assertThat(number(row, "effect")).as(metric.metric()).isCloseTo(fixed.effect(), within(1e-12));
      assertThat(number(row, "fixedLo")).isCloseTo(fixed.interval().lower(), within(1e-12));
      assertThat(number(row, "fixedHi")).isCloseTo(fixed.interval().upper(), within(1e-12));
      assertThat(number(row, "seqLo")).isCloseTo(sequential.interval().lower(), within(1e-12));
      assertThat(number(row, "seqHi")).isCloseTo(sequential.interval().upper(), within(1e-12));
      assertThat(number(row, "chance")).isCloseTo(analysed.chanceToWin().getAsDouble(), within(1e-12));
      assertThat(row.get("decision")).isEqualTo(green.verdict().decision().name().toLowerCase(Locale.ROOT));
      assertThat(row.get("words")).isEqualTo(green.verdict().words());
      assertThat(row.get("effectText")).isEqualTo(String.format(Locale.ROOT, "%+.1f %%", 100 * fixed.effect()));
      // the interval plot: both intervals and the effect of the treatment, as drawn
      assertThat(number(row, "plotFixedLo")).isCloseTo(fixed.interval().lower(), within(1e-12));
      assertThat(number(row, "plotFixedHi")).isCloseTo(fixed.interval().upper(), within(1e-12));
      assertThat(number(row, "plotSeqLo")).isCloseTo(sequential.interval().lower(), within(1e-12));
      assertThat(number(row, "plotSeqHi")).isCloseTo(sequential.interval().upper(), within(1e-12));
      assertThat(number(row, "plotEffect")).isCloseTo(fixed.effect(), within(1e-12));
      assertThat(number(row, "plotFixedWidth")).as("the fixed CI is drawn as a line").isGreaterThan(1);
      assertThat(number(row, "plotSeqWidth")).as("the sequential CI is drawn wider than the fixed one")
          .isGreaterThan(number(row, "plotFixedWidth"));
    }
    WebElement result = browser.findElement(By.id("card-result"));
    Files.write(SCREENSHOTS.resolve("experiment-result.png"), result.getScreenshotAs(OutputType.BYTES));

    // phase 1 asked for explicitly: the same report, now with the phase in its CSV link
    ((JavascriptExecutor) browser).executeScript("const s = document.getElementById('phase'); s.value = '1';"
        + " s.dispatchEvent(new Event('change'));");
    new WebDriverWait(browser, WAIT).until(b -> b.findElement(By.cssSelector("#card-result a.csv"))
        .getAttribute("href").contains("phase=1"));
    assertThat(shown("card-result").tiles()).containsEntry("units-green", "2034");
  }

  /** Per metric, the treatment's row of the result card and its shapes in the interval plot (raw numbers). */
  private static final String READ_RESULT = """
      const out = {};
      document.querySelectorAll('#card-result .metric-result').forEach(block => {
        const tr = block.querySelector("tr[data-variation='green']");
        const fixed = block.querySelector("svg line.ci-fixed[data-variation='green']");
        const seq = block.querySelector("svg line.ci-sequential[data-variation='green']");
        const dot = block.querySelector("svg circle.effect[data-variation='green']");
        const width = l => Math.abs(Number(l.getAttribute('x2')) - Number(l.getAttribute('x1')));
        out[block.dataset.metric] = {
          effect: tr.dataset.effect, fixedLo: tr.dataset.fixedLo, fixedHi: tr.dataset.fixedHi,
          seqLo: tr.dataset.seqLo, seqHi: tr.dataset.seqHi, chance: tr.dataset.chance, decision: tr.dataset.decision,
          effectText: tr.querySelector("td[data-col='effect']").textContent,
          words: block.querySelector("p[data-verdict='green']").textContent,
          plotFixedLo: fixed.dataset.lo, plotFixedHi: fixed.dataset.hi, plotSeqLo: seq.dataset.lo,
          plotSeqHi: seq.dataset.hi, plotEffect: dot.dataset.effect, plotFixedWidth: String(width(fixed)),
          plotSeqWidth: String(width(seq)) };
      });
      return out;
      """;

  private static double number(Map<String, Object> row, String key) {
    return Double.parseDouble(String.valueOf(row.get(key)));
  }

  /** Injection strings in the new parameters: each refused with 400 naming it, before any query. */
  private static void refusesInjectionStringsInTheNewParameters() throws IOException {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + console.port();
    for (String hostile : List.of("' OR 1=1 --", "checkout' OR '1'='1", "x') UNION SELECT name FROM system.users --",
        "1; DROP TABLE t", "\\' OR 1=1")) {
      String value = URLEncoder.encode(hostile, StandardCharsets.UTF_8);
      assertThat(get(http, base + "/api/experiments/result?experiment=" + value)).as(hostile)
          .contains("\"field\":\"experiment\"");
      assertThat(get(http, base + "/api/experiments/result?experiment=checkout&phase=" + value)).as(hostile)
          .contains("\"field\":\"phase\"");
      assertThat(get(http, base + "/api/health/rejections?from=" + value)).as(hostile)
          .contains("\"field\":\"from\"");
    }
  }

  private static String get(HttpClient http, String url) throws IOException {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(url).isEqualTo(400);
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static void open(String page) {
    if (browser.getCurrentUrl().startsWith("http://127.0.0.1:" + console.port())) {
      ((JavascriptExecutor) browser).executeScript("location.hash = arguments[0];", page);
    } else {
      browser.get("http://127.0.0.1:" + console.port() + "/#" + page);
    }
    new WebDriverWait(browser, WAIT).until(b -> page.equals(b.findElement(By.tagName("body")).getAttribute("data-page")));
  }

  /** The card once it has rendered an answer (data-loaded set) and has no error. */
  private static WebElement loaded(String id) {
    return new WebDriverWait(browser, WAIT).until(b -> {
      WebElement card = b.findElement(By.id(id));
      String error = card.getAttribute("class");
      if (error != null && error.contains("error")) {
        throw new AssertionError(id + " shows an error: " + card.getAttribute("textContent"));
      }
      return card.getAttribute("data-loaded") != null ? card : null;
    });
  }

  /** What one card shows, read in one script call so that a live refresh cannot interleave. */
  private record Shown(String sql, List<List<String>> rows, Map<String, String> tiles, Map<String, String> rowClasses) {

    List<List<String>> columns(String... names) {
      return rows.stream().map(r -> Arrays.stream(names).map(n -> r.get(COLUMNS.indexOf(n))).toList()).toList();
    }
  }

  /** Every data-col the page's tables use, in one order, so a row is a fixed-width list. */
  private static final List<String> COLUMNS = List.of("t", "events", "revenue_total", "too_late", "status", "sessions",
      "visitors", "entry", "conversions", "experiment_key", "coverage", "changes", "last_changed_by", "field",
      "from_value", "to_value", "changed_by", "reason", "letters", "sample_payload", "rule", "source", "rejected");

  private static final String READ_CARD = """
      const card = document.getElementById(arguments[0]);
      const cols = arguments[1];
      const rows = [...card.querySelectorAll('table.data tbody tr')].map(tr => cols.map(c => {
        const td = tr.querySelector("td[data-col='" + c + "']");
        return td ? td.textContent : null;
      }));
      const tiles = {};
      card.querySelectorAll('[data-tile]').forEach(t => tiles[t.dataset.tile] = t.querySelector('.n').textContent);
      const classes = {};
      card.querySelectorAll('tr[data-t]').forEach(tr => classes[tr.dataset.t] = tr.className);
      return [card.querySelector('pre.sql').textContent, rows, tiles, classes];
      """;

  @SuppressWarnings("unchecked")
  private static Shown shown(String id) {
    loaded(id);
    List<Object> read = (List<Object>) ((JavascriptExecutor) browser).executeScript(READ_CARD, id, COLUMNS);
    return new Shown((String) read.get(0), (List<List<String>>) read.get(1), (Map<String, String>) read.get(2),
        (Map<String, String>) read.get(3));
  }

  /** The SQL the page shows, run as the analyst over plain HTTP (not the console's driver): TSV rows. */
  private static List<List<String>> analystRows(String sql) {
    String tsv = TestClickHouse.analyst().query(database, sql + " FORMAT TSV");
    return tsv.lines().filter(l -> !l.isEmpty()).map(l -> Arrays.asList(l.split("\t", -1)))
        .map(r -> r.stream().map(v -> v.equals("\\N") ? "" : v).toList()).toList();
  }

  /** How the page prints a period: {@code yyyy-MM-dd HH:mm} UTC. */
  private static String utc(long epochSeconds) {
    return Instant.ofEpochSecond(epochSeconds).toString().replace("T", " ").replace(":00Z", "");
  }

  /** How the page prints a number ClickHouse printed: integers as they are, others with two decimals. */
  private static String money(String value) {
    double d = Double.parseDouble(value);
    return d == Math.rint(d) ? Long.toString((long) d) : String.format(java.util.Locale.ROOT, "%.2f", d);
  }

  private static void screenshot(String page) throws IOException {
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(page + ".png"), png);
  }
}
