package dev.tributary.schema.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.RawEvent;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.registry.SchemaRegistryException;
import dev.tributary.schema.serde.AvroDeserializer;
import dev.tributary.schema.serde.AvroSerializer;
import dev.tributary.schema.serde.WireFormat;
import dev.tributary.testsupport.TestRecords;
import dev.tributary.localstack.cli.StackLayout;
import dev.tributary.testsupport.TestRegistry;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.IdOption;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.kafka.config.KafkaSerdeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our serdes against the real Apicurio Registry and Apicurio's own serde as an independent
 * implementation of the Confluent wire format: bytes must flow both ways, and the registry's
 * BACKWARD rule must reach callers as a clear exception.
 */
class ApicurioInteropIT {

  private static SchemaRegistryClient client;
  private static Map<String, Object> apicurioConfig;

  @BeforeAll
  static void connect() {
    String ccompatUrl = TestRegistry.url();
    client = new SchemaRegistryClient(ccompatUrl, Duration.ofSeconds(10));
    apicurioConfig = Map.of(
        SerdeConfig.REGISTRY_URL, ccompatUrl.replaceFirst("/apis/ccompat/v7/?$", "/apis/registry/v3"),
        SerdeConfig.AUTO_REGISTER_ARTIFACT, true,
        // the Confluent wire format: id in the payload (not in headers), 4 bytes, ccompat's id
        KafkaSerdeConfig.ENABLE_HEADERS, false,
        SerdeConfig.ID_HANDLER, "io.apicurio.registry.serde.Default4ByteIdHandler",
        SerdeConfig.USE_ID, IdOption.contentId.name(),
        AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @Test
  void shouldLetApicuriosDeserializerReadWhatOurSerializerWrote() {
    String topic = uniqueTopic("ours-to-apicurio");
    RawEvent event = rawEvent();
    byte[] bytes = new AvroSerializer<RawEvent>(client, false).serialize(topic, event);

    try (AvroKafkaDeserializer<RawEvent> apicurio = new AvroKafkaDeserializer<>()) {
      apicurio.configure(apicurioConfig, false);

      assertThat(apicurio.deserialize(topic, new RecordHeaders(), bytes)).isEqualTo(event);
    }
  }

  @Test
  void shouldReadWhatApicuriosSerializerWrote() {
    String topic = uniqueTopic("apicurio-to-ours");
    CleanEvent event = cleanEvent();
    byte[] bytes;
    try (AvroKafkaSerializer<CleanEvent> apicurio = new AvroKafkaSerializer<>()) {
      apicurio.configure(apicurioConfig, false);
      bytes = apicurio.serialize(topic, new RecordHeaders(), event);
    }

    assertThat(bytes[0]).isEqualTo(WireFormat.MAGIC_BYTE);
    assertThat(new AvroDeserializer<>(client, CleanEvent.class).deserialize(topic, bytes))
        .isEqualTo(event);
  }

  @Test
  void shouldWriteTheSameBytesAsApicuriosSerializer() {
    String topic = uniqueTopic("same-id");
    RawEvent event = rawEvent();
    byte[] theirs;
    try (AvroKafkaSerializer<RawEvent> apicurio = new AvroKafkaSerializer<>()) {
      apicurio.configure(apicurioConfig, false);
      theirs = apicurio.serialize(topic, new RecordHeaders(), event);
    }

    byte[] ours = new AvroSerializer<RawEvent>(client, false).serialize(topic, event);

    assertThat(WireFormat.schemaId(ours)).isEqualTo(WireFormat.schemaId(theirs));
    assertThat(ours).containsExactly(theirs);
  }

  @Test
  void shouldRefuseAnIncompatibleSchemaWithAClearException() {
    String subject = AvroSerializer.subject(uniqueTopic("incompatible"), false);
    client.register(subject, RawEvent.getClassSchema());
    String json = RawEvent.getClassSchema().toString();
    Schema withRequiredField = new Schema.Parser().parse(json.substring(0, json.length() - 2)
        + ",{\"name\":\"tenant\",\"type\":\"string\"}]}");

    assertThatThrownBy(() -> client.register(subject, withRequiredField))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).hasValue(409);
          assertThat(e.retriable()).isFalse();
          assertThat(e.url()).isEqualTo(client.baseUrl() + "/subjects/" + subject + "/versions");
          assertThat(e.getMessage())
              .contains("not compatible with subject '" + subject + "''s latest version");
        });
  }

  @Test
  void shouldRegisterTheCleanEventWithTraitsAfterTheFirstPublishedVersion() throws Exception {
    String subject = AvroSerializer.subject(uniqueTopic("clean-v1-v2"), false);
    Schema v1 = new Schema.Parser().parse(
        StackLayout.discover(Optional.empty()).root()
            .resolve("schemas/src/test/resources/schema-history/CleanEvent/v1.avsc").toFile());

    int v1Id = client.register(subject, v1);
    int currentId = client.register(subject, CleanEvent.getClassSchema());

    assertThat(currentId).isNotEqualTo(v1Id);
    assertThat(client.getById(currentId).getField("traits")).isNotNull();
  }

  static String uniqueTopic(String what) {
    return "interop." + what + "." + UUID.randomUUID();
  }

  static RawEvent rawEvent() {
    return RawEvent.newBuilder(TestRecords.rawEvent("e-" + UUID.randomUUID(), Instant.parse("2026-11-27T10:15:30.123Z"),
            "{\"event\":\"purchase\",\"user_id\":\"u1\"}"))
        .setRequestId("req-1")
        .build();
  }

  static CleanEvent cleanEvent() {
    // set optional fields the shared record leaves null, so their unions' non-null branches cross too
    return CleanEvent.newBuilder(TestRecords.cleanEvent("e-1", Instant.parse("2026-11-27T10:15:30.123Z")))
        .setAnonymousId("a1")
        .setTraits("{\"plan\":\"pro\"}")
        .setGroupId("g-1")
        .build();
  }
}
