package dev.tributary.localstack.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceClassPathTest {

  @TempDir
  Path root;

  @Test
  void shouldJoinTheModulesClassesAndItsRuntimeClassPath() throws Exception {
    Path target = root.resolve("warehouse-sink/target");
    Path mainClass = target.resolve("classes/dev/tributary/sink/app/Main.class");
    Files.createDirectories(mainClass.getParent());
    Files.writeString(mainClass, "");
    Files.writeString(target.resolve("runtime-classpath.txt"), "/m2/a.jar:/m2/b.jar\n");

    assertThat(ServiceClassPath.builtModules(root).of(PipelineService.SINK))
        .isEqualTo(target.resolve("classes") + ":/m2/a.jar:/m2/b.jar");
  }

  @Test
  void shouldSayHowToBuildAServiceThatIsNotBuilt() {
    assertThatThrownBy(() -> ServiceClassPath.builtModules(root).of(PipelineService.INGEST))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("service ingest is not built")
        .hasMessageContaining("./mvnw -q -DskipTests package");
  }
}
