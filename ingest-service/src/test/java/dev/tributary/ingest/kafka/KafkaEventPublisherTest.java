package dev.tributary.ingest.kafka;

import static dev.tributary.ingest.kafka.BoundedEventPublisherTest.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tributary.events.RawEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KafkaEventPublisherTest {

  private static final Serializer<RawEvent> VALUE = (topic, value) -> value.getEventId().getBytes();
  private final MockProducer<String, RawEvent> producer =
      new MockProducer<>(false, null, new StringSerializer(), VALUE);
  private final KafkaEventPublisher publisher = new KafkaEventPublisher(producer, "events.raw", Duration.ofSeconds(5));

  @AfterEach
  void close() {
    publisher.close();
  }

  @Test
  void shouldCompleteOnlyAfterEveryEventIsAcknowledged() {
    CompletableFuture<Void> done = publisher.publish(events(2)).toCompletableFuture();
    await().until(() -> producer.history().size() == 2);

    producer.completeNext();
    assertThat(done).isNotDone();
    producer.completeNext();

    await().until(done::isDone);
    assertThat(done).isNotCompletedExceptionally();
  }

  @Test
  void shouldFailWhenAnyEventIsNotAcknowledged() {
    CompletableFuture<Void> done = publisher.publish(events(2)).toCompletableFuture();
    await().until(() -> producer.history().size() == 2);

    producer.completeNext();
    producer.errorNext(new NotEnoughReplicasException("isr too small"));

    await().until(done::isDone);
    assertThatThrownBy(done::join).hasCauseInstanceOf(NotEnoughReplicasException.class);
  }

  @Test
  void shouldFailWhenSendThrows() {
    producer.sendException = new org.apache.kafka.common.errors.TimeoutException("metadata not available");

    CompletableFuture<Void> done = publisher.publish(events(1)).toCompletableFuture();

    await().until(done::isDone);
    assertThat(done).isCompletedExceptionally();
  }

  @Test
  void shouldKeyRecordsByIdentityOnTheConfiguredTopic() {
    publisher.publish(events(2));

    await().until(() -> producer.history().size() == 2);
    assertThat(producer.history()).extracting(r -> r.topic() + "/" + r.key())
        .containsExactly("events.raw/u0", "events.raw/u1");
  }

  @Test
  void shouldFailPublishAfterClose() {
    publisher.close();

    assertThat(publisher.publish(events(1)).toCompletableFuture()).isCompletedExceptionally();
  }
}
