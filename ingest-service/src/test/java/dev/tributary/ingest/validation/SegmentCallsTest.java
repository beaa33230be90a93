package dev.tributary.ingest.validation;

import static dev.tributary.ingest.validation.EventValidatorTest.parse;
import static dev.tributary.ingest.validation.EventValidatorTest.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SegmentCallsTest {

  @Test
  void shouldSetRouteTypeAndDropWriteKey() {
    JsonNode body = parse(q("{'type':'track','userId':'u','writeKey':'secret'}"));

    JsonNode event = SegmentCalls.single(body, "identify");

    assertThat(event.get("type").textValue()).isEqualTo("identify");
    assertThat(event.has("writeKey")).isFalse();
    assertThat(body.get("writeKey").textValue()).as("input untouched").isEqualTo("secret");
  }

  @Test
  void shouldKeepBodyTypeOnUntypedRoute() {
    assertThat(SegmentCalls.single(parse(q("{'type':'page'}")), null).get("type").textValue()).isEqualTo("page");
  }

  @Test
  void shouldUseOriginalTimestampAsTimestampWhenNoneGiven() {
    JsonNode event = SegmentCalls.single(parse(q("{'originalTimestamp':'2025-01-01T00:00:00Z'}")), "track");

    assertThat(event.get("timestamp").textValue()).isEqualTo("2025-01-01T00:00:00Z");
  }

  @Test
  void shouldKeepClientTimestampOverOriginalTimestamp() {
    JsonNode event = SegmentCalls.single(
        parse(q("{'timestamp':'2025-02-02T00:00:00Z','originalTimestamp':'2025-01-01T00:00:00Z'}")), "track");

    assertThat(event.get("timestamp").textValue()).isEqualTo("2025-02-02T00:00:00Z");
  }

  @Test
  void shouldInjectBatchSentAtContextAndIntegrationsIntoItemsWithoutOwn() {
    BatchItems items = BatchItems.of(parse(q("{'writeKey':'k','sentAt':'2025-06-01T00:00:00Z','context':{'ip':'1.2.3.4'},"
        + "'integrations':{'All':false},'batch':[{'event':'a','writeKey':'k'},{'event':'b','sentAt':'2025-05-01T00:00:00Z',"
        + "'context':{'ip':'own'}}]}")));

    assertThat(items).isInstanceOfSatisfying(BatchItems.Items.class, i -> {
      JsonNode first = i.items().get(0);
      JsonNode second = i.items().get(1);
      assertThat(first.get("sentAt").textValue()).isEqualTo("2025-06-01T00:00:00Z");
      assertThat(first.at("/context/ip").textValue()).isEqualTo("1.2.3.4");
      assertThat(first.at("/integrations/All").booleanValue()).isFalse();
      assertThat(first.has("writeKey")).isFalse();
      assertThat(second.get("sentAt").textValue()).isEqualTo("2025-05-01T00:00:00Z");
      assertThat(second.at("/context/ip").textValue()).isEqualTo("own");
    });
  }

  @Test
  void shouldNotInjectSentAtIntoItemWithSnakeCaseSentAt() {
    BatchItems items = BatchItems.of(parse(q("{'sentAt':'2025-06-01T00:00:00Z','batch':[{'sent_at':'2025-05-01T00:00:00Z'}]}")));

    assertThat(((BatchItems.Items) items).items().get(0).has("sentAt")).isFalse();
  }

  @Test
  void shouldFindWriteKeyInBody() {
    assertThat(SegmentCalls.writeKey(parse(q("{'writeKey':'k1','batch':[]}")))).contains("k1");
    assertThat(SegmentCalls.writeKey(parse(q("{'writeKey':7}")))).isEmpty();
    assertThat(SegmentCalls.writeKey(parse("[1]"))).isEmpty();
  }
}
