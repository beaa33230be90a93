package dev.tributary.localstack.component;

import dev.tributary.localstack.process.Http;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provides an unpacked Apicurio Registry 3.0.9 distribution. Maven cannot resolve the
 * {@code apicurio-registry-app:3.0.9:tar.gz:all} artifact (its parent pom is not on Central), so
 * the tarball is fetched directly into the local Maven repository path (verified against Central's
 * {@code .sha1}), then unpacked once into {@code ~/.cache/tributary/apicurio-3.0.9}.
 *
 * <p>Thread-safe and safe across processes: downloads go to a {@code .part} file and unpacking to
 * a temporary directory, each moved into place atomically, so a concurrent or interrupted run never
 * sees a half-written distribution.
 */
public final class ApicurioDistribution {

  private static final Logger LOG = LoggerFactory.getLogger(ApicurioDistribution.class);

  public static final String VERSION = "3.0.9";
  static final String ARTIFACT_PATH = "io/apicurio/apicurio-registry-app/" + VERSION
      + "/apicurio-registry-app-" + VERSION + "-all.tar.gz";
  static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

  private ApicurioDistribution() {}

  /** The runner jar of the unpacked distribution, downloading and unpacking it when needed. */
  public static synchronized Path ensure() {
    Path home = Path.of(System.getProperty("user.home"));
    Path m2 = Optional.ofNullable(System.getProperty("maven.repo.local")).map(Path::of)
        .orElse(home.resolve(".m2").resolve("repository"));
    Path cache = Optional.ofNullable(System.getenv("XDG_CACHE_HOME")).map(Path::of)
        .orElse(home.resolve(".cache")).resolve("tributary");
    return ensure(m2, cache);
  }

  /** As {@link #ensure()}, with explicit Maven repository and cache roots. */
  public static synchronized Path ensure(Path mavenRepository, Path cacheRoot) {
    Path target = cacheRoot.resolve("apicurio-" + VERSION);
    Optional<Path> runner = findRunner(target);
    if (runner.isPresent()) {
      return runner.get();
    }
    Path tarball = mavenRepository.resolve(ARTIFACT_PATH);
    if (!Files.isRegularFile(tarball)) {
      download(CENTRAL + ARTIFACT_PATH, tarball);
    }
    unpack(tarball, target);
    return findRunner(target).orElseThrow(() -> new IllegalStateException(
        "no *-runner.jar in " + target + " unpacked from " + tarball + "; delete both and retry"));
  }

  static Optional<Path> findRunner(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void download(String url, Path tarball) {
    LOG.info("Downloading Apicurio Registry {} (~109 MB) from {}", VERSION, url);
    try {
      Files.createDirectories(tarball.getParent());
      String expectedSha1 = fetchSha1(url + ".sha1");
      Path part = tarball.resolveSibling(tarball.getFileName() + ".part");
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(15)).GET().build();
      HttpResponse<Path> response = Http.client().send(request, HttpResponse.BodyHandlers.ofFile(part));
      if (response.statusCode() != 200) {
        Files.deleteIfExists(part);
        throw new IllegalStateException("GET " + url + " answered HTTP " + response.statusCode());
      }
      String actual = sha1(part);
      if (!actual.equals(expectedSha1)) {
        Files.deleteIfExists(part);
        throw new IllegalStateException("checksum mismatch for " + url + ": expected sha1 " + expectedSha1 + ", got " + actual);
      }
      moveAtomically(part, tarball);
    } catch (IOException e) {
      throw new UncheckedIOException("could not download " + url + " to " + tarball, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while downloading " + url, e);
    }
  }

  private static String fetchSha1(String url) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
    HttpResponse<String> response = Http.client().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + url + " answered HTTP " + response.statusCode());
    }
    return response.body().trim().split("\\s+")[0].toLowerCase(Locale.ROOT);
  }

  static String sha1(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void unpack(Path tarball, Path target) {
    try {
      Files.createDirectories(target.getParent());
      Path temp = Files.createTempDirectory(target.getParent(), target.getFileName() + ".unpacking-");
      Process tar = new ProcessBuilder(List.of("tar", "-xzf", tarball.toAbsolutePath().toString(), "-C", temp.toString()))
          .redirectErrorStream(true).start();
      String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
        Dirs.deleteRecursively(temp);
        throw new IllegalStateException("tar -xzf " + tarball + " failed: " + output
            + " (a corrupt download? delete " + tarball + " and retry)");
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("Unpacked Apicurio Registry {} into {}", VERSION, target);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
        Dirs.deleteRecursively(temp); // another process won the race; its copy is complete
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not unpack " + tarball + " into " + target, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while unpacking " + tarball, e);
    }
  }

  private static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
