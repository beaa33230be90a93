package dev.tributary.console.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.WarehouseView;
import dev.tributary.warehouse.metrics.MetricDefinitionsTable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleViewsTest {

  @Test
  void shouldReadOnlyViewsTheCatalogueDeclares() {
    List<String> declared = new ArrayList<>(Datasets.tables().stream()
        .flatMap(t -> t.views().stream()).map(WarehouseView::name).toList());
    declared.add(MetricDefinitionsTable.VIEW);
    assertThat(declared).containsAll(ConsoleViews.all());
  }

  @Test
  void shouldQualifyEachViewWithTheDatabase() {
    ConsoleViews views = new ConsoleViews("wh");
    assertThat(views.metrics(Grain.MINUTE)).isEqualTo("`wh`.`metrics_minute_v`");
    assertThat(views.metrics(Grain.HOUR)).isEqualTo("`wh`.`metrics_hour_v`");
    assertThat(views.metrics(Grain.DAY)).isEqualTo("`wh`.`metrics_day_v`");
    assertThat(views.deadLetters()).isEqualTo("`wh`.`dead_letters_v`");
    assertThat(views.persons()).isEqualTo("`wh`.`persons_v`");
  }
}
