package dev.tributary.testsupport.containers;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which fixtures run in this JVM and why, decided once from the switch ({@link FixtureMode}) and
 * whether a Docker engine answers. Never a silent skip: forcing containers without an engine is an
 * error that says how to proceed.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param containers true for the container fixtures, false for the process fixtures
 * @param reason one line for the log: the switch's value and what was found
 */
public record FixtureBackend(boolean containers, String reason) {

  /**
   * Decides the backend. {@code engine} is asked only when the mode needs it and answers the
   * engine's address, or empty when none answered; {@code checked} says where an engine was looked for
   * (for the messages).
   *
   * @throws IllegalStateException when {@code mode} is {@link FixtureMode#CONTAINERS} and no engine answers
   */
  public static FixtureBackend choose(FixtureMode mode, Supplier<Optional<String>> engine, List<String> checked) {
    String switchText = "-D" + FixtureMode.PROPERTY + "=" + mode.propertyValue();
    return switch (mode) {
      case PROCESSES -> new FixtureBackend(false, switchText);
      case CONTAINERS -> engine.get()
          .map(address -> new FixtureBackend(true, switchText + ", Docker engine at " + address))
          .orElseThrow(() -> new IllegalStateException(switchText + " but no Docker engine answered (checked "
              + checkedText(checked) + "). Start Docker or point DOCKER_HOST at it, or run the process fixtures with -D"
              + FixtureMode.PROPERTY + "=processes (or auto)."));
      case AUTO -> engine.get()
          .map(address -> new FixtureBackend(true, switchText + ", Docker engine at " + address))
          .orElseGet(() -> new FixtureBackend(false, switchText + ", no Docker engine answered (checked "
              + checkedText(checked) + ")"));
    };
  }

  private static String checkedText(List<String> checked) {
    return checked.isEmpty() ? "nothing" : String.join(", ", checked);
  }

  /** E.g. {@code containers (-Dtributary.fixtures=auto, Docker engine at unix:///var/run/docker.sock)}. */
  public String describe() {
    return (containers ? "containers" : "processes") + " (" + reason + ")";
  }
}
