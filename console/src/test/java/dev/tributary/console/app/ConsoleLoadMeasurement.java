package dev.tributary.console.app;

import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.console.clickhouse.JdbcWarehouse;
import dev.tributary.console.experiments.ExperimentResultFixtures;
import dev.tributary.console.query.ConsoleQuery;
import dev.tributary.console.query.ConsoleViews;
import dev.tributary.console.query.Grain;
import dev.tributary.console.query.MetricQueries;
import dev.tributary.console.query.TimeRange;
import dev.tributary.console.config.ConsoleSettings;
import dev.tributary.testsupport.TestClickHouse;
import dev.tributary.warehouse.metrics.MetricCatalogue;
import dev.tributary.warehouse.metrics.MetricDefinitionsTable;
import dev.tributary.warehouse.schema.TableDdl;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Measures, not a test (its name matches neither surefire's nor failsafe's patterns, so no build runs it): the
 * cost of a new JDBC connection per query against a reused one, the endpoints' latency and the page's load times
 * over a day of minute data (14,400 {@code metrics_minute} rows) and a day of experiment reports (103,680 delta
 * rows), in real Chromium. Prints {@code MEASURE} lines; docs/CONSOLE.md has the figures. Run:
 * {@code ./mvnw -o -pl console verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=ConsoleLoadMeasurement}.
 */
class ConsoleLoadMeasurement {

  private static JdbcWarehouse warehouse(String db) {
    return new JdbcWarehouse(TestClickHouse.httpUrl(), db, "analyst", "analyst",
        Duration.ofSeconds(30), 10_000, 1);
  }

