package dev.tributary.common.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigException;

/**
 * The one rule, shared by every service, for client settings that pass through by prefix
 * ({@code kafka.producer.*}, {@code kafka.consumer.*}, {@code streams.*}): a pass-through key may
 * tune the client, but it may not
 * <ul>
 *   <li>override a setting the service derives from one of its <em>typed</em> keys (e.g.
 *       {@code kafka.producer.bootstrap.servers} while {@code kafka.bootstrap.servers} is typed),
 *       because two keys for one value means one of them is silently ignored; nor</li>
 *   <li>set a <em>guarantee-carrying</em> setting (acks, idempotence, serializers, isolation level,
 *       auto-commit, processing guarantee...), which the service fixes because its delivery promise
 *       rests on it — whatever the value, even the fixed one, so that there is exactly one place
 *       where it is decided.</li>
 * </ul>
 * Each violation names the full key, the rule and what to do instead; {@link #check} reports every
 * violation at once in one {@link ConfigException}, and {@link LayeredConfig#load(org.apache.kafka.common.config.ConfigDef,
 * Map, Map, OverridePolicy...)} reports them together with every invalid typed key.
 *
 * <p>A client that embeds other clients (Kafka Streams: {@code producer.}, {@code consumer.},
 * {@code main.consumer.}...) declares their prefixes with {@link Builder#nestedClients}; the rules
 * then apply under each of them too ({@code streams.producer.acks} is as fixed as {@code streams.acks}).
 *
 * <p>Immutable and thread-safe.
 */
public final class OverridePolicy {

  private final String prefix;
  private final Map<String, String> typed;
  private final Map<String, Fixed> fixed;
  private final List<String> nested;

  /** How a guarantee-carrying setting is fixed: its value ({@code null}: left unset) and why. */
  private record Fixed(Object value, String why) {}

  private OverridePolicy(Builder b) {
    this.prefix = b.prefix;
    this.typed = Map.copyOf(b.typed);
    this.fixed = Map.copyOf(b.fixed);
    List<String> n = new ArrayList<>(b.nested);
    n.sort(Comparator.comparingInt(String::length).reversed()); // longest first: main.consumer. before consumer.
    this.nested = List.copyOf(n);
  }

  /** Starts a policy for the pass-through keys under {@code prefix}, e.g. {@code kafka.producer.}. */
  public static Builder forPrefix(String prefix) {
    if (prefix == null || !prefix.endsWith(".")) {
      throw new IllegalArgumentException("a pass-through prefix ends with '.': " + prefix);
    }
    return new Builder(prefix);
  }

  /** The pass-through prefix this policy governs. */
  public String prefix() {
    return prefix;
  }

  /**
   * Every violation among {@code passThrough}, one message per key, sorted by key.
   *
   * @param passThrough the pass-through settings with {@link #prefix()} removed
   */
  public List<String> violations(Map<String, ?> passThrough) {
    List<String> out = new ArrayList<>();
    new TreeMap<>(passThrough).forEach((key, value) -> {
      String base = baseKey(key);
      String full = prefix + key;
      String typedKey = typed.get(base);
      Fixed f = fixed.get(base);
      if (typedKey != null) {
        out.add(full + ": overrides the typed key " + typedKey + "; set " + typedKey + " (env "
            + LayeredConfig.envName(typedKey) + ") instead and remove " + full);
      } else if (f != null) {
        out.add(full + ": may not be overridden (" + (f.value() == null ? "left unset" : "fixed to " + f.value())
            + " by the service: " + f.why() + "); remove " + full);
      }
    });
    return out;
  }

  /**
   * Throws when any pass-through setting breaks the policy.
   *
   * @param passThrough the pass-through settings with {@link #prefix()} removed
   * @throws ConfigException naming every offending key and why
   */
  public void check(Map<String, ?> passThrough) {
    List<String> problems = violations(passThrough);
    if (!problems.isEmpty()) {
      throw ConfigErrors.of(problems);
    }
  }

  /** The settings under {@link #prefix()} of a resolved key/value map, prefix removed. */
  Map<String, String> passThroughOf(Map<String, String> raw) {
    Map<String, String> out = new TreeMap<>();
    raw.forEach((k, v) -> {
      if (k.startsWith(prefix) && k.length() > prefix.length()) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  private String baseKey(String key) {
    for (String p : nested) {
      if (key.startsWith(p) && key.length() > p.length()) {
        return key.substring(p.length());
      }
    }
    return key;
  }

  /** Collects the typed and fixed settings of one pass-through prefix. Not thread-safe. */
  public static final class Builder {
    private final String prefix;
    private final Map<String, String> typed = new LinkedHashMap<>();
    private final Map<String, Fixed> fixed = new LinkedHashMap<>();
    private final List<String> nested = new ArrayList<>();

    private Builder(String prefix) {
      this.prefix = prefix;
    }

    /** Client setting {@code clientKey} is set from the service's typed key {@code typedKey}. */
    public Builder typed(String clientKey, String typedKey) {
      typed.put(Objects.requireNonNull(clientKey), Objects.requireNonNull(typedKey));
      return this;
    }

    /** Client setting {@code clientKey} is fixed to {@code value} ({@code null}: never set) because {@code why}. */
    public Builder fixed(String clientKey, Object value, String why) {
      fixed.put(Objects.requireNonNull(clientKey), new Fixed(value, Objects.requireNonNull(why)));
      return this;
    }

    /** Every entry of {@code values} is fixed for the same reason. */
    public Builder fixed(Map<String, ?> values, String why) {
      new TreeMap<>(values).forEach((k, v) -> fixed(k, v, why));
      return this;
    }

    /** Prefixes of clients embedded in this one, e.g. {@code producer.}; the rules apply under each. */
    public Builder nestedClients(String... prefixes) {
      for (String p : prefixes) {
        if (!p.endsWith(".")) {
          throw new IllegalArgumentException("a nested client prefix ends with '.': " + p);
        }
        nested.add(p);
      }
      return this;
    }

    public OverridePolicy build() {
      return new OverridePolicy(this);
    }
  }
}
