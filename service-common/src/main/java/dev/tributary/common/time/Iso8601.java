package dev.tributary.common.time;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 date-time-with-offset parsing that skips {@link DateTimeFormatter} for the shapes
 * clients actually send. {@code DateTimeFormatter} resolves through hash maps of temporal fields
 * and was the largest single CPU cost per event in both the ingest service and the stream
 * processor, while nearly every timestamp is {@code 2026-11-27T10:15:30Z}, optionally with a
 * fraction of 1-9 digits and/or a {@code ±HH:MM} offset instead of {@code Z}.
 *
 * <p>Those shapes are parsed by hand only when every field is in range; anything else (lower-case
 * {@code t}/{@code z}, no seconds, offsets with seconds or beyond ±17:59, {@code -00:00}, leap
 * seconds, invalid dates, other year widths, surrounding whitespace...) goes to
 * {@code OffsetDateTime.parse(text, ISO_OFFSET_DATE_TIME)}, so results and exceptions are always
 * those of the formatter.
 *
 * <p>Stateless and thread-safe.
 */
public final class Iso8601 {

  private static final int MIN_LENGTH = "2026-11-27T10:15:30Z".length();
  private static final int MAX_LENGTH = "2026-11-27T10:15:30.123456789+05:30".length();
  private static final int SECONDS_PER_DAY = 86_400;
  /** Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar. */
  private static final long DAYS_0000_03_01_TO_1970 = 719_468L;
  private static final int[] POWERS_OF_TEN = {
      1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

  private Iso8601() {}

  /**
   * The instant of an ISO-8601 date-time with offset, exactly as
   * {@code OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()}.
   *
   * @throws DateTimeParseException when the formatter rejects {@code text}
   */
  public static Instant parseOffsetDateTime(CharSequence text) {
    Instant fast = fastPath(text);
    return fast != null ? fast : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
  }

  /** The instant when {@code text} has one of the common shapes with all fields in range, else null. */
  static Instant fastPath(CharSequence text) {
    int length = text.length();
    if (length < MIN_LENGTH || length > MAX_LENGTH
        || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
        || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    int pos = 19;
    int nanos = 0;
    if (text.charAt(pos) == '.') {
      int start = ++pos;
      while (pos < length && isDigit(text.charAt(pos))) {
        pos++;
      }
      int count = pos - start;
      if (count < 1 || count > 9) {
        return null;
      }
      nanos = digits(text, start, count) * POWERS_OF_TEN[9 - count];
    }
    int offsetSeconds = offsetSeconds(text, pos, length);
    if (offsetSeconds == Integer.MIN_VALUE) {
      return null;
    }
    long epochSecond = epochDay(year, month, day) * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second
        - offsetSeconds;
    return Instant.ofEpochSecond(epochSecond, nanos);
  }

  /** Seconds east of UTC of a {@code Z} or {@code ±HH:MM} suffix ending the text, else {@code MIN_VALUE}. */
  private static int offsetSeconds(CharSequence text, int pos, int length) {
    int rest = length - pos;
    if (rest == 1) {
      return text.charAt(pos) == 'Z' ? 0 : Integer.MIN_VALUE;
    }
    if (rest != 6 || text.charAt(pos + 3) != ':') {
      return Integer.MIN_VALUE;
    }
    char sign = text.charAt(pos);
    int hours = digits(text, pos + 1, 2);
    int minutes = digits(text, pos + 4, 2);
    if ((sign != '+' && sign != '-') || hours < 0 || hours > 17 || minutes < 0 || minutes > 59) {
      return Integer.MIN_VALUE;
    }
    int seconds = hours * 3600 + minutes * 60;
    if (sign == '-') {
      // "-00:00" is left to the formatter rather than second-guessing how it reads it
      return seconds == 0 ? Integer.MIN_VALUE : -seconds;
    }
    return seconds;
  }

  /** The decimal value of {@code count} ASCII digits at {@code start}, or -1 if any is not a digit. */
  private static int digits(CharSequence text, int start, int count) {
    int value = 0;
    for (int i = start; i < start + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> isLeap(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static boolean isLeap(long year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  /** Days since 1970-01-01 of a valid date of years 0-9999 (Howard Hinnant's days_from_civil). */
  private static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - DAYS_0000_03_01_TO_1970;
  }
}
