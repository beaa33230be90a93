package dev.tributary.streams.topology;

import dev.tributary.events.DeadLetter;
import dev.tributary.events.RawEvent;

/**
 * The result of decoding one raw record: the event with its origin, or already a dead letter.
 * Only lives between two processors of one task, so it needs no serde.
 */
sealed interface Decoded {

  record Event(RawEvent event, RecordOrigin origin) implements Decoded {}

  record Failed(DeadLetter letter) implements Decoded {}
}
