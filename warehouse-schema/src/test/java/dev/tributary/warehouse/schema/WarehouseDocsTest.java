package dev.tributary.warehouse.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.catalogue.Datasets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/WAREHOUSE.md} equal to the catalogue. After changing a dataset, regenerate it
 * with {@code ./mvnw -pl warehouse-schema test -Dtest=WarehouseDocsTest -Dwarehouse.docs.write=true}.
 */
class WarehouseDocsTest {

  private static final Path DOC = Path.of("..", "docs", "WAREHOUSE.md");

  @Test
  void shouldMatchTheCatalogue() throws Exception {
    String expected = WarehouseDocs.markdown();
    if (Boolean.getBoolean("warehouse.docs.write")) {
      Files.writeString(DOC, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as("docs/WAREHOUSE.md is stale; regenerate it with -Dwarehouse.docs.write=true (see this test's Javadoc)")
        .isEqualTo(expected);
  }

  @Test
  void shouldDescribeEveryColumnOfEveryTable() {
    String doc = WarehouseDocs.markdown();
    Datasets.tables().forEach(t -> t.columns().forEach(c -> assertThat(doc).contains("| `" + c.name() + "` | `"
        + c.type().sql() + "` | " + c.doc())));
  }
}
