package dev.tributary.common.catalogue;

import java.util.Optional;

/**
 * The MergeTree-family engine of a warehouse table, as far as the catalogue needs to say it.
 * The DDL (with replication and clusters where they apply) is generated from it by the
 * warehouse-schema module.
 *
 * <p>Immutable.
 *
 * @param kind which engine
 * @param versionColumn for {@link Kind#REPLACING}: the column whose highest value wins among rows of
 *     one sorting key (empty: the last inserted row wins)
 */
public record TableEngine(Kind kind, Optional<String> versionColumn) {

  /** The engines the catalogue uses. */
  public enum Kind {
    /** Keeps every row: the table is a log (dead letters). */
    MERGE_TREE,
    /** Rows of one sorting key collapse to one in merges: read with {@code FINAL} for exact answers. */
    REPLACING
  }

  public TableEngine {
    if (kind == Kind.MERGE_TREE && versionColumn.isPresent()) {
      throw new IllegalArgumentException("only a ReplacingMergeTree has a version column");
    }
  }

  public static TableEngine mergeTree() {
    return new TableEngine(Kind.MERGE_TREE, Optional.empty());
  }

  public static TableEngine replacing() {
    return new TableEngine(Kind.REPLACING, Optional.empty());
  }

  public static TableEngine replacing(String versionColumn) {
    return new TableEngine(Kind.REPLACING, Optional.of(versionColumn));
  }
}
