package dev.tributary.localstack.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsvRecordTest {

  @Test
  void shouldSplitPlainFieldsKeepingEmptyOnes() throws Exception {
    assertThat(CsvRecord.parse("a,,c,")).containsExactly("a", "", "c", "");
  }

  @Test
  void shouldKeepCommasAndDoubledQuotesInsideQuotedFields() throws Exception {
    assertThat(CsvRecord.parse("\"Smith, John\",\"say \"\"hi\"\"\",\"\"")).containsExactly("Smith, John", "say \"hi\"", "");
  }

  @Test
  void shouldRejectAnUnterminatedQuote() {
    assertThatThrownBy(() -> CsvRecord.parse("a,\"open")).isInstanceOf(CsvRecord.CsvException.class)
        .hasMessageContaining("unterminated quoted field starting at column 3");
  }

  @Test
  void shouldRejectAQuoteInsideAnUnquotedField() {
    assertThatThrownBy(() -> CsvRecord.parse("ab\"c,d")).hasMessageContaining("column 3");
  }

  @Test
  void shouldRejectTextAfterAClosingQuote() {
    assertThatThrownBy(() -> CsvRecord.parse("\"a\"b,c")).hasMessageContaining("after closing quote");
  }
}
