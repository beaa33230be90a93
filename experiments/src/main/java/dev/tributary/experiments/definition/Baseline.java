package dev.tributary.experiments.definition;

import java.util.Optional;

/**
 * What the primary metric looks like today, stated before the start so the sample size the minimum detectable
 * effect implies can be computed: its mean (for a proportion metric, the rate) and, for a mean metric, its
 * standard deviation (absent for a proportion, whose deviation follows from the rate).
 */
public record Baseline(double mean, Optional<Double> standardDeviation) {}
