package dev.tributary.localstack.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where lines that did not become events go: one JSON object per line with the input line number, the
 * server's (or the parser's) field, rule and message, and the raw line, so they can be fixed and
 * imported again. Appended and flushed before each checkpoint.
 *
 * <p>Implementations are used from one thread.
 */
public interface RejectSink extends AutoCloseable {

  void reject(long line, String field, String rule, String message, String raw) throws IOException;

  /** Makes what was written durable; called before the checkpoint moves past it. */
  void flush() throws IOException;

  @Override
  void close() throws IOException;

  /** Appends to {@code file} (created when missing). */
  static RejectSink file(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    ObjectMapper json = new ObjectMapper();
    return new RejectSink() {
      @Override
      public void reject(long line, String field, String rule, String message, String raw) throws IOException {
        ObjectNode entry = json.createObjectNode();
        entry.put("line", line);
        entry.put("field", field);
        entry.put("rule", rule);
        entry.put("message", message);
        entry.put("raw", raw);
        out.write(json.writeValueAsString(entry));
        out.newLine();
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
  }
}
