package dev.tributary.experiments.definition;

/**
 * One arm of an experiment: its id (what the {@code Experiment Viewed} event's {@code variation_id} carries)
 * and its share of the included traffic.
 */
public record Variant(String id, double weight) {}
