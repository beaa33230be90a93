/**
 * The {@code tributary stats} calculator: JSON in on stdin, JSON out on stdout, the statistics
 * engine in between; and the peeking simulation. Free of process concerns (the launcher passes
 * streams and exits with the returned code), so it is unit-tested without starting a JVM.
 */
package dev.tributary.experiments.cli;
