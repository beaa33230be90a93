package dev.tributary.localstack.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImportArgsTest {

  @Test
  void shouldDefaultToTheLocalStackAndFilesNextToTheInput() {
    ImportArgs args = ImportArgs.parse("data/history.jsonl");

    assertThat(args.format()).isEqualTo(ImportFormat.JSONL);
    assertThat(args.url()).isEqualTo("http://localhost:8080");
    assertThat(args.writeKey()).isEqualTo("demo-key");
    assertThat(args.checkpoint()).isEqualTo(Path.of("data/history.jsonl.checkpoint"));
    assertThat(args.rejects()).isEqualTo(Path.of("data/history.jsonl.rejects.jsonl"));
  }

  @Test
  void shouldTakeCsvFromTheFileNameAndParseEveryOption() {
    ImportArgs args = ImportArgs.parse("h.csv", "--map", "event=name,user_id=uid", "--url=http://ingest:9000",
        "--write-key", "k", "--batch-size", "100", "--rate", "0", "--checkpoint", "/tmp/c", "--rejects", "/tmp/r");

    assertThat(args).isEqualTo(new ImportArgs(Path.of("h.csv"), ImportFormat.CSV, "event=name,user_id=uid",
        "http://ingest:9000", "k", 100, 0, Path.of("/tmp/c"), Path.of("/tmp/r")));
  }

  @Test
  void shouldRejectAMissingFile() {
    assertThatThrownBy(ImportArgs::parse).hasMessage("import needs a FILE");
  }

  @Test
  void shouldRejectAnUnknownFormat() {
    assertThatThrownBy(() -> ImportArgs.parse("f", "--format", "xml")).hasMessageContaining("jsonl or csv");
  }

  @Test
  void shouldRejectAMappingForJsonLines() {
    assertThatThrownBy(() -> ImportArgs.parse("f.jsonl", "--map", "event=name")).hasMessageContaining("CSV input only");
  }

  @Test
  void shouldRejectABatchSizeOutOfRange() {
    assertThatThrownBy(() -> ImportArgs.parse("f", "--batch-size", "0")).hasMessageContaining("between 1 and 10000");
  }

  @Test
  void shouldRejectAnOptionWithoutItsValue() {
    assertThatThrownBy(() -> ImportArgs.parse("f", "--rate")).hasMessage("--rate needs a value");
  }
}
