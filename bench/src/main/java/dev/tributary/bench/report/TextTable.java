package dev.tributary.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns and a rule under the header, for terminal output and for
 * pasting into issues. Pure. Not thread-safe (a builder).
 */
public final class TextTable {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public TextTable(String... header) {
    this.header = List.of(header);
  }

  /** Adds a row; missing trailing cells print empty, extra cells are an error. */
  public TextTable row(String... cells) {
    if (cells.length > header.size()) {
      throw new IllegalArgumentException("row has " + cells.length + " cells for " + header.size() + " columns");
    }
    List<String> row = new ArrayList<>(header.size());
    for (int i = 0; i < header.size(); i++) {
      row.add(i < cells.length && cells[i] != null ? cells[i] : "");
    }
    rows.add(row);
    return this;
  }

  public int size() {
    return rows.size();
  }

  public String render() {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, widths);
    for (int i = 0; i < widths.length; i++) {
      out.append("-".repeat(widths[i]));
      out.append(i == widths.length - 1 ? "" : "-+-");
    }
    out.append('\n');
    for (List<String> row : rows) {
      line(out, row, widths);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      String cell = cells.get(i);
      line.append(cell).append(" ".repeat(widths[i] - cell.length()));
      if (i < widths.length - 1) {
        line.append(" | ");
      }
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
