package dev.tributary.localstack.service;

import dev.tributary.localstack.process.Java;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a service's classes come from when it is started as its own JVM.
 *
 * <p>Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface ServiceClassPath {

  /**
   * The class path of {@code service}.
   *
   * @throws IllegalStateException saying how to build it when it cannot be started
   */
  String of(PipelineService service);

  /**
   * The built modules under the project {@code root}, as the local stack runs them:
   * {@code <module>/target/classes} plus the {@code runtime-classpath.txt} the build writes at
   * prepare-package (the same dependencies the container image copies).
   */
  static ServiceClassPath builtModules(Path root) {
    return service -> {
      Path target = root.resolve(service.module()).resolve("target");
      Path classes = target.resolve("classes");
      Path runtime = target.resolve("runtime-classpath.txt");
      String mainClassFile = service.mainClass().replace('.', '/') + ".class";
      if (!Files.isRegularFile(classes.resolve(mainClassFile)) || !Files.isRegularFile(runtime)) {
        throw new IllegalStateException("service " + service.processName() + " is not built: "
            + classes.resolve(mainClassFile) + " or " + runtime + " is missing. Build it first: ./mvnw -q -DskipTests package"
            + " (or start only the components with 'tributary up --infra-only')");
      }
      try {
        String deps = Files.readString(runtime, StandardCharsets.UTF_8).trim();
        return deps.isEmpty() ? classes.toString() : classes + File.pathSeparator + deps;
      } catch (IOException e) {
        throw new UncheckedIOException("could not read " + runtime, e);
      }
    };
  }

  /** This JVM's class path, which must hold all three services (the bench, the crash test). */
  static ServiceClassPath current() {
    return service -> Java.currentClassPath();
  }
}
