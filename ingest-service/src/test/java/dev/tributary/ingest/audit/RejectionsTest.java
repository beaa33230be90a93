package dev.tributary.ingest.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.common.catalogue.AuditReconciliation;
import dev.tributary.events.AuditCount;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectionsTest {

  private static final Instant AT = Instant.parse("2026-11-30T10:41:37.250Z");

  @Test
  void shouldCountOneDeltaPerRuleInTheReceivedMinute() {
    List<AuditCount> counts = Rejections.of(AT, "web", List.of("required", "iso8601", "required")).counts("host:8080");

    assertThat(counts).extracting(AuditCount::getDetail, AuditCount::getCount)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("iso8601", 1L), org.assertj.core.groups.Tuple.tuple("required", 2L));
    assertThat(counts).allSatisfy(c -> {
      assertThat(c.getMinuteStart()).isEqualTo(Instant.parse("2026-11-30T10:41:00Z"));
      assertThat(c.getStage()).isEqualTo(AuditReconciliation.INGEST_STAGE);
      assertThat(c.getMeasure()).isEqualTo("REJECTED");
      assertThat(c.getSource()).isEqualTo("web");
      assertThat(c.getReporter()).isEqualTo("host:8080");
    });
    assertThat(Rejections.key(counts.get(1))).isEqualTo("ingest|host:8080|" + Instant.parse("2026-11-30T10:41:00Z")
        .toEpochMilli() + "|REJECTED|required|web");
  }

  @Test
  void shouldCountARequestWithoutAKnownWriteKeyUnderThePlaceholderSource() {
    Rejections r = Rejections.of(AT, null, List.of("unauthorized"));

    assertThat(r.source()).isEqualTo(AuditReconciliation.UNIDENTIFIED_SOURCE);
    assertThat(r.total()).isEqualTo(1);
  }

  @Test
  void shouldRefuseRejectionsWithoutAnyRule() {
    assertThatThrownBy(() -> Rejections.of(AT, "web", List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
