package dev.tributary.e2e;

import dev.tributary.common.config.LayeredConfig;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Renders a service's {@link ConfigDef} as a Markdown table (key, environment variable, type,
 * default, valid values, documentation), so the reference in {@code docs/CONFIGURATION.md} is
 * generated from the code and {@link ConfigurationReferenceTest} keeps the two equal. Lives next to
 * that test, its only user: no service renders its own reference at run time.
 *
 * <p>Stateless and thread-safe.
 */
final class ConfigReference {

  private ConfigReference() {}

  /** One Markdown section: a heading and a table of every key of {@code definition}, in definition order. */
  static String markdown(String heading, String intro, ConfigDef definition) {
    StringBuilder sb = new StringBuilder();
    sb.append("## ").append(heading).append("\n\n").append(intro).append("\n\n");
    sb.append("| key | environment | type | default | valid values | meaning |\n");
    sb.append("|---|---|---|---|---|---|\n");
    List<ConfigDef.ConfigKey> keys = List.copyOf(definition.configKeys().values());
    for (ConfigDef.ConfigKey key : keys) {
      sb.append("| `").append(key.name).append("` | `").append(LayeredConfig.envName(key.name)).append("` | ")
          .append(key.type.name().toLowerCase(Locale.ROOT)).append(" | ")
          .append(defaultOf(key)).append(" | ")
          .append(key.validator == null ? "" : cell(key.validator.toString())).append(" | ")
          .append(cell(key.documentation)).append(" |\n");
    }
    return sb.append('\n').toString();
  }

  private static String defaultOf(ConfigDef.ConfigKey key) {
    if (!key.hasDefault()) {
      return "(required)";
    }
    if (key.type == ConfigDef.Type.PASSWORD) {
      return key.defaultValue == null ? "" : "(hidden)";
    }
    Object value = key.defaultValue;
    if (value instanceof List<?> list) {
      value = String.join(",", list.stream().map(String::valueOf).toList());
    }
    String text = String.valueOf(value);
    return text.isEmpty() ? "\"\"" : "`" + cell(text) + "`";
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }
}
