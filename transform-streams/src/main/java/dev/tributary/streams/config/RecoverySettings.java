package dev.tributary.streams.config;

import dev.tributary.streams.topology.DedupeRetention;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What a restart or a failover of the transform service costs: standby replicas of the local stores
 * on other instances, and how much beyond the dedupe window the dedupe changelog keeps (what a
 * restore from the changelog replays; see {@link DedupeRetention} and docs/PERFORMANCE.md, "Restart
 * cost"). Part of {@link StreamsSettings}.
 *
 * <p>Immutable.
 *
 * @param standbyReplicas Kafka Streams' {@code num.standby.replicas}
 * @param dedupeChangelogExtraRetention Kafka Streams' {@code windowstore.changelog.additional.retention.ms}
 */
public record RecoverySettings(int standbyReplicas, Duration dedupeChangelogExtraRetention) {

  public static final String STANDBY_REPLICAS = "num.standby.replicas";
  public static final String DEDUPE_CHANGELOG_EXTRA_RETENTION_MS = "dedupe.changelog.extra.retention.ms";
  /** Default of {@link #STANDBY_REPLICAS}: a failover to a warm copy; no cost while there is one instance. */
  public static final int DEFAULT_STANDBY_REPLICAS = 1;
  /** Default of {@link #DEDUPE_CHANGELOG_EXTRA_RETENTION_MS}: Kafka's is a day, which doubles a 24 h window's restore. */
  public static final Duration DEFAULT_DEDUPE_CHANGELOG_EXTRA_RETENTION = Duration.ofHours(6);

  public RecoverySettings {
    if (standbyReplicas < 0) {
      throw new IllegalArgumentException("standbyReplicas must not be negative: " + standbyReplicas);
    }
  }

  static ConfigDef define(ConfigDef def) {
    return def
        .define(STANDBY_REPLICAS, Type.INT, DEFAULT_STANDBY_REPLICAS, Range.between(0, 3), Importance.MEDIUM,
            "Warm copies of each task's stores (dedupe, sessions, identity, metrics, audit, experiments) that Kafka"
                + " Streams keeps on other instances by reading the changelogs as they are written. When an instance"
                + " dies, its tasks move to an instance holding a standby and resume after replaying the last"
                + " moments, instead of replaying the whole changelog (the dedupe store alone holds a window of ids:"
                + " hours at 50,000 events/s, see docs/PERFORMANCE.md). With one instance there is nowhere to put a"
                + " standby and it costs nothing; with several, each standby costs that instance the disk of the"
                + " stores and about the CPU of a restore for every event of the task it copies. 0 turns them off.")
        .define(DEDUPE_CHANGELOG_EXTRA_RETENTION_MS, Type.LONG, DEFAULT_DEDUPE_CHANGELOG_EXTRA_RETENTION.toMillis(),
            Range.between(0L, DedupeRetention.MAX_CHANGELOG_EXTRA.toMillis()), Importance.LOW,
            "How much longer than dedupe.window.ms the dedupe store's changelog keeps an id (Kafka Streams'"
                + " windowstore.changelog.additional.retention.ms, whose own default is a day). A restore from the"
                + " changelog replays window + this + up to an hour; a shorter value makes it faster. The broker"
                + " deletes by wall clock while the store expires by record time, so when processing lags behind"
                + " by more than this and the local state is lost, ids near the old end of the window are not"
                + " restored: a retry of one of them is not dropped by the stream (the warehouse's"
                + " ReplacingMergeTree still collapses most, see docs/PERFORMANCE.md). Cover your longest catch-up.");
  }

  static RecoverySettings from(AbstractConfig v) {
    return new RecoverySettings(v.getInt(STANDBY_REPLICAS),
        Duration.ofMillis(v.getLong(DEDUPE_CHANGELOG_EXTRA_RETENTION_MS)));
  }

  /** Puts the Kafka Streams keys these settings stand for into {@code streamsConfig}. */
  void applyTo(Map<String, Object> streamsConfig) {
    streamsConfig.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
    streamsConfig.put(StreamsConfig.WINDOW_STORE_CHANGE_LOG_ADDITIONAL_RETENTION_MS_CONFIG,
        dedupeChangelogExtraRetention.toMillis());
  }
}
