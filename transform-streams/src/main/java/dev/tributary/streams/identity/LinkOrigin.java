package dev.tributary.streams.identity;

/**
 * Where a link came from: the raw record's coordinates and key, and what the clean event said about
 * itself, enough for a dead letter that can be replayed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param topic raw topic
 * @param partition raw partition
 * @param offset raw offset
 * @param timestamp the raw record's timestamp (the dead letter's {@code failed_at}: no wall clock)
 * @param key the raw record's key
 * @param source the event's source
 * @param receivedAt when ingest received it, epoch ms
 * @param payload the clean event as JSON
 */
record LinkOrigin(String topic, int partition, long offset, long timestamp, String key, String source,
    long receivedAt, String payload) {}
