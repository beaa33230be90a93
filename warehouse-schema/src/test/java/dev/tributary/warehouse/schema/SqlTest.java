package dev.tributary.warehouse.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlTest {

  @Test
  void shouldQuoteIdentifierInBackticksEscapingBacktickAndBackslash() {
    assertThat(Sql.identifier("events")).isEqualTo("`events`");
    assertThat(Sql.identifier("we`ird\\db")).isEqualTo("`we\\`ird\\\\db`");
    assertThat(Sql.qualified("tributary", "events")).isEqualTo("`tributary`.`events`");
  }

  @Test
  void shouldEscapeQuoteBackslashAndControlCharactersInStringLiteral() {
    assertThat(Sql.literal("events.clean")).isEqualTo("'events.clean'");
    assertThat(Sql.literal("a'b\\c\nd\te\0")).isEqualTo("'a\\'b\\\\c\\nd\\te\\0'");
  }

  @Test
  void shouldRejectEmptyIdentifier() {
    assertThatThrownBy(() -> Sql.identifier("")).isInstanceOf(IllegalArgumentException.class);
  }
}
