package dev.tributary.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.events.ExperimentChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaChangeLogPublisherTest {

  private static final Serializer<ExperimentChange> VALUE = (topic, value) -> value.getChangeId().getBytes();

  private static ExperimentChange change(String key, String id) {
    Instant t = Instant.parse("2026-11-30T10:00:00Z");
    return ExperimentChange.newBuilder().setChangeId(id).setExperimentKey(key).setPhase(1).setKind("snapshot")
        .setField("*").setFromValue(null).setToValue("coverage=0.05").setChangedBy("ana").setChangedAt(t)
        .setRecordedAt(t).build();
  }

  @Test
  void shouldKeyEveryRecordByItsExperimentAndReturnOnceAcknowledged() throws Exception {
    MockProducer<String, ExperimentChange> producer = new MockProducer<>(true, null, new StringSerializer(), VALUE);
    new KafkaChangeLogPublisher(producer, "experiments.changes", Duration.ofSeconds(5))
        .publish(List.of(change("a", "a:1:x"), change("b", "b:1:y")));

    assertThat(producer.history()).extracting(ProducerRecord::topic, ProducerRecord::key)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("experiments.changes", "a"),
            org.assertj.core.groups.Tuple.tuple("experiments.changes", "b"));
  }

  @Test
  void shouldThrowWhenARecordIsRefused() {
    MockProducer<String, ExperimentChange> producer = new MockProducer<>(false, null, new StringSerializer(), VALUE);
    KafkaChangeLogPublisher publisher = new KafkaChangeLogPublisher(producer, "experiments.changes", Duration.ofSeconds(5));
    Thread broker = new Thread(() -> {
      while (producer.history().isEmpty()) {
        Thread.onSpinWait();
      }
      producer.errorNext(new NotEnoughReplicasException("isr too small"));
    });
    broker.start();

    assertThatThrownBy(() -> publisher.publish(List.of(change("a", "a:1:x"))))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(NotEnoughReplicasException.class);
  }

  @Test
  void shouldThrowWhenKafkaDoesNotAnswerInTime() {
    MockProducer<String, ExperimentChange> producer = new MockProducer<>(false, null, new StringSerializer(), VALUE);
    KafkaChangeLogPublisher publisher = new KafkaChangeLogPublisher(producer, "experiments.changes", Duration.ofMillis(200));

    assertThatThrownBy(() -> publisher.publish(List.of(change("a", "a:1:x")))).isInstanceOf(TimeoutException.class);
  }
}
