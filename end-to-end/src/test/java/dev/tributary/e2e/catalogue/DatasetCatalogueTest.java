package dev.tributary.e2e.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.catalogue.Dataset;
import dev.tributary.common.catalogue.Dataset.Stage;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TableEngine;
import dev.tributary.common.catalogue.Rollups;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.e2e.crash.PipelineProcesses;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.localstack.cli.LocalStack;
import dev.tributary.localstack.cli.StackLayout;
import dev.tributary.sink.config.SinkSettings;
import dev.tributary.streams.config.StreamsSettings;
import dev.tributary.warehouse.schema.TableDdl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * Walks the dataset catalogue and checks every place that derives from it: the services' topic
 * keys, the warehouse DDL, the launchers' topic lists and the schema history of each contract. A
 * dataset added to {@link Datasets} without one of them fails here, naming what is missing.
 * (The topology's topics are checked by transform-streams' {@code TopologyCatalogueTest}.)
 */
class DatasetCatalogueTest {

  @Test
  void shouldDefineEachTopicKeyInEveryServiceThatUsesTheDataset() {
    for (Dataset<?> d : Datasets.ALL) {
      String key = d.topic().configKey();
      assertThat(defines(IngestSettings.definition(), d)).as("ingest defines %s", key)
          .isEqualTo(d.writtenBy(Stage.INGEST));
      assertThat(defines(StreamsSettings.definition(), d)).as("streams defines %s", key)
          .isEqualTo(d == Datasets.RAW || d.writtenBy(Stage.STREAMS));
      assertThat(defines(SinkSettings.definition(), d)).as("sink defines %s", key)
          .isEqualTo(d.warehouse().isPresent());
    }
  }

  @Test
  void shouldLoadEveryDatasetThatHasATable() {
    assertThat(SinkSettings.DATASETS).containsExactlyElementsOf(
        Datasets.ALL.stream().filter(d -> d.table().isPresent()).toList());
    assertThat(SinkSettings.of(java.util.Map.of()).topics().datasets()).containsExactlyElementsOf(SinkSettings.DATASETS);
  }

  @Test
  void shouldCreateEveryTableAndViewOfTheCatalogue() {
    List<String> ddl = TableDdl.statements("db");
    for (WarehouseTable t : Datasets.tables()) {
      assertThat(ddl).as("DDL of table %s", t.name())
          .anyMatch(s -> s.startsWith("CREATE TABLE IF NOT EXISTS `db`.`" + t.name() + "` ("));
      // a view reads its own table, FINAL when rows of a key are replaced (a log has nothing to collapse),
      // unless it is declared unmerged
      t.views().forEach(v -> {
        String reads = " FROM `db`.`" + t.name() + "`"
            + (t.engine().kind() == TableEngine.Kind.REPLACING && !v.unmerged() ? " FINAL" : "");
        assertThat(ddl).as("DDL of view %s", v.name())
            .anyMatch(s -> s.startsWith("CREATE VIEW IF NOT EXISTS `db`.`" + v.name() + "` AS SELECT ")
                && s.contains(reads));
      });
    }
    long tablesAndViews = Datasets.tables().stream().mapToLong(t -> 1 + t.views().size()).sum();
    // plus the rollups' tables and materialized views, derived from the metrics tables
    assertThat(ddl).hasSize(1 + (int) tablesAndViews + Rollups.relations().size());
  }

  @Test
  void shouldProvisionEveryTopicInTheLaunchers() {
    assertThat(LocalStack.TOPICS).containsExactlyElementsOf(Datasets.defaultTopicNames());
    assertThat(PipelineProcesses.TOPICS).containsExactlyElementsOf(Datasets.defaultTopicNames());
  }

  @Test
  void shouldKeepASchemaHistoryForEveryContract() {
    Path history = StackLayout.discover(Optional.empty()).root().resolve("schemas/src/test/resources/schema-history");
    for (Dataset<?> d : Datasets.ALL) {
      Path dir = history.resolve(d.contract().getSimpleName());
      assertThat(Files.isDirectory(dir)).as("schema history of %s (%s) in %s: the compatibility test checks"
          + " each version against the next", d.name(), d.contract().getSimpleName(), dir).isTrue();
    }
  }

  private static boolean defines(ConfigDef def, Dataset<?> d) {
    ConfigDef.ConfigKey key = def.configKeys().get(d.topic().configKey());
    if (key == null) {
      return false;
    }
    assertThat(key.defaultValue).as("default of %s", d.topic().configKey()).isEqualTo(d.topic().defaultName());
    return true;
  }
}
