package dev.tributary.console.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConsoleQueryTest {

  @Test
  void shouldWriteParametersInAsEscapedLiteralsForShowSql() {
    ConsoleQuery q = ConsoleQuery.of("q", "SELECT 1 FROM v WHERE e = ? AND t >= toDateTime(?)",
        new SqlParam.Text("it's \\ here"), new SqlParam.Int(60));
    assertThat(q.sql()).isEqualTo("SELECT 1 FROM v WHERE e = 'it\\'s \\\\ here' AND t >= toDateTime(60)");
  }

  @Test
  void shouldIgnoreQuestionMarksInsideLiterals() {
    ConsoleQuery q = ConsoleQuery.of("q", "SELECT '?', 'it\\'s ?' WHERE x = ?", new SqlParam.Int(1));
    assertThat(q.sql()).isEqualTo("SELECT '?', 'it\\'s ?' WHERE x = 1");
  }

  @Test
  void shouldRefuseATemplateWhosePlaceholdersAndParametersDiffer() {
    assertThatThrownBy(() -> ConsoleQuery.of("q", "SELECT ? + ?", new SqlParam.Int(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 placeholders but 1 parameters");
  }
}
