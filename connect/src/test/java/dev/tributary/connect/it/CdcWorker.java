package dev.tributary.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.connect.app.Main;
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
 * The CDC worker ({@link Main}) as its own JVM on the test class path, for ITs that kill it: started
 * with its settings as environment variables, ready once its connector's task is RUNNING.
 */
final class CdcWorker {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ManagedProcess process;
  private final String restUrl;
  private final String connector;

  private CdcWorker(ManagedProcess process, String restUrl, String connector) {
    this.process = process;
    this.restUrl = restUrl;
    this.connector = connector;
  }

  static CdcWorker start(Map<String, String> settings, Path logFile) {
    List<String> command = List.of(Java.current(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", Java.currentClassPath(), Main.class.getName());
    ManagedProcess process = ManagedProcess.start("connect", command, logFile.getParent(), logFile,
        ServiceLauncher.environment(settings), Duration.ofSeconds(20));
    CdcWorker worker = new CdcWorker(process, "http://127.0.0.1:" + settings.get("connect.rest.port"),
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

  boolean taskRunning() throws Exception {
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

  ManagedProcess process() {
    return process;
  }

  void kill() {
    process.kill();
  }

  void stop() {
    process.stop();
  }
}
