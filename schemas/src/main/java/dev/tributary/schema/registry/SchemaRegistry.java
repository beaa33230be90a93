package dev.tributary.schema.registry;

import org.apache.avro.Schema;

/**
 * The two registry operations the serdes need, as a port: {@link SchemaRegistryClient} speaks the
 * Confluent Schema Registry REST API; tests pass an in-memory fake.
 *
 * <p>Implementations must be thread-safe and should cache, because the serdes call them once per
 * topic and schema id, from any thread.
 */
public interface SchemaRegistry {

  /**
   * Registers {@code schema} under {@code subject} (or finds it when already registered).
   *
   * @return the registry's global id of the schema, as written into the wire format
   * @throws SchemaRegistryException when the registry refuses the schema or cannot be reached
   */
  int register(String subject, Schema schema);

  /**
   * The id of {@code schema} when it is already registered under {@code subject}; never registers.
   * For producers that must not change a subject (schemas registered by a deployment step).
   *
   * @throws SchemaRegistryException when the subject or the schema under it does not exist, or the
   *     registry cannot be reached
   */
  default int lookup(String subject, Schema schema) {
    throw new UnsupportedOperationException(getClass().getSimpleName()
        + " cannot look up schemas without registering them");
  }

  /**
   * Looks up the schema with the given global id.
   *
   * @throws SchemaRegistryException when the id is unknown or the registry cannot be reached
   */
  Schema getById(int id);
}
