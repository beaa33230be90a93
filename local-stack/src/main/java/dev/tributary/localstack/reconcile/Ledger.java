package dev.tributary.localstack.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where {@code tributary reconcile} reads the balance of each minute from (the warehouse, or a fake in tests). */
@FunctionalInterface
public interface Ledger {

  /** Every minute and source in {@code [since, until)}, in minute then source order. */
  List<MinuteBalance> read(Instant since, Optional<Instant> until);
}
