/**
 * Experiment reports: from a definition and the warehouse's per-variant sums and exposures
 * ({@code experiment_sums_v}, {@code experiment_exposures_v}, read through the {@link
 * dev.tributary.experiments.report.ExperimentResults} port) to per-variant units, metric values, effects with
 * fixed-horizon and sequential intervals, chance to win, the SRM verdict, sample-size progress and a
 * plain-words verdict per metric. Pure, apart from the port.
 */
package dev.tributary.experiments.report;
