package dev.tributary.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.localstack.process.Http;
import dev.tributary.localstack.process.Java;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.process.Readiness;
import dev.tributary.localstack.service.ServiceLauncher;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The CDC worker (the {@code connect} module's {@code dev.tributary.connect.app.Main}, passed in by the
 * caller, which has the module on its class path) as its own JVM on the test class path, for ITs that
 * kill it: started with its settings as environment variables, ready once its connector's task is RUNNING.
 *
 * <p>Not thread-safe; stop or kill it from the test's lifecycle.
 */
public final class TestCdcWorker {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ManagedProcess process;
  private final String restUrl;
  private final String connector;

  private TestCdcWorker(ManagedProcess process, String restUrl, String connector) {
    this.process = process;
    this.restUrl = restUrl;
    this.connector = connector;
  }

  /** Starts {@code main} with {@code settings} (configuration keys) and waits until its connector's task runs. */
  public static TestCdcWorker start(Class<?> main, Map<String, String> settings, Path logFile) {
    List<String> command = List.of(Java.current(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", Java.currentClassPath(), main.getName());
    ManagedProcess process = ManagedProcess.start("connect", command, logFile.getParent(), logFile,
        ServiceLauncher.environment(settings), Duration.ofSeconds(20));
    TestCdcWorker worker = new TestCdcWorker(process, "http://127.0.0.1:" + settings.get("connect.rest.port"),
        settings.getOrDefault("cdc.connector.name", "tributary-postgres"));
    try {
      Readiness.await("CDC worker's connector task", process, Duration.ofSeconds(90), Duration.ofMillis(200),
          worker::taskRunning);
    } catch (RuntimeException e) {
      process.kill();
      throw e;
    }
    return worker;
  }

  public boolean taskRunning() throws Exception {
    HttpResponse<String> answer = Http.get(restUrl + "/connectors/" + connector + "/status", Duration.ofSeconds(5));
    if (answer.statusCode() != 200) {
      return false;
    }
    JsonNode tasks = JSON.readTree(answer.body()).path("tasks");
    if (tasks.size() == 1 && "FAILED".equals(tasks.get(0).path("state").asText())) {
      throw new IllegalStateException("connector task failed: " + tasks.get(0).path("trace").asText());
    }
    return tasks.size() == 1 && "RUNNING".equals(tasks.get(0).path("state").asText());
  }

  public ManagedProcess process() {
    return process;
  }

  public void kill() {
    process.kill();
  }

  public void stop() {
    process.stop();
  }
}
