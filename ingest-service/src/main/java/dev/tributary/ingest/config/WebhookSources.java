package dev.tributary.ingest.config;

import dev.tributary.ingest.webhook.WebhookMapping;
import dev.tributary.ingest.webhook.WebhookMapping.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The webhook sources the collector accepts at {@code POST /v1/webhooks/{source}}: each one's signing
 * secrets, from {@code ingest.webhook.secrets} ({@code source:secret[|older secret][,source:secret...]}),
 * and its payload mapping, {@link WebhookMapping#DEFAULT} changed by {@code ingest.webhook.mappings}
 * ({@code source.target=/json/pointer[,...]}, an empty pointer unsets an optional target). A source
 * absent from the secrets does not exist: its route answers 404. Two secrets for one source let the
 * operator rotate a secret without refusing deliveries signed with either.
 *
 * <p>{@link #toString()} shows source names only: the secrets are secrets. Immutable and thread-safe.
 */
public final class WebhookSources {

  /** Source names: they appear in the URL, in metric labels and as the events' source. */
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /** One source: its name, the secrets a signature may use (UTF-8 bytes), and its mapping. */
  public record Source(String name, List<byte[]> secrets, WebhookMapping mapping) {
    public Source {
      secrets = List.copyOf(secrets);
    }

    @Override
    public String toString() {
      return "Source[" + name + ", " + secrets.size() + " secrets hidden, " + mapping + "]";
    }
  }

  /** No webhook sources: every webhook route answers 404. */
  public static final WebhookSources NONE = new WebhookSources(Map.of());

  private final Map<String, Source> byName;

  private WebhookSources(Map<String, Source> byName) {
    this.byName = Map.copyOf(byName);
  }

  /**
   * Parses the two settings; an empty {@code secrets} means no webhook sources.
   *
   * @throws IllegalArgumentException naming the position of a malformed entry, never a secret
   */
  public static WebhookSources parse(String secrets, String mappings) {
    Map<String, List<byte[]>> secretsByName = parseSecrets(secrets);
    Map<String, WebhookMapping> mappingByName = new LinkedHashMap<>();
    secretsByName.keySet().forEach(name -> mappingByName.put(name, WebhookMapping.DEFAULT));
    String[] entries = mappings == null ? new String[0] : mappings.split(",");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.indexOf('=');
      int dot = eq < 0 ? -1 : entry.lastIndexOf('.', eq);
      if (eq < 0 || dot <= 0) {
        throw new IllegalArgumentException("mapping entry " + (i + 1) + " ('" + entry
            + "') is not of the form source.target=/json/pointer");
      }
      String name = entry.substring(0, dot).strip();
      String targetKey = entry.substring(dot + 1, eq).strip();
      String pointer = entry.substring(eq + 1).strip();
      WebhookMapping mapping = mappingByName.get(name);
      if (mapping == null) {
        throw new IllegalArgumentException("mapping entry " + (i + 1) + " names source '" + name
            + "', which has no secret in ingest.webhook.secrets");
      }
      Optional<Target> target = Target.of(targetKey);
      if (target.isEmpty()) {
        throw new IllegalArgumentException("mapping entry " + (i + 1) + " names target '" + targetKey
            + "'; expected one of event, event_id, user_id, anonymous_id, timestamp");
      }
      try {
        mappingByName.put(name, mapping.with(target.get(), pointer));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("mapping entry " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    Map<String, Source> out = new LinkedHashMap<>();
    secretsByName.forEach((name, list) -> out.put(name, new Source(name, list, mappingByName.get(name))));
    return new WebhookSources(out);
  }

  private static Map<String, List<byte[]>> parseSecrets(String spec) {
    Map<String, List<byte[]>> out = new LinkedHashMap<>();
    if (spec == null || spec.isBlank()) {
      return out;
    }
    String[] entries = spec.split(",");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      if (entry.isEmpty()) {
        continue;
      }
      int colon = entry.indexOf(':');
      if (colon <= 0 || colon == entry.length() - 1) {
        throw new IllegalArgumentException("secret entry " + (i + 1) + " is not of the form source:secret");
      }
      String name = entry.substring(0, colon).strip();
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("secret entry " + (i + 1) + ": source name '" + name
            + "' must match " + NAME.pattern());
      }
      List<byte[]> secrets = new ArrayList<>();
      for (String secret : entry.substring(colon + 1).split("\\|", -1)) {
        if (secret.strip().isEmpty()) {
          throw new IllegalArgumentException("secret entry " + (i + 1) + " (source " + name + ") has an empty secret");
        }
        secrets.add(secret.strip().getBytes(StandardCharsets.UTF_8));
      }
      if (out.putIfAbsent(name, secrets) != null) {
        throw new IllegalArgumentException("secret entry " + (i + 1) + " repeats source " + name
            + "; give its secrets as one entry, source:new|old");
      }
    }
    return out;
  }

  /** The source named {@code name}, or empty when no such source is configured. */
  public Optional<Source> source(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
  }

  /** The configured source names. */
  public java.util.Set<String> names() {
    return byName.keySet();
  }

  @Override
  public String toString() {
    return "WebhookSources" + new TreeSet<>(byName.keySet()) + " (secrets hidden)";
  }
}
