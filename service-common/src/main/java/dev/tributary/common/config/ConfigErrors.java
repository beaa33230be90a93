package dev.tributary.common.config;

import java.util.List;
import org.apache.kafka.common.config.ConfigException;

/**
 * The one shape of a configuration error: every problem found, one per line, in a single
 * {@link ConfigException}, so an operator fixes the whole configuration in one go instead of one key
 * per restart.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigErrors {

  private ConfigErrors() {}

  /** One exception listing {@code problems} (at least one), e.g. {@code key (env KEY): reason}. */
  public static ConfigException of(List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a configuration error needs at least one problem");
    }
    return new ConfigException("Invalid configuration (" + problems.size() + " problem"
        + (problems.size() == 1 ? "" : "s") + "):\n  " + String.join("\n  ", problems));
  }
}
