package dev.tributary.localstack.component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where Debian's PostgreSQL server programs are ({@code /usr/lib/postgresql/<major>/bin}, the
 * newest major installed), and who runs them: PostgreSQL refuses to run as root, so as root the
 * programs run as the package's {@code postgres} user through {@code setpriv}, which executes the
 * program in place (no intermediate process that a SIGKILL would leave the server behind).
 *
 * @param bin the directory holding {@code initdb}, {@code postgres}, {@code pg_ctl}, {@code pg_isready}
 * @param runAs empty when this JVM is not root; else {@code postgres}
 */
public record PostgresBinaries(Path bin, java.util.Optional<String> runAs) {

  /** The OS user the server runs as when this JVM is root (created by Debian's package). */
  public static final String OS_USER = "postgres";
  private static final Path ROOT = Path.of("/usr/lib/postgresql");

  /**
   * @throws IllegalStateException saying how to install PostgreSQL when it is absent
   */
  public static PostgresBinaries locate() {
    List<Path> bins;
    try (Stream<Path> versions = Files.isDirectory(ROOT) ? Files.list(ROOT) : Stream.empty()) {
      bins = versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("postgres")) && Files.isExecutable(b.resolve("initdb")))
          .sorted(Comparator.comparing((Path b) -> majorOf(b)).reversed())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + ROOT, e);
    }
    if (bins.isEmpty()) {
      throw new IllegalStateException("PostgreSQL is not installed (no " + ROOT + "/<version>/bin/postgres):"
          + " apt-get install -y postgresql");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    return new PostgresBinaries(bins.get(0), root ? java.util.Optional.of(OS_USER) : java.util.Optional.empty());
  }

  /** The command line running {@code program} with {@code args}, as {@link #runAs()} when set. */
  public List<String> command(String program, List<String> args) {
    List<String> prefix = runAs.map(user -> List.of("setpriv", "--reuid=" + user, "--regid=" + user,
        "--init-groups", "--")).orElse(List.of());
    return Stream.of(prefix, List.of(bin.resolve(program).toString()), args).flatMap(List::stream).toList();
  }

  private static int majorOf(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
