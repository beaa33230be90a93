package dev.tributary.localstack.importer;

import java.util.Locale;

/**
 * What one run of an import did. {@code sent} counts events in batches the server settled (a resend
 * of the same batch is not counted twice); {@code rejected} counts lines written to the rejects file
 * (by the server's rules or unreadable); {@code skippedByCheckpoint} the lines a previous run settled.
 *
 * <p>Immutable and thread-safe.
 */
public record ImportSummary(Outcome outcome, long sent, long accepted, long rejected, long skippedByCheckpoint,
    long batches, String problem) {

  /** How the run ended. */
  public enum Outcome {
    /** Every line of the file is settled. */
    COMPLETED,
    /** Asked to stop (Ctrl-C, or the caller's stop condition) after a settled batch; resume from the checkpoint. */
    STOPPED,
    /** The server refused a batch or kept failing past the retries; resume once the cause is fixed. */
    GAVE_UP
  }

  /** E.g. {@code completed: sent 500, accepted 495, rejected 5, skipped by checkpoint 0}. */
  public String line() {
    String text = String.format(Locale.ROOT, "%s: sent %d, accepted %d, rejected %d, skipped by checkpoint %d",
        outcome.name().toLowerCase(Locale.ROOT).replace('_', ' '), sent, accepted, rejected, skippedByCheckpoint);
    return problem.isEmpty() ? text : text + " (" + problem + ")";
  }
}
