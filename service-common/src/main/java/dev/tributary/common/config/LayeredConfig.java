package dev.tributary.common.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * One service's configuration, resolved from layers: {@link ConfigDef} defaults &lt; a properties
 * file &lt; environment variables &lt; explicit overrides. The environment variable of key
 * {@code sink.batch.rows} is {@code SINK_BATCH_ROWS}; the properties file is named by the
 * {@value #CONFIG_FILE_ENV} variable. Every key is validated at once and every error is reported in
 * one {@link ConfigException}, so an operator fixes the whole file in one go.
 *
 * <p>Keys outside the {@code ConfigDef} pass through by prefix (e.g. {@code kafka.producer.linger.ms}
 * via {@link #withPrefix}) to the client they configure.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class LayeredConfig {

  /** Environment variable naming an optional properties file layered under the environment. */
  public static final String CONFIG_FILE_ENV = "TRIBUTARY_CONFIG_FILE";

  private final ConfigDef definition;
  private final Map<String, String> raw;
  private final AbstractConfig values;

  private LayeredConfig(ConfigDef definition, Map<String, String> raw, AbstractConfig values) {
    this.definition = definition;
    this.raw = Map.copyOf(raw);
    this.values = values;
  }

  /**
   * Resolves the layers and validates every defined key.
   *
   * @param env the process environment (pass {@code System.getenv()} from {@code Main} only)
   * @param overrides highest-priority values, keyed by config key (tests and embedders use this)
   * @throws ConfigException listing every invalid or missing key
   */
  public static LayeredConfig load(ConfigDef definition, Map<String, String> env, Map<String, String> overrides) {
    return load(definition, env, overrides, new OverridePolicy[0]);
  }

  /**
   * Resolves the layers and validates every defined key and every pass-through key governed by
   * {@code policies}, reporting all problems of both kinds in one {@link ConfigException}.
   *
   * @param env the process environment (pass {@code System.getenv()} from {@code Main} only)
   * @param overrides highest-priority values, keyed by config key (tests and embedders use this)
   * @param policies the rules of the service's pass-through prefixes (see {@link OverridePolicy})
   * @throws ConfigException listing every invalid or missing key and every forbidden override
   */
  public static LayeredConfig load(ConfigDef definition, Map<String, String> env, Map<String, String> overrides,
      OverridePolicy... policies) {
    Map<String, String> merged = new HashMap<>();
    String file = env.get(CONFIG_FILE_ENV);
    if (file != null && !file.isBlank()) {
      merged.putAll(readProperties(Path.of(file)));
    }
    env.forEach((name, value) -> {
      if (isConfigVariable(name)) {
        merged.put(keyOf(name), value);
      }
    });
    merged.putAll(overrides);

    List<String> errors = new ArrayList<>();
    Map<String, Object> parsed = new HashMap<>();
    for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
      try {
        Object value = merged.containsKey(key.name)
            ? ConfigDef.parseType(key.name, merged.get(key.name), key.type)
            : key.defaultValue;
        if (value == ConfigDef.NO_DEFAULT_VALUE) {
          errors.add(key.name + ": missing; set it or " + envName(key.name) + " (" + key.documentation + ")");
          continue;
        }
        if (key.validator != null) {
          key.validator.ensureValid(key.name, value);
        }
        parsed.put(key.name, value);
      } catch (ConfigException e) {
        errors.add(key.name + " (env " + envName(key.name) + "): " + e.getMessage());
      }
    }
    for (OverridePolicy policy : policies) {
      errors.addAll(policy.violations(policy.passThroughOf(merged)));
    }
    if (!errors.isEmpty()) {
      throw ConfigErrors.of(errors);
    }
    return new LayeredConfig(definition, merged, new AbstractConfig(definition, stringify(merged, definition), false));
  }

  /** The typed values of the defined keys. */
  public AbstractConfig values() {
    return values;
  }

  /** Keys starting with {@code prefix} with the prefix removed, e.g. {@code kafka.producer.} → {@code linger.ms}. */
  public Map<String, Object> withPrefix(String prefix) {
    Map<String, Object> out = new TreeMap<>();
    raw.forEach((k, v) -> {
      if (k.startsWith(prefix) && k.length() > prefix.length()) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  /** The effective configuration, one key per line, sorted, with passwords masked; for the start-up log. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(definition.configKeys()).forEach((name, key) -> {
      Object value = values.values().get(name);
      String shown = key.type == ConfigDef.Type.PASSWORD && value != null ? "[hidden]" : String.valueOf(value);
      sb.append("  ").append(name).append(" = ").append(shown).append('\n');
    });
    new TreeMap<>(raw).forEach((k, v) -> {
      if (!definition.configKeys().containsKey(k) && k.contains(".") && isPassThrough(k)) {
        sb.append("  ").append(k).append(" = ").append(looksSecret(k) ? "[hidden]" : v).append('\n');
      }
    });
    return sb.toString();
  }

  /** {@code sink.batch.rows} → {@code SINK_BATCH_ROWS}. */
  public static String envName(String key) {
    return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }

  private static String keyOf(String envName) {
    return envName.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  // Only variables that look like ours become keys; PATH, HOME etc. are ignored by the ConfigDef anyway,
  // but must not appear in describe() output.
  private static boolean isConfigVariable(String name) {
    return name.equals(name.toUpperCase(Locale.ROOT)) && name.contains("_");
  }

  private static boolean isPassThrough(String key) {
    return key.startsWith("kafka.") || key.startsWith("clickhouse.") || key.startsWith("streams.");
  }

  private static boolean looksSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password") || k.contains("secret") || k.contains("jaas") || k.contains("key");
  }

  private static Map<String, Object> stringify(Map<String, String> merged, ConfigDef definition) {
    Map<String, Object> out = new HashMap<>();
    merged.forEach((k, v) -> {
      if (definition.configKeys().containsKey(k)) {
        out.put(k, v);
      }
    });
    return out;
  }

  private static Map<String, String> readProperties(Path file) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new ConfigException("Cannot read configuration file " + file + " (named by " + CONFIG_FILE_ENV + "): " + e);
    }
    Map<String, String> out = new HashMap<>();
    p.stringPropertyNames().forEach(n -> out.put(n, p.getProperty(n)));
    return out;
  }
}
