package dev.tributary.localstack.importer;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into fields (RFC 4180 on one physical line: comma separated, a field in double
 * quotes may hold commas, and {@code ""} inside quotes is one quote). A quoted field spanning lines is
 * not supported: the import reads line by line so that a checkpoint is a line number, and such a
 * line is reported as unterminated.
 *
 * <p>Stateless and thread-safe.
 */
public final class CsvRecord {

  /** A line that is not one CSV record; the message says where. */
  public static final class CsvException extends Exception {
    private static final long serialVersionUID = 1L;

    CsvException(String message) {
      super(message);
    }
  }

  private CsvRecord() {}

  /** The fields of {@code line}, unquoted. */
  public static List<String> parse(String line) throws CsvException {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = line.length();
    while (true) {
      if (i < n && line.charAt(i) == '"') {
        int start = i;
        i++;
        while (true) {
          if (i >= n) {
            throw new CsvException("unterminated quoted field starting at column " + (start + 1)
                + " (a quoted field cannot span lines)");
          }
          char c = line.charAt(i);
          if (c == '"') {
            if (i + 1 < n && line.charAt(i + 1) == '"') {
              field.append('"');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          field.append(c);
          i++;
        }
        if (i < n && line.charAt(i) != ',') {
          throw new CsvException("unexpected character after closing quote at column " + (i + 1));
        }
      } else {
        while (i < n && line.charAt(i) != ',') {
          char c = line.charAt(i);
          if (c == '"') {
            throw new CsvException("quote inside an unquoted field at column " + (i + 1) + "; quote the whole field");
          }
          field.append(c);
          i++;
        }
      }
      fields.add(field.toString());
      field.setLength(0);
      if (i >= n) {
        return fields;
      }
      i++; // the comma
    }
  }
}
