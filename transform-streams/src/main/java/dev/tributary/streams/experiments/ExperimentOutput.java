package dev.tributary.streams.experiments;

import dev.tributary.events.DeadLetter;
import dev.tributary.events.ExperimentSums;

/** What the attribution emits: a report of one cell's deltas, or the dead letter of a refused exposure. */
sealed interface ExperimentOutput {

  record Report(ExperimentSums sums) implements ExperimentOutput {}

  record Refused(DeadLetter letter) implements ExperimentOutput {}
}
