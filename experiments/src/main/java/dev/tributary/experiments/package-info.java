/**
 * Experiment math, free of I/O: definitions ({@code definition}), GrowthBook-compatible
 * assignment ({@code assignment}) and the statistics engine ({@code stats}). Services and the CLI
 * wire these to HTTP, Kafka and ClickHouse; nothing here opens a socket or reads the environment.
 */
package dev.tributary.experiments;
