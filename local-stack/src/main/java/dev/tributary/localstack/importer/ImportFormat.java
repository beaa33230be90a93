package dev.tributary.localstack.importer;

import java.util.Locale;
import java.util.Optional;

/** The input formats of {@code tributary import}. */
public enum ImportFormat {
  /** One JSON event object per line (Segment/Tributary event shape). */
  JSONL,
  /** A header line, then one event per line, columns mapped to fields by a {@link FieldMapping}. */
  CSV;

  /** The format named on the command line ({@code jsonl}, {@code csv}). */
  public static Optional<ImportFormat> named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "jsonl", "json", "ndjson" -> Optional.of(JSONL);
      case "csv" -> Optional.of(CSV);
      default -> Optional.empty();
    };
  }

  /** The format a file name suggests: {@code .csv} is CSV, anything else JSON lines. */
  public static ImportFormat guess(String fileName) {
    return fileName.toLowerCase(Locale.ROOT).endsWith(".csv") ? CSV : JSONL;
  }
}
