package dev.tributary.experiments.assignment;

import java.util.Optional;

/**
 * A user's place in one experiment: whether they take part and, if so, which variation (index and id). Like
 * a GrowthBook SDK's result, a user outside the coverage is not in the experiment and sees variation 0 (the
 * control), but must not be counted in the analysis. {@code hashValue} is empty when the id was empty.
 */
public record Assignment(String experimentKey, int phase, boolean inExperiment, int variationIndex,
    String variationId, Optional<Double> hashValue) {}
