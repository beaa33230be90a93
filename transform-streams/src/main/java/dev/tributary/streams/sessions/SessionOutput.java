package dev.tributary.streams.sessions;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.Session;

/**
 * What the sessionizer forwards for one clean event: the event with its {@code session_id}, and
 * the session versions it caused. One stream, split by {@link SessionTopology} into the two topics.
 */
sealed interface SessionOutput {

  /** The clean event carrying the session it was placed in. */
  record Enriched(CleanEvent event) implements SessionOutput {}

  /** A new version of a session. */
  record Update(Session session) implements SessionOutput {}
}
