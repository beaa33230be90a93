package dev.tributary.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventJsonLastFieldTest {

  private static final List<String> PLAIN_OBJECTS = List.of("{}", "{\"a\":1}",
      "{\"event\":\"Order Completed\",\"properties\":{\"revenue\":19.90,\"big\":1e400}}",
      "{\"userId\":\"ü\\u00e9€\\u2028\",\"n\":[1,2.50,{\"x\":null},true],\"s\":\"line\\nbreak \\\"q\\\" \\\\ / \\t\"}");
  private static final List<String> PLAIN_VALUES = List.of("3f1d2c4b-5a69-4e7f-8a9b-0c1d2e3f4a5b", "ajs-7f9c2d61",
      "", "</script>", "~ !#$%&'()*+,-./:;<=>?@[]^_`{|}");

  @Test
  void shouldWriteTheSameTextAsSerializingACopyWithTheFieldPut() throws Exception {
    for (String text : PLAIN_OBJECTS) {
      ObjectNode event = parse(text);
      for (String value : PLAIN_VALUES) {
        assertThat(EventJson.withLastField(EventJson.compactBytes(event), "event_id", value))
            .as("%s + %s", text, value)
            .isEqualTo(copyWith(event, value));
      }
    }
  }

  @Test
  void shouldDeclineWhenTheByteAndTextWritersMayDiffer() throws Exception {
    List<String> escaped = List.of("{\"t\":\"\\ud83d\\ude00\"}", "{\"t\":\"😀\"}", "{\"t\":\"\\ud800\"}",
        "{\"t\":\"ctl\\u0001\"}", "{\"😀\":1}");
    for (String text : escaped) {
      ObjectNode event = parse(text);
      assertThat(EventJson.withLastField(EventJson.compactBytes(event), "event_id", "id")).as(text).isNull();
    }
    ObjectNode plain = parse("{\"a\":1}");
    for (String value : List.of("with \"quotes\"", "back\\slash", "tab\there", "naïve", "😀", "del\u007f", "\u2028")) {
      assertThat(EventJson.withLastField(EventJson.compactBytes(plain), "event_id", value)).as(value).isNull();
    }
  }

  private static ObjectNode parse(String text) throws Exception {
    return (ObjectNode) EventJson.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String copyWith(ObjectNode event, String value) {
    ObjectNode copy = event.deepCopy();
    copy.put("event_id", value);
    return EventJson.compactText(copy);
  }
}
