package dev.tributary.schema.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.events.AuditCount;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.MinuteMetric;
import dev.tributary.events.RawEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Schemas evolve under BACKWARD compatibility (transitively): the current schema of each contract
 * must read data written with every version ever published. Published versions are kept under
 * {@code src/test/resources/schema-history/<Name>/v<N>.avsc}; when a contract changes, add its new
 * version there as the next {@code v<N>.avsc}.
 */
class SchemaHistoryCompatibilityTest {

  private static final Path SOURCE_SCHEMAS = Path.of("src", "main", "avro");
  /** Every contract file's name → the schema of its generated class (the file and the class must agree). */
  private static final Map<String, Schema> CURRENT = currentSchemas();

  static Stream<String> contracts() {
    return CURRENT.keySet().stream().sorted();
  }

  @ParameterizedTest
  @MethodSource("contracts")
  void shouldReadEveryPublishedVersionWithTheCurrentSchema(String name) {
    List<Path> versions = history(name);
    assertThat(versions).as("published versions of %s", name).isNotEmpty();

    assertThat(versions).allSatisfy(version -> {
      SchemaCompatibility.SchemaPairCompatibility result =
          SchemaCompatibility.checkReaderWriterCompatibility(CURRENT.get(name), parse(version));
      assertThat(result.getType())
          .as("current %s reading %s: %s", name, version.getFileName(), result.getDescription())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    });
  }

  @ParameterizedTest
  @MethodSource("contracts")
  void shouldRecordTheCurrentSchemaAsTheLatestPublishedVersion(String name) {
    List<Path> versions = history(name);
    Path latest = versions.get(versions.size() - 1);

    assertThat(parse(latest))
        .as("%s changed: copy it to schema-history/%s/v%d.avsc", name, name, versions.size() + 1)
        .isEqualTo(parse(SOURCE_SCHEMAS.resolve(name + ".avsc")));
  }

  @Test
  void shouldKeepAHistoryForEveryContractFile() {
    assertThat(CURRENT).isNotEmpty();
    CURRENT.keySet().forEach(name -> assertThat(history(name))
        .as("%s has no published version: copy it to schema-history/%s/v1.avsc", name, name).isNotEmpty());
  }

  private static Map<String, Schema> currentSchemas() {
    try (Stream<Path> files = Files.list(SOURCE_SCHEMAS)) {
      Map<String, Schema> schemas = new java.util.TreeMap<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).toList()) {
        String name = file.getFileName().toString().replace(".avsc", "");
        Class<?> generated = Class.forName("dev.tributary.events." + name);
        schemas.put(name, (Schema) generated.getMethod("getClassSchema").invoke(null));
      }
      return schemas;
    } catch (IOException | ReflectiveOperationException e) {
      throw new IllegalStateException("cannot list the contracts in " + SOURCE_SCHEMAS, e);
    }
  }

  @Test
  void shouldRejectANewFieldWithoutDefault() {
    Schema withRequiredField = withExtraField(RawEvent.getClassSchema(),
        "{\"name\":\"tenant\",\"type\":\"string\"}");

    SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility
        .checkReaderWriterCompatibility(withRequiredField, parse(history("RawEvent").get(0)));

    assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    assertThat(result.getDescription()).contains("tenant");
  }

  @Test
  void shouldAcceptANewFieldWithDefault() {
    Schema withOptionalField = withExtraField(RawEvent.getClassSchema(),
        "{\"name\":\"tenant\",\"type\":[\"null\",\"string\"],\"default\":null}");

    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(withOptionalField,
        parse(history("RawEvent").get(0))).getType())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @Test
  void shouldRejectANarrowedFieldType() {
    String narrowed = MinuteMetric.getClassSchema().toString()
        .replace("{\"name\":\"count\",\"type\":\"long\"}", "{\"name\":\"count\",\"type\":\"int\"}");
    assertThat(narrowed).contains("\"count\",\"type\":\"int\"");

    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(new Schema.Parser()
        .parse(narrowed), parse(history("MinuteMetric").get(0))).getType())
        .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  private static Schema withExtraField(Schema schema, String fieldJson) {
    String json = schema.toString();
    return new Schema.Parser().parse(json.substring(0, json.length() - 2) + "," + fieldJson + "]}");
  }

  private static List<Path> history(String name) {
    if (!Files.isDirectory(historyRoot().resolve(name))) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(historyRoot().resolve(name))) {
      return files.filter(f -> f.getFileName().toString().matches("v\\d+\\.avsc"))
          .sorted(Comparator.comparingInt(SchemaHistoryCompatibilityTest::versionOf))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int versionOf(Path file) {
    String n = file.getFileName().toString();
    return Integer.parseInt(n.substring(1, n.length() - ".avsc".length()));
  }

  private static Path historyRoot() {
    try {
      return Path.of(SchemaHistoryCompatibilityTest.class.getResource("/schema-history").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Schema parse(Path file) {
    try {
      return new Schema.Parser().parse(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
