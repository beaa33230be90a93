package dev.tributary.experiments.definition;

import java.util.Locale;
import java.util.Optional;

/**
 * Where an experiment is in its life: only a {@link #RUNNING} experiment assigns users. Spelled in lower
 * case in the definitions file.
 */
public enum Status {
  DRAFT, RUNNING, STOPPED;

  /** The spelling in the definitions file. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status spelled {@code code}, if it is one. */
  public static Optional<Status> of(String code) {
    for (Status s : values()) {
      if (s.code().equals(code)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
