package dev.tributary.streams.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * Reads {@code properties.revenue} for the clean event's revenue column.
 *
 * <p>Stateless and thread-safe.
 */
final class Revenue {

  private Revenue() {}

  /**
   * {@code properties.revenue} when it is a finite number, given as a JSON number or a numeric
   * string; anything else means "no revenue", not an error, because revenue is optional and
   * analysts prefer the event with a null revenue over a dead letter.
   */
  static Double of(JsonNode properties) {
    JsonNode revenue = properties == null ? null : properties.get("revenue");
    if (revenue == null) {
      return null;
    }
    double value;
    if (revenue.isNumber()) {
      value = revenue.doubleValue();
    } else if (revenue.isTextual()) {
      try {
        // BigDecimal, not Double.parseDouble: the latter also accepts "NaN", "0x1p3" and "1d"
        value = new BigDecimal(revenue.textValue().strip()).doubleValue();
      } catch (NumberFormatException e) {
        return null;
      }
    } else {
      return null;
    }
    return Double.isFinite(value) ? value : null;
  }
}
