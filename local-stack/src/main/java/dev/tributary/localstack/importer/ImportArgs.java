package dev.tributary.localstack.importer;

import dev.tributary.localstack.cli.LocalStack;
import dev.tributary.localstack.cli.StackPorts;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The command line of {@code tributary import FILE [options]}. Pure, so every rule is unit-tested.
 *
 * @param checkpoint default {@code FILE.checkpoint} next to the file
 * @param rejects default {@code FILE.rejects.jsonl} next to the file
 */
public record ImportArgs(Path file, ImportFormat format, String mapSpec, String url, String writeKey, int batchSize,
    double rate, Path checkpoint, Path rejects) {

  /** The local stack's ingest service. */
  public static final String DEFAULT_URL = "http://localhost:" + StackPorts.DEFAULTS.ingest();
  /** The local stack's write key. */
  public static final String DEFAULT_WRITE_KEY = LocalStack.DEMO_WRITE_KEY;
  public static final int DEFAULT_BATCH_SIZE = 500;
  public static final int DEFAULT_RATE = 5_000;

  public static final String USAGE = """
      usage: tributary import FILE [options]
        sends historical events (JSON lines, or CSV with a header) to the ingest service with their own
        timestamps, through its validation; resumable: run the same command again after Ctrl-C or a crash.
        --format jsonl|csv        (default: csv for *.csv, else jsonl)
        --map FIELD=COLUMN,...    CSV columns to event fields, e.g. event=name,user_id=uid,timestamp=ts,properties.plan=plan
                                  (default: each column to the field of its name)
        --url URL                 ingest service (default http://localhost:8080)
        --write-key KEY           (default demo-key, the local stack's)
        --batch-size N            events per request (default 500)
        --rate N                  events per second at most, 0 = no limit (default 5000)
        --checkpoint FILE         (default FILE.checkpoint)
        --rejects FILE            rejected lines as JSON lines (default FILE.rejects.jsonl)
      """;

  /** Parses the arguments after {@code import}. */
  public static ImportArgs parse(String... args) {
    Path file = null;
    ImportFormat format = null;
    String map = "";
    String url = DEFAULT_URL;
    String key = DEFAULT_WRITE_KEY;
    int batch = DEFAULT_BATCH_SIZE;
    double rate = DEFAULT_RATE;
    Path checkpoint = null;
    Path rejects = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        if (file != null) {
          throw new IllegalArgumentException("one FILE per import; got '" + file + "' and '" + arg + "'");
        }
        file = Path.of(arg);
        continue;
      }
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      }
      if (value == null) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      switch (name) {
        case "--format" -> {
          String named = value;
          format = ImportFormat.named(named).orElseThrow(
              () -> new IllegalArgumentException("--format must be jsonl or csv, got '" + named + "'"));
        }
        case "--map" -> map = value.trim();
        case "--url" -> url = url(value);
        case "--write-key" -> key = value;
        case "--batch-size" -> batch = whole(name, number(name, value, 1, 10_000));
        case "--rate" -> rate = number(name, value, 0, 10_000_000);
        case "--checkpoint" -> checkpoint = Path.of(value);
        case "--rejects" -> rejects = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option '" + name + "' for import");
      }
    }
    if (file == null) {
      throw new IllegalArgumentException("import needs a FILE");
    }
    ImportFormat effective = format != null ? format : ImportFormat.guess(file.getFileName().toString());
    if (effective == ImportFormat.JSONL && !map.isEmpty()) {
      throw new IllegalArgumentException("--map applies to CSV input only");
    }
    return new ImportArgs(file, effective, map, url, key, batch, rate,
        Optional.ofNullable(checkpoint).orElse(sibling(file, ".checkpoint")),
        Optional.ofNullable(rejects).orElse(sibling(file, ".rejects.jsonl")));
  }

  private static Path sibling(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  private static String url(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      throw new IllegalArgumentException("--url must start with http:// or https://, got '" + value + "'");
    }
    return value;
  }

  private static int whole(String option, double n) {
    if (n != Math.rint(n)) {
      throw new IllegalArgumentException(option + " must be a whole number, got " + n);
    }
    return (int) n;
  }

  private static double number(String option, String value, long min, long max) {
    try {
      double n = Double.parseDouble(value.trim());
      if (Double.isNaN(n) || n < min || n > max) {
        throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", got " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a number, got '" + value + "'");
    }
  }
}
