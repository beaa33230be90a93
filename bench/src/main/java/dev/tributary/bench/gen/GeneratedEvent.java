package dev.tributary.bench.gen;

/**
 * One synthetic event: the JSON object a client sends ({@link #json()}) and the fields the pipeline
 * derives from it, so later stages can be fed the same event as a RawEvent or CleanEvent without
 * parsing the JSON again. Immutable value.
 *
 * @param identity the Kafka key: user id, else anonymous id
 * @param revenue purchase revenue, else null
 */
public record GeneratedEvent(String eventId, String name, String userId, String anonymousId, String identity,
    long timestampMs, long sentAtMs, String propertiesJson, String contextJson, Double revenue, String json) {}
