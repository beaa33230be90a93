package dev.tributary.streams.identity;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetterReason;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns identify and alias calls into {@link IdentityLink}s keyed by the id being linked, before
 * they are repartitioned to the graph; an alias that names no previous id or no user id cannot link
 * anything and becomes a dead letter here (MISSING_FIELD). Other events pass nothing.
 *
 * <p>Runs before any repartition, so the record metadata is still the raw record's: that is what a
 * dead letter must point at.
 *
 * <p>One instance per task; stateless.
 */
final class LinkExtractor extends ContextualProcessor<String, CleanEvent, String, LinkExtractor.Extracted> {

  @Override
  public void process(Record<String, CleanEvent> record) {
    CleanEvent e = record.value();
    boolean identify = "identify".equals(e.getType());
    if (!identify && !"alias".equals(e.getType())) {
      return;
    }
    if (identify && e.getUserId() == null) {
      return; // an anonymous identify carries traits only: nothing to link
    }
    LinkOrigin origin = origin(record);
    if (!identify && (e.getPreviousId() == null || e.getUserId() == null)) {
      String field = e.getPreviousId() == null ? "previous_id" : "user_id";
      String detail = e.getPreviousId() == null
          ? "an alias call needs previousId (previous_id): the user id it links to user_id"
          : "an alias call needs userId (user_id): the user its previousId is linked to";
      context().forward(record.withKey(origin.key()).withValue(new Extracted.Invalid(
          DeadLetters.refused(DeadLetterReason.MISSING_FIELD, field, detail, IdentityGraph.STAGE, e.getEventId(),
              origin))));
      return;
    }
    IdentityLink link = new IdentityLink(identify ? IdentityLink.Kind.IDENTIFY : IdentityLink.Kind.ALIAS,
        identify ? e.getAnonymousId() : e.getPreviousId(), e.getUserId(), e.getTimestamp().toEpochMilli(),
        e.getEventId(), origin);
    String key = link.from() == null ? IdKeys.user(link.to()) : link.fromKey();
    context().forward(record.withKey(key).withValue(new Extracted.Link(link)));
  }

  private LinkOrigin origin(Record<String, CleanEvent> record) {
    RecordMetadata m = context().recordMetadata().orElse(null);
    CleanEvent e = record.value();
    // the payload is kept only where a dead letter may need it: aliases (loops) are rare
    String payload = "alias".equals(e.getType()) ? e.toString() : "";
    return new LinkOrigin(m == null ? "" : m.topic(), m == null ? -1 : m.partition(), m == null ? -1 : m.offset(),
        record.timestamp(), record.key(), e.getSource(), e.getReceivedAt().toEpochMilli(), payload);
  }

  /** A link, or the dead letter of a call that cannot link. */
  sealed interface Extracted {
    record Link(IdentityLink link) implements Extracted {}

    record Invalid(dev.tributary.events.DeadLetter letter) implements Extracted {}
  }
}
