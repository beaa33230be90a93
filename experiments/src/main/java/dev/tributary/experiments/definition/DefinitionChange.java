package dev.tributary.experiments.definition;

import java.time.Instant;
import java.util.Optional;

/**
 * One entry of the experiments change log: who changed which field of which experiment (in which phase),
 * from what to what, and when. The {@code id} is a function of the content (see {@link DefinitionDiff}), so
 * the same change computed twice, e.g. after a restart re-reads the same file, has the same id and the
 * warehouse keeps it once.
 */
public record DefinitionChange(String id, String experimentKey, int phase, ChangeKind kind, String field,
    Optional<String> from, Optional<String> to, String changedBy, Instant changedAt) {}
