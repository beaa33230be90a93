package dev.tributary.localstack.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One Tributary service started by the local stack as its own JVM: its module directory and main
 * class. Its class path is {@code <module>/target/classes} plus the {@code runtime-classpath.txt}
 * that the build writes at prepare-package. Immutable value.
 */
public record ServiceSpec(String name, String module, String mainClass) {

  public static final List<ServiceSpec> ALL = List.of(
      new ServiceSpec("ingest", "ingest-service", "dev.tributary.ingest.app.Main"),
      new ServiceSpec("streams", "transform-streams", "dev.tributary.streams.app.Main"),
      new ServiceSpec("sink", "warehouse-sink", "dev.tributary.sink.app.Main"));

  /**
   * The class path of this service under {@code root}.
   *
   * @throws IllegalStateException naming the build command when the module is not built
   */
  public String classPath(Path root) {
    Path target = root.resolve(module).resolve("target");
    Path classes = target.resolve("classes");
    Path runtime = target.resolve("runtime-classpath.txt");
    String mainClassFile = mainClass.replace('.', '/') + ".class";
    if (!Files.isRegularFile(classes.resolve(mainClassFile)) || !Files.isRegularFile(runtime)) {
      throw new IllegalStateException("service " + name + " is not built: " + classes.resolve(mainClassFile)
          + " or " + runtime + " is missing. Build it first: ./mvnw -q -DskipTests package"
          + " (or start only the components with 'tributary up --infra-only')");
    }
    try {
      String deps = Files.readString(runtime, StandardCharsets.UTF_8).trim();
      return deps.isEmpty() ? classes.toString() : classes + java.io.File.pathSeparator + deps;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + runtime, e);
    }
  }

  /**
   * The environment every service reads its settings from (env var for key {@code a.b.c} is
   * {@code A_B_C}); keys a service does not define are ignored by it.
   */
  public static Map<String, String> environment(StackPorts ports) {
    return Map.ofEntries(
        Map.entry("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + ports.kafka()),
        Map.entry("SCHEMA_REGISTRY_URL", "http://127.0.0.1:" + ports.registry() + "/apis/ccompat/v7"),
        Map.entry("CLICKHOUSE_URL", "http://127.0.0.1:" + ports.clickhouseHttp()),
        Map.entry("HTTP_PORT", Integer.toString(ports.ingest())),
        Map.entry("INGEST_WRITE_KEYS", LocalStack.DEMO_WRITE_KEY + ":demo"));
  }
}
