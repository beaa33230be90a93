package dev.tributary.streams.topology;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;

/**
 * Where a record goes after validation: {@code events.clean} or {@code events.dlq}. Only lives
 * between processors of one task, so it needs no serde.
 */
sealed interface Routed {

  record Clean(CleanEvent event) implements Routed {}

  record Dead(DeadLetter letter) implements Routed {}
}
