package dev.tributary.schema.serde;

import dev.tributary.schema.registry.SchemaRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * In-memory registry: one global id per distinct schema, like Confluent SR; counts calls. Not
 * test-support's {@code InMemorySchemaRegistry}: test-support depends on this module (through
 * local-stack and service-common), so this module's tests cannot use it.
 */
final class FakeSchemaRegistry implements SchemaRegistry {

  private final AtomicInteger nextId;
  private final Map<Schema, Integer> ids = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
  private final List<String> registeredSubjects = new ArrayList<>();
  final AtomicInteger registerCalls = new AtomicInteger();
  final AtomicInteger getByIdCalls = new AtomicInteger();
  final AtomicInteger lookupCalls = new AtomicInteger();

  FakeSchemaRegistry(int firstId) {
    this.nextId = new AtomicInteger(firstId);
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    registerCalls.incrementAndGet();
    registeredSubjects.add(subject);
    int id = ids.computeIfAbsent(schema, s -> nextId.getAndIncrement());
    schemas.put(id, schema);
    return id;
  }

  @Override
  public synchronized int lookup(String subject, Schema schema) {
    lookupCalls.incrementAndGet();
    Integer id = registeredSubjects.contains(subject) ? ids.get(schema) : null;
    if (id == null) {
      throw new IllegalStateException("fake registry has no such schema under " + subject);
    }
    return id;
  }

  @Override
  public Schema getById(int id) {
    getByIdCalls.incrementAndGet();
    Schema schema = schemas.get(id);
    if (schema == null) {
      throw new IllegalStateException("fake registry has no schema id " + id);
    }
    return schema;
  }

  synchronized List<String> registeredSubjects() {
    return List.copyOf(registeredSubjects);
  }
}
