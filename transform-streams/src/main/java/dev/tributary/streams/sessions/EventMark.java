package dev.tributary.streams.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.events.CleanEvent;
import java.util.Comparator;
import java.util.Objects;

/**
 * What a session needs to know about one of its events: when it happened (and its id, which
 * breaks ties so that every replay orders equal times alike), whether it is a page or screen view
 * and its url/path, its referrer, and whether it is a conversion.
 *
 * <p>Immutable and thread-safe.
 */
record EventMark(long time, String eventId, boolean view, String url, String path, String referrer,
    boolean conversion) {

  /** Event time, then event id: the order the sessionizer reads an identity's events in. */
  static final Comparator<EventMark> ORDER = Comparator.comparingLong(EventMark::time)
      .thenComparing(EventMark::eventId);

  private static final ObjectMapper JSON = new ObjectMapper();

  EventMark {
    Objects.requireNonNull(eventId, "eventId");
  }

  /**
   * The mark of a clean event. Page and screen calls take url and path from their properties, else
   * from {@code context.page}; the referrer comes from a page's {@code properties.referrer}, else
   * {@code context.page.referrer}. JSON is parsed only where it can hold these (a view's
   * properties, a context that mentions a referrer): clean events are valid JSON objects.
   */
  static EventMark of(CleanEvent e, SessionRules rules) {
    boolean view = "page".equals(e.getType()) || "screen".equals(e.getType());
    JsonNode properties = view ? parse(e.getProperties()) : null;
    JsonNode page = view || e.getContext().contains("referrer") ? parse(e.getContext()).path("page") : null;
    String url = view ? text(properties, page, "url") : null;
    String path = view ? text(properties, page, "path") : null;
    String referrer = page == null ? null : text(properties, page, "referrer");
    return new EventMark(e.getTimestamp().toEpochMilli(), e.getEventId(), view, url, path, referrer,
        rules.conversionEvents().contains(e.getEvent()));
  }

  private static String text(JsonNode properties, JsonNode page, String field) {
    if (properties != null && properties.path(field).isTextual() && !properties.path(field).asText().isEmpty()) {
      return properties.path(field).asText();
    }
    JsonNode fromPage = page == null ? null : page.path(field);
    return fromPage != null && fromPage.isTextual() && !fromPage.asText().isEmpty() ? fromPage.asText() : null;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      // the normaliser wrote this text from a parsed object; failing to read it back is a bug
      throw new IllegalStateException("clean event JSON does not parse: " + e.getMessage(), e);
    }
  }
}
