package dev.tributary.common.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Iso8601Test {

  private static final long SEED = 20261127L;
  private static final long MIN_SECOND = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
  private static final long MAX_SECOND = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);

  /** The slow path the fast one must agree with. */
  private static Instant formatter(String text) {
    return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
  }

  @Test
  void shouldParseRandomInstantsInEveryCommonShapeLikeTheFormatterAndWithoutIt() {
    Random random = new Random(SEED);
    List<String> patterns = List.of("yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.SSS",
        "yyyy-MM-dd'T'HH:mm:ss.SSSSSS", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS", "yyyy-MM-dd'T'HH:mm:ss.S",
        "yyyy-MM-dd'T'HH:mm:ss.SSSSSSSS");
    for (int i = 0; i < 50_000; i++) {
      Instant instant = Instant.ofEpochSecond(MIN_SECOND + 86_400 + (long) (random.nextDouble() * (MAX_SECOND - MIN_SECOND - 2 * 86_400)),
          random.nextInt(1_000_000_000));
      ZoneOffset offset = switch (random.nextInt(4)) {
        case 0 -> ZoneOffset.UTC;
        case 1 -> ZoneOffset.ofTotalSeconds((random.nextInt(2 * 17 * 60 + 1) - 17 * 60) * 60);
        default -> ZoneOffset.ofHoursMinutes(random.nextInt(15) - 7, 0);
      };
      String pattern = patterns.get(random.nextInt(patterns.size()));
      String local = instant.atOffset(offset).format(DateTimeFormatter.ofPattern(pattern, Locale.ROOT));
      String offsetText = offset.equals(ZoneOffset.UTC) ? (random.nextBoolean() ? "Z" : "+00:00") : offset.getId();
      String text = local + offsetText;

      assertThat(Iso8601.fastPath(text)).as(text).isNotNull().isEqualTo(formatter(text));
      assertThat(Iso8601.parseOffsetDateTime(text)).as(text).isEqualTo(formatter(text));
    }
  }

  @Test
  void shouldParseCalendarEdgesLikeTheFormatter() {
    List<String> texts = List.of("0000-01-01T00:00:00Z", "0000-02-29T12:00:00Z", "1600-02-29T00:00:00Z",
        "1900-02-28T23:59:59.999999999Z", "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00Z",
        "2000-02-29T00:00:00+17:59", "2024-02-29T10:15:30-17:59", "2026-11-27T10:15:30.123456Z",
        "2026-11-27T10:15:30+00:00", "9999-12-31T23:59:59.999999999Z", "2026-12-31T23:59:59-05:30");
    for (String text : texts) {
      assertThat(Iso8601.fastPath(text)).as(text).isNotNull().isEqualTo(formatter(text));
    }
  }

  @Test
  void shouldLeaveUnusualButValidOrInvalidTextsToTheFormatterWithItsResultOrException() {
    List<String> texts = List.of("", "2026", "2026-11-27", "2026-11-27T10:15:30", "2026-11-27T10:15Z",
        "2026-11-27t10:15:30Z", "2026-11-27T10:15:30z", "2026-11-27T10:15:30-00:00", "2026-11-27T10:15:30+18:00",
        "2026-11-27T10:15:30-18:00", "2026-11-27T10:15:30+18:01", "2026-11-27T10:15:30+05:30:15",
        "2026-11-27T10:15:30+0530", "2026-11-27T10:15:30+05", "2026-11-27T10:15:30.Z",
        "2026-11-27T10:15:30.1234567890Z", "2026-02-29T10:15:30Z", "2026-04-31T10:15:30Z", "2026-13-01T10:15:30Z",
        "2026-00-01T10:15:30Z", "2026-11-00T10:15:30Z", "2026-11-27T24:00:00Z", "2026-11-27T23:60:00Z",
        "2026-12-31T23:59:60Z", " 2026-11-27T10:15:30Z", "2026-11-27T10:15:30Z ", "+12026-11-27T10:15:30Z",
        "-2026-11-27T10:15:30Z", "12026-11-27T10:15:30Z", "2026-11-27 10:15:30Z", "2026-11-27T10:15:30+5:30",
        "2026-11-27T10:15:30+05:60", "2026-11-27T10:15:30+24:00", "2026-11-27T10:15:30UTC",
        "2026-11-27T10:15:30.123+00:00[UTC]", "2026-11-27T10:15:30.12a4Z", "2026-1a-27T10:15:30Z",
        "2026-11-27T10:15:30\u0660Z", "\u0662\u0660\u0662\u0666-11-27T10:15:30Z", "2026-11-27T10:15:30.+01:00",
        "2026-11-27T10:15:30,123Z", "2026-11-27T10:15:30.123-00:00");
    for (String text : texts) {
      assertSameAsFormatter(text);
    }
  }

  @Test
  void shouldAgreeWithTheFormatterOnRandomlyDamagedTexts() {
    Random random = new Random(SEED);
    String alphabet = "0123456789-:.TZtz+ ,9";
    List<String> seeds = List.of("2026-11-27T10:15:30Z", "2026-11-27T10:15:30.123Z", "2024-02-29T23:59:59.123456+05:30",
        "2026-11-27T10:15:30-08:00");
    for (int i = 0; i < 50_000; i++) {
      StringBuilder text = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
      int edits = 1 + random.nextInt(2);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(text.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> text.setCharAt(at, c);
          case 1 -> text.insert(at, c);
          default -> text.deleteCharAt(at);
        }
      }
      assertSameAsFormatter(text.toString());
    }
  }

  private static void assertSameAsFormatter(String text) {
    Instant expected = null;
    DateTimeParseException expectedError = null;
    try {
      expected = formatter(text);
    } catch (DateTimeParseException e) {
      expectedError = e;
    }
    Instant actual = null;
    RuntimeException actualError = null;
    try {
      actual = Iso8601.parseOffsetDateTime(text);
    } catch (RuntimeException e) {
      actualError = e;
    }
    if (expectedError == null) {
      assertThat(actualError).as(text).isNull();
      assertThat(actual).as(text).isEqualTo(expected);
    } else {
      assertThat(actualError).as(text).isInstanceOf(DateTimeParseException.class)
          .hasMessage(expectedError.getMessage());
      assertThat(((DateTimeParseException) actualError).getErrorIndex()).as(text).isEqualTo(expectedError.getErrorIndex());
    }
  }
}
