package dev.tributary.console.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tributary.console.warehouse.QueryResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleEndpointsTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
  private static final List<String> HOSTILE = List.of("' OR 1=1 --", "\\' OR 1=1; DROP TABLE x --", "x') UNION SELECT"
      + " name FROM system.users --", "`evil`", "?", "1; SELECT 1", "a\nb");
  private static final ConsoleEndpoints ENDPOINTS = new ConsoleEndpoints(new ConsoleViews("tributary"));
  /** The catalogue entry the metric endpoint's first query would find. */
  private static final QueryResult ENTRY = new QueryResult(List.of("name", "grain", "sql"),
      List.of(List.of("daily_revenue", "day", "SELECT toDate(minute) AS period, sum(revenue) AS value FROM m GROUP BY period")), 1);

  /** The queries an endpoint runs for {@code params}, the catalogue entry standing in for the warehouse. */
  private static List<ConsoleQuery> queries(Endpoint endpoint, Map<String, String> params) {
    Map<String, List<String>> values = new HashMap<>();
    params.forEach((k, v) -> values.put(k, List.of(v)));
    List<ConsoleQuery> ran = new ArrayList<>();
    ConsoleEndpoints.answer(endpoint, new RequestParams(values, endpoint.allowed(), CLOCK), q -> {
      ran.add(q);
      return ENTRY;
    });
    return ran;
  }

  private static Map<String, String> valid(Endpoint endpoint) {
    Map<String, String> p = new HashMap<>();
    if (endpoint.params().contains("experiment")) {
      p.put("experiment", "checkout");
    }
    if (endpoint.params().contains("name")) {
      p.put("name", "daily_revenue");
    }
    return p;
  }

  @Test
  void shouldAnswerEveryEndpointWithoutOptionalParameters() {
    for (Endpoint endpoint : ENDPOINTS.all()) {
      assertThat(queries(endpoint, valid(endpoint))).as(endpoint.path()).isNotEmpty();
    }
  }

  @Test
  void shouldBindOrRefuseInjectionStringsInEveryParameter() {
    for (Endpoint endpoint : ENDPOINTS.all()) {
      for (String param : endpoint.params()) {
        for (String hostile : HOSTILE) {
          Map<String, String> params = valid(endpoint);
          params.put(param, hostile);
          Throwable refused = catchThrowable(() -> queries(endpoint, params));
          if (refused != null) {
            assertThat(refused).as(endpoint.path() + " " + param).isInstanceOf(InvalidParameterException.class);
            assertThat(((InvalidParameterException) refused).parameter()).isEqualTo(param);
            continue;
          }
          // the SQL text is the same whatever the value: it only travels as a bound parameter
          Map<String, String> benign = valid(endpoint);
          benign.put(param, "benign");
          List<ConsoleQuery> hostileQueries = queries(endpoint, params);
          assertThat(hostileQueries.stream().map(ConsoleQuery::template).toList()).as(endpoint.path() + " " + param)
              .isEqualTo(queries(endpoint, benign).stream().map(ConsoleQuery::template).toList());
          assertThat(hostileQueries.get(hostileQueries.size() - 1).params()).as(endpoint.path() + " " + param)
              .contains(new SqlParam.Text(hostile));
        }
      }
    }
  }

  @Test
  void shouldFilterTheSeriesByEventThroughABoundParameter() {
    ConsoleQuery q = queries(ENDPOINTS.byPath("/api/metrics/series").orElseThrow(), Map.of("event", "signup")).get(0);
    assertThat(q.template()).contains("AND event = ?");
    assertThat(q.params()).contains(new SqlParam.Text("signup"));
  }

  @Test
  void shouldRunACatalogueMetricAsItsOwnSqlWindowedByItsGrain() {
    List<ConsoleQuery> ran = queries(ENDPOINTS.byPath("/api/metrics/metric").orElseThrow(), Map.of("name", "daily_revenue"));
    assertThat(ran).hasSize(2);
    assertThat(ran.get(0).params()).containsExactly(new SqlParam.Text("daily_revenue"));
    assertThat(ran.get(1).template()).contains("FROM (SELECT toDate(minute) AS period, sum(revenue) AS value FROM m"
        + " GROUP BY period) WHERE toDateTime(period) >= toDateTime(?)");
    long to = ((SqlParam.Int) ran.get(1).params().get(1)).value();
    long from = ((SqlParam.Int) ran.get(1).params().get(0)).value();
    assertThat(to - from).isEqualTo(Grain.DAY.defaultSpan().toSeconds());
  }

  @Test
  void shouldNameTheUnknownMetric() {
    Endpoint metric = ENDPOINTS.byPath("/api/metrics/metric").orElseThrow();
    Throwable refused = catchThrowable(() -> ConsoleEndpoints.answer(metric, new RequestParams(
        Map.of("name", List.of("nope")), metric.allowed(), CLOCK), q -> new QueryResult(List.of(), List.of(), 0)));
    assertThat(refused).isInstanceOf(InvalidParameterException.class).hasMessageContaining("no metric 'nope'");
  }
}
