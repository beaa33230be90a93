package dev.tributary.console.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tributary.console.query.ConsoleQuery;
import dev.tributary.console.query.InvalidParameterException;
import dev.tributary.console.query.RequestParams;
import dev.tributary.console.query.SqlParam;
import dev.tributary.console.warehouse.Warehouse;
import dev.tributary.experiments.definition.DefinitionsParser;
import dev.tributary.experiments.definition.ExperimentDefinition;
import dev.tributary.experiments.report.ExperimentReporter;
import dev.tributary.experiments.report.ReportJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentResultEndpointTest {

  private static final List<String> HOSTILE = List.of("' OR 1=1 --", "\\' OR 1=1; DROP TABLE x --", "x') UNION SELECT"
      + " name FROM system.users --", "`evil`", "?", "1; SELECT 1", "a\nb", "1 OR 1=1", "-1", "99999999999");
  @TempDir
  static Path dir;
  private static Path file;

  @BeforeAll
  static void definitions() throws IOException {
    file = dir.resolve("experiments.yaml");
    Files.writeString(file, fixture());
  }

  private static String fixture() throws IOException {
    return ExperimentResultFixtures.definitions();
  }

  private final List<ConsoleQuery> ran = new ArrayList<>();
  private final Warehouse warehouse = q -> {
    ran.add(q);
    return q.name().endsWith(".sums") ? ExperimentResultFixtures.SUMS : ExperimentResultFixtures.EXPOSURES;
  };

  private static ExperimentResultEndpoint endpoint(Optional<Path> path) {
    return new ExperimentResultEndpoint(new DefinitionsFile(path), new ExperimentResultQueries("tributary"));
  }

  private static RequestParams params(Map<String, String> values) {
    Map<String, List<String>> multi = new HashMap<>();
    values.forEach((k, v) -> multi.put(k, List.of(v)));
    return new RequestParams(multi, Set.of("experiment", "phase", "format"), Clock.systemUTC());
  }

  @Test
  void shouldAnswerWhatTheExperimentsModulesReporterSaysAboutTheSameRows() throws IOException {
    ExperimentResultEndpoint.Answer answer = endpoint(Optional.of(file)).answer(params(Map.of("experiment", "checkout")),
        warehouse);

    ExperimentDefinition definition = ((DefinitionsParser.Valid) DefinitionsParser.parseAnyMetrics(fixture()))
        .definitions().byKey().get("checkout");
    assertThat(ReportJson.toJson(answer.report())).isEqualTo(ReportJson.toJson(ExperimentReporter.report(definition, 1,
        ExperimentResultQueries.observed(ExperimentResultFixtures.SUMS, ExperimentResultFixtures.EXPOSURES))));
    assertThat(answer.report().variants()).extracting(v -> v.units()).containsExactly(2000L, 2034L);
    assertThat(answer.report().excludedUnits()).isEqualTo(3);
    assertThat(answer.queries()).isEqualTo(ran);
    assertThat(ran).extracting(q -> q.params()).containsOnly(List.of(new SqlParam.Text("checkout"),
        new SqlParam.Int(1)));
  }

  @Test
  void shouldReadTheAskedPhaseAndRefuseOneThatHasNotStarted() {
    endpoint(Optional.of(file)).answer(params(Map.of("experiment", "checkout", "phase", "1")), warehouse);
    assertThat(ran.get(0).params()).contains(new SqlParam.Int(1));

    InvalidParameterException refused = catchThrowableOfType(() -> endpoint(Optional.of(file)).answer(
        params(Map.of("experiment", "checkout", "phase", "2")), warehouse), InvalidParameterException.class);
    assertThat(refused.parameter()).isEqualTo("phase");
    assertThat(refused).hasMessageContaining("is in phase 1; phase 2 has not started");
  }

  @Test
  void shouldRefuseInjectionStringsInEveryParameterBeforeAnyQuery() {
    for (String param : List.of("experiment", "phase")) {
      for (String hostile : HOSTILE) {
        Map<String, String> values = new HashMap<>(Map.of("experiment", "checkout"));
        values.put(param, hostile);
        InvalidParameterException refused = catchThrowableOfType(() -> endpoint(Optional.of(file)).answer(
            params(values), warehouse), InvalidParameterException.class);
        assertThat(refused).as(param + " = " + hostile).isNotNull();
        assertThat(refused.parameter()).isEqualTo(param);
      }
    }
    assertThat(ran).isEmpty();
  }

  @Test
  void shouldNameTheKnownExperimentsForAnUnknownOne() {
    assertThatThrownBy(() -> endpoint(Optional.of(file)).answer(params(Map.of("experiment", "nope")), warehouse))
        .isInstanceOf(InvalidParameterException.class).hasMessageContaining("no experiment 'nope'")
        .hasMessageContaining("they define checkout");
  }

  @Test
  void shouldSayWhichSettingIsMissingWithoutADefinitionsFile() {
    assertThatThrownBy(() -> endpoint(Optional.empty()).answer(params(Map.of("experiment", "checkout")), warehouse))
        .isInstanceOf(DefinitionsUnavailableException.class).hasMessageContaining("experiments.definitions.file");
  }

  @Test
  void shouldFollowAnEditOfTheDefinitionsFile() throws IOException {
    Path edited = dir.resolve("edited.yaml");
    Files.writeString(edited, fixture());
    ExperimentResultEndpoint endpoint = endpoint(Optional.of(edited));
    assertThat(endpoint.answer(params(Map.of("experiment", "checkout")), warehouse).report().status().code())
        .isEqualTo("running");

    Files.writeString(edited, fixture().replace("status: running", "status: stopped\n    stop: 2026-12-01T09:00:00Z"));
    Files.setLastModifiedTime(edited, FileTime.from(Instant.now().plusSeconds(5)));

    assertThat(endpoint.answer(params(Map.of("experiment", "checkout")), warehouse).report().status().code())
        .isEqualTo("stopped");
    Files.writeString(edited, "experiments: [{key: broken}]");
    Files.setLastModifiedTime(edited, FileTime.from(Instant.now().plusSeconds(10)));
    assertThatThrownBy(() -> endpoint.answer(params(Map.of("experiment", "checkout")), warehouse))
        .isInstanceOf(DefinitionsUnavailableException.class).hasMessageContaining("is refused");
  }
}