  private static void pageLoads(String base) throws Exception {
    ChromeOptions options = new ChromeOptions();
    Path profile = Files.createTempDirectory("measure-chromium-");
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
        "--window-size=1400,1800", "--user-data-dir=" + profile);
    WebDriver browser = new ChromeDriver(
        new ChromeDriverService.Builder().usingDriverExecutable(
            new File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
    JavascriptExecutor js = (JavascriptExecutor) browser;
    WebDriverWait wait = new WebDriverWait(browser,
        Duration.ofSeconds(60));
    try {
      for (int run = 0; run < 3; run++) {
        browser.get("about:blank");
        long t0 = System.nanoTime();
        browser.get(base + "/#metrics");
        wait.until(b -> b.findElement(By.tagName("body")).getAttribute("data-refreshed") != null);
        long load = (System.nanoTime() - t0) / 1_000_000;
        String before = browser.findElement(By.tagName("body")).getAttribute("data-refreshed");
        long t1 = System.nanoTime();
        js.executeScript("const s = document.getElementById('span'); s.value = '86400';"
            + " s.dispatchEvent(new Event('change'));");
        // refreshed since the change, with the day's 1,439 minutes in the series
        wait.until(b -> !before.equals(b.findElement(By.tagName("body")).getAttribute("data-refreshed"))
            && String.valueOf(js.executeScript("return document.querySelector('#card-series .elapsed').textContent"))
                .startsWith("14"));
        long day = (System.nanoTime() - t1) / 1_000_000;
        long t2 = System.nanoTime();
        js.executeScript("location.hash = 'experiments'");
        wait.until(b -> b.findElement(By.id("card-result")).getAttribute("data-loaded") != null);
        long experiments = (System.nanoTime() - t2) / 1_000_000;
        System.out.printf("MEASURE page run %d: full load (metrics, last hour) %d ms; minutes of the last 24 h %d ms;"
            + " experiments page with the result %d ms; status: %s%n", run, load, day, experiments,
            browser.findElement(By.id("status")).getText());
      }
    } finally {
      browser.quit();
    }
  }

  @Test
  void measure() throws Exception {
    String db = TestClickHouse.createDatabase();
    TableDdl.statements(db).forEach(TestClickHouse::execute);
    MetricDefinitionsTable.ddl(db).forEach(TestClickHouse::execute);
    TestClickHouse.execute(MetricDefinitionsTable.insert(db, MetricCatalogue.bundled(), Instant.now()));
    long now = Instant.now().getEpochSecond() / 60 * 60;
    long start = now - 86_400;
    TestClickHouse.execute("INSERT INTO " + db + "." + WarehouseTables.METRICS_MINUTE.name()
        + " (minute, minute_ms, event, source, status, count, distinct_users, revenue, user_hashes, updated_at_ms,"
        + " _topic, _partition, _offset) SELECT toDateTime(" + start + " + intDiv(number, 10) * 60),"
        + " (" + start + " + intDiv(number, 10) * 60) * 1000, concat('event_', toString(number % 10)), 'web', 'final',"
        + " 10 + number % 7, 5, 1.5, [], 1, 'metrics.minute', 0, number FROM system.numbers LIMIT 14400");
    // connection reuse, isolated: the same query through a new JdbcWarehouse each time (a new connection, as before
    // the pool) and through one reused JdbcWarehouse, interleaved so that the machine's load hits both alike
    ConsoleQuery seriesQuery = new MetricQueries(
        new ConsoleViews(db)).series(Grain.MINUTE,
        new TimeRange(start, now + 60), Optional.empty());
    ConsoleQuery one = ConsoleQuery.of("one", "SELECT 1 AS one");
    for (ConsoleQuery q : List.of(one, seriesQuery)) {
      List<Long> fresh = new ArrayList<>();
      List<Long> reused = new ArrayList<>();
      try (JdbcWarehouse pooled = warehouse(db)) {
        for (int i = 0; i < 60; i++) {
          long t0 = System.nanoTime();
          try (JdbcWarehouse w = warehouse(db)) {
            w.run(q);
          }
          long t1 = System.nanoTime();
          pooled.run(q);
          long t2 = System.nanoTime();
          if (i >= 10) {
            fresh.add((t1 - t0) / 1000);
            reused.add((t2 - t1) / 1000);
          }
        }
      }
      Collections.sort(fresh);
      Collections.sort(reused);
      System.out.printf("MEASURE %s: new connection per query median %.1f ms (p90 %.1f), reused median %.1f ms (p90 %.1f)%n",
          q.name(), fresh.get(25) / 1000.0, fresh.get(45) / 1000.0, reused.get(25) / 1000.0, reused.get(45) / 1000.0);
    }
    // a day of experiment reports: 2 variants x (exposures + 2 metrics), one delta row per cell every 5 s
    TestClickHouse.execute("INSERT INTO " + db + ".experiment_sums (experiment_key, phase_number, variation_id, metric,"
        + " metric_kind, unit_delta, excluded_delta, y_sum, y_sum_squares, d_sum, d_sum_squares, yd_sum, x_sum,"
        + " x_sum_squares, xy_sum, first_exposure_ms, last_exposure_ms, reporter, reported_at, reported_at_ms, _topic,"
        + " _partition, _offset) SELECT 'checkout', 1, if(number % 2 = 0, 'control', 'green'),"
        + " ['', 'purchase_conversion_rate', 'average_order_value'][intDiv(number, 2) % 3 + 1],"
        + " ['', 'proportion', 'ratio'][intDiv(number, 2) % 3 + 1], 1, 0,"
        + " [0, toFloat64(number % 7 = 0), 25.0 * (number % 7 = 0)][intDiv(number, 2) % 3 + 1],"
        + " [0, toFloat64(number % 7 = 0), 625.0 * (number % 7 = 0)][intDiv(number, 2) % 3 + 1],"
        + " [0, 0, toFloat64(number % 7 = 0)][intDiv(number, 2) % 3 + 1],"
        + " [0, 0, toFloat64(number % 7 = 0)][intDiv(number, 2) % 3 + 1],"
        + " [0, 0, 25.0 * (number % 7 = 0)][intDiv(number, 2) % 3 + 1], 0, 0, 0,"
        + " if(intDiv(number, 2) % 3 = 0, toNullable(" + start * 1000 + " + number * 800), NULL),"
        + " if(intDiv(number, 2) % 3 = 0, toNullable(" + start * 1000 + " + number * 800), NULL),"
        + " '0', toDateTime(" + start + " + intDiv(number, 6) * 5), (" + start + " + intDiv(number, 6) * 5) * 1000,"
        + " 'experiments.sums', 0, number FROM system.numbers LIMIT 103680");
    TestClickHouse.execute("INSERT INTO " + db + ".experiment_changes (change_id, experiment_key, phase, kind, field,"
        + " from_value, to_value, changed_by, changed_at, changed_at_ms, recorded_at_ms, _topic, _partition, _offset)"
        + " VALUES ('c1', 'checkout', 1, 'created', '*', NULL, 'status=running; coverage=0.2', 'ana', toDateTime("
        + start + "), " + start * 1000 + ", " + start * 1000 + ", 'experiments.changes', 0, 1)");
    Path definitions = Files.createTempFile("measure", ".yaml");
    Files.writeString(definitions, ExperimentResultFixtures.definitions());
    try (ConsoleApplication console = ConsoleApplication.start(ConsoleSettings.of(Map.of(
        ConsoleSettings.HTTP_PORT, "0", ConsoleSettings.CLICKHOUSE_URL, TestClickHouse.httpUrl(),
        ConsoleSettings.CLICKHOUSE_DATABASE, db, ConsoleSettings.EXPERIMENTS_DEFINITIONS_FILE, definitions.toString())),
        Clock.systemUTC())) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + console.port();
      String series = base + "/api/metrics/series?grain=minute&from=" + start + "&to=" + (now + 60);
      for (String url : List.of(base + "/api/experiments/result?experiment=checkout", series,
          base + "/api/health/rejections", base + "/api/experiments")) {
        List<Long> ms = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i < 40; i++) {
          long t0 = System.nanoTime();
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofString());
          ms.add((System.nanoTime() - t0) / 1_000_000);
          bytes = r.body().length();
          if (r.statusCode() != 200) {
            throw new AssertionError(r.body());
          }
        }
        List<Long> warm = new ArrayList<>(ms.subList(5, ms.size()));
        Collections.sort(warm);
        System.out.printf("MEASURE %s: first %d ms, warm min %d median %d p90 %d ms, %d bytes%n", url.replace(base, ""),
            ms.get(0), warm.get(0), warm.get(warm.size() / 2), warm.get(warm.size() * 9 / 10), bytes);
      }
      pageLoads(base);
    }
  }
}
