package dev.tributary.streams.identity;

import dev.tributary.events.DeadLetter;
import dev.tributary.events.Person;

/** What the identity stage emits: a person mapping update, or a link it refuses as a dead letter. */
sealed interface IdentityOutput {

  /** A new version of the person of {@code person.id_key}. */
  record PersonUpdate(Person person) implements IdentityOutput {}

  /** A link that cannot be made; its event stays in events.clean. */
  record Refused(String rawKey, DeadLetter letter) implements IdentityOutput {}
}
