package dev.tributary.sink.testing;

import dev.tributary.schema.registry.SchemaRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** A schema registry in memory, so unit tests run the real Avro serdes without HTTP. */
public final class InMemorySchemaRegistry implements SchemaRegistry {

  private final Map<Schema, Integer> ids = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger(1);

  @Override
  public int register(String subject, Schema schema) {
    return ids.computeIfAbsent(schema, s -> {
      int id = next.getAndIncrement();
      schemas.put(id, s);
      return id;
    });
  }

  @Override
  public Schema getById(int id) {
    Schema schema = schemas.get(id);
    if (schema == null) {
      throw new IllegalStateException("unknown schema id " + id);
    }
    return schema;
  }

}
