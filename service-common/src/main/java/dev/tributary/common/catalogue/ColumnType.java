package dev.tributary.common.catalogue;

/**
 * The few ClickHouse column types the warehouse tables use, chosen so the same DDL runs on
 * ClickHouse 18.16 and on current releases (no DateTime64, Map, JSON or LowCardinality).
 *
 * <p>Java value of each type in a row: {@code String} or {@code byte[]} for the string
 * types, {@code Integer} for INT32, {@code Long} for INT64, UINT64 and DATETIME (epoch seconds),
 * {@code Double} for FLOAT64, {@code long[]} for ARRAY_UINT64 (the bits of each element as
 * written, so a signed Java long reads back as the same 64 bits unsigned); {@code null} only for
 * the nullable types.
 */
public enum ColumnType {
  STRING("String", false),
  NULLABLE_STRING("Nullable(String)", true),
  INT32("Int32", false),
  INT64("Int64", false),
  NULLABLE_INT64("Nullable(Int64)", true),
  UINT64("UInt64", false),
  FLOAT64("Float64", false),
  NULLABLE_FLOAT64("Nullable(Float64)", true),
  /** Seconds since the epoch, interpreted in UTC whatever the server's time zone is. */
  DATETIME("DateTime('UTC')", false),
  /** 64-bit hashes, e.g. the identities of a minute, for exact distinct counts that roll up. */
  ARRAY_UINT64("Array(UInt64)", false);

  private final String sql;
  private final boolean nullable;

  ColumnType(String sql, boolean nullable) {
    this.sql = sql;
    this.nullable = nullable;
  }

  /** The type as written in DDL. */
  public String sql() {
    return sql;
  }

  public boolean nullable() {
    return nullable;
  }
}
