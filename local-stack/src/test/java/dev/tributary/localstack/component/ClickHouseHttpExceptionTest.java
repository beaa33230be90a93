package dev.tributary.localstack.component;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClickHouseHttpExceptionTest {

  @Test
  void shouldParseTheServerErrorCode() {
    ClickHouseHttpException e = new ClickHouseHttpException(500,
        "Code: 164, e.displayText() = DB::Exception: Cannot execute query in readonly mode", "http://h:1");

    assertThat(e.code()).isEqualTo(164);
    assertThat(e.status()).isEqualTo(500);
    assertThat(e.getMessage()).contains("readonly mode", "http://h:1");
  }

  @Test
  void shouldAnswerMinusOneWithoutACode() {
    assertThat(new ClickHouseHttpException(502, "Bad Gateway", "http://h:1").code()).isEqualTo(-1);
  }
}
