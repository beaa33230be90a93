package dev.tributary.testsupport;

import dev.tributary.localstack.cli.StackLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The official, unmodified Segment Node SDK ({@code @segment/analytics-node} from npm) as a test
 * client: {@link #sendAllCallTypes} runs {@code test-support/src/main/node/segment-sdk/send-events.mjs},
 * which sends one track, identify, page, screen, group and alias call (message ids
 * {@code <type>-<runId>}, user {@code user-<runId>}, anonymous id {@code anon-<runId>}) through the
 * SDK's batching and waits for the flush. Installs the package with {@code npm ci} on first use.
 *
 * <p>Needs Node.js 18+ and npm on the PATH: without them the calling test fails with a message
 * saying so; it is never skipped. Thread-safe (serialised).
 */
public final class SegmentNodeSdk {

  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(90);

  private SegmentNodeSdk() {}

  /**
   * Sends the six calls to {@code baseUrl} (e.g. {@code http://127.0.0.1:8080}) with {@code writeKey}.
   *
   * @return the script's output
   * @throws AssertionError when node/npm are missing or the SDK did not deliver every call
   */
  public static synchronized String sendAllCallTypes(String baseUrl, String writeKey, String runId) {
    Path dir = scriptDir();
    ensureInstalled(dir);
    Output out = run(dir, SEND_TIMEOUT, "node", "send-events.mjs", baseUrl, writeKey, runId);
    if (out.exitCode() != 0) {
      throw new AssertionError("the Segment SDK did not deliver every call (exit " + out.exitCode() + "):\n" + out.text());
    }
    return out.text();
  }

  private static Path scriptDir() {
    Path dir = StackLayout.discover(Optional.empty()).root().resolve("test-support/src/main/node/segment-sdk");
    if (!Files.isRegularFile(dir.resolve("send-events.mjs"))) {
      throw new AssertionError("Segment SDK test script not found in " + dir + " (set -Dtributary.project.root)");
    }
    return dir;
  }

  private static void ensureInstalled(Path dir) {
    for (String tool : List.of("node", "npm")) {
      Output version = run(dir, Duration.ofSeconds(30), tool, "--version");
      if (version.exitCode() != 0) {
        throw new AssertionError(tool + " --version failed; install Node.js 18+ with npm to run this test:\n" + version.text());
      }
    }
    if (!Files.isDirectory(dir.resolve("node_modules/@segment/analytics-node"))) {
      Output install = run(dir, INSTALL_TIMEOUT, "npm", "ci", "--no-audit", "--no-fund");
      if (install.exitCode() != 0) {
        throw new AssertionError("npm ci in " + dir + " failed:\n" + install.text());
      }
    }
  }

  private record Output(int exitCode, String text) {}

  private static Output run(Path dir, Duration timeout, String... command) {
    Process process;
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("cannot run '" + command[0] + "' (" + e.getMessage() + "): this test needs Node.js 18+"
          + " and npm on the PATH; it is never skipped", e);
    }
    List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> process.inputReader(StandardCharsets.UTF_8).lines().forEach(lines::add));
    reader.start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        reader.join(5_000);
        throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
            + String.join("\n", lines));
      }
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new AssertionError("interrupted while running " + String.join(" ", command), e);
    }
    return new Output(process.exitValue(), String.join("\n", lines));
  }
}
