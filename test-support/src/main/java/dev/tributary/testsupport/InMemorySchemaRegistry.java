package dev.tributary.testsupport;

import dev.tributary.schema.registry.SchemaRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;

/**
 * The one schema registry fake of the unit tests (topology tests, the sink's loop): same schema → same id, ids from 1.
 * Lookup of an unknown id fails like the real client would (without an HTTP status).
 *
 * <p>Thread-safe.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

  private final List<Schema> schemas = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> subjects = new ConcurrentHashMap<>();

  @Override
  public synchronized int register(String subject, Schema schema) {
    int index = schemas.indexOf(schema);
    if (index < 0) {
      schemas.add(schema);
      index = schemas.size() - 1;
    }
    subjects.put(subject, index + 1);
    return index + 1;
  }

  @Override
  public Schema getById(int id) {
    if (id < 1 || id > schemas.size()) {
      throw new IllegalArgumentException("unknown schema id " + id);
    }
    return schemas.get(id - 1);
  }

  /** Subjects registered so far, with their latest id. */
  public Map<String, Integer> subjects() {
    return Map.copyOf(subjects);
  }
}
