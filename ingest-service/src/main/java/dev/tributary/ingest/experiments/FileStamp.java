package dev.tributary.ingest.experiments;

import java.time.Instant;

/**
 * What tells one version of the definitions file from the next without reading it: its modification time and
 * size (an editor that rewrites a file within one timestamp tick almost always changes its size too).
 */
public record FileStamp(Instant modified, long size) {}
