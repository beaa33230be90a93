package dev.tributary.console.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.common.event.Rule;
import dev.tributary.console.query.ConsoleEndpoints.Answered;
import dev.tributary.console.query.ConsoleQuery;
import dev.tributary.console.query.InvalidParameterException;
import dev.tributary.console.query.SqlParam;
import dev.tributary.console.warehouse.QueryResult;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerBodiesTest {

  private static final QueryResult RESULT = new QueryResult(List.of("reason", "letters", "sample"),
      List.of(Arrays.asList("MALFORMED_JSON", 2L, "{\"a\",\n\"b\"}"), Arrays.asList("MISSING_FIELD", 1L, null)), 7);

  @Test
  void shouldAnswerTheDataWithTheExactSqlBehindIt() throws Exception {
    ConsoleQuery query = ConsoleQuery.of("health.dead_letters", "SELECT reason FROM v WHERE r = ?", new SqlParam.Text("it's"));
    JsonNode body = new ObjectMapper().readTree(AnswerBodies.json(new Answered(query, RESULT), 1234));
    assertThat(body.at("/query/sql").asText()).isEqualTo("SELECT reason FROM v WHERE r = 'it\\'s'");
    assertThat(body.at("/query/template").asText()).isEqualTo("SELECT reason FROM v WHERE r = ?");
    assertThat(body.at("/query/params/0").asText()).isEqualTo("it's");
    assertThat(body.at("/rows/0/1").asLong()).isEqualTo(2);
    assertThat(body.at("/rows/1/2").isNull()).isTrue();
    assertThat(body.at("/as_of_ms").asLong()).isEqualTo(1234);
  }

  @Test
  void shouldQuoteCsvFieldsThatNeedIt() {
    assertThat(AnswerBodies.csv(RESULT)).isEqualTo("reason,letters,sample\r\n"
        + "MALFORMED_JSON,2,\"{\"\"a\"\",\n\"\"b\"\"}\"\r\n"
        + "MISSING_FIELD,1,\r\n");
  }

  @Test
  void shouldNameTheParameterAndRuleOfA400() throws Exception {
    JsonNode body = new ObjectMapper().readTree(AnswerBodies.invalidParameter(
        new InvalidParameterException("grain", Rule.ONE_OF, "grain must be one of minute, hour, day")));
    assertThat(body.get("success").asBoolean()).isFalse();
    assertThat(body.get("error").asText()).isEqualTo("invalid_parameter");
    assertThat(body.get("field").asText()).isEqualTo("grain");
    assertThat(body.get("rule").asText()).isEqualTo("one_of");
  }
}
