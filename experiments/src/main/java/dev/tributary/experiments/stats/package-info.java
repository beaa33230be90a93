/**
 * The statistics engine: effects, intervals and p-values computed from additive per-variant sums
 * (n, Σy, Σy² and, where used, denominator and pre-exposure covariate sums), so the same code
 * analyses one partition, a merged result or a calculator input. Formulas follow GrowthBook's
 * gbstats; docs/EXPERIMENTS.md names the sources. Pure and stateless.
 */
package dev.tributary.experiments.stats;
