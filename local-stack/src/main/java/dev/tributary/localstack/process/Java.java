package dev.tributary.localstack.process;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates Java executables for child JVMs. Stateless and thread-safe.
 */
public final class Java {

  private static final Path JAVA_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");

  private Java() {}

  /** The {@code java} of the running JVM. */
  public static String current() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * A Java 17 executable: Apicurio 3.0.9 is built and tested for 17, so prefer the Debian JDK 17
   * when installed, else fall back to the running JVM.
   */
  public static String java17OrCurrent() {
    return Files.isExecutable(JAVA_17) ? JAVA_17.toString() : current();
  }

  /** The class path of the running JVM (may be a manifest-only jar under Surefire, which java -cp honours). */
  public static String currentClassPath() {
    return System.getProperty("java.class.path");
  }
}
