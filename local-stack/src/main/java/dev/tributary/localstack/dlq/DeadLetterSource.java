package dev.tributary.localstack.dlq;

import java.util.List;

/** Where the replay finds dead letters: the warehouse's {@code dead_letters} table, or a fake in tests. */
public interface DeadLetterSource {

  /** The dead letters that match, oldest first (by failure time, then origin). */
  List<DeadLetterToReplay> find(ReplayFilter filter);
}
