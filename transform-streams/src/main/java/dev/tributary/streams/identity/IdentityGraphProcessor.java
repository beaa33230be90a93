package dev.tributary.streams.identity;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies links to the {@link IdentityGraph} held in the {@code identity-graph-store} and forwards
 * person updates keyed by the mapped id ({@code a:…}/{@code u:…}) and refused links keyed by their
 * raw record's key.
 *
 * <p>One instance per task; not thread-safe.
 */
final class IdentityGraphProcessor extends ContextualProcessor<String, IdentityLink, String, IdentityOutput> {

  private final String storeName;
  private IdentityGraph graph;

  IdentityGraphProcessor(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<String, IdentityOutput> context) {
    super.init(context);
    KeyValueStore<String, GraphNode> store = context.getStateStore(storeName);
    graph = new IdentityGraph(IdentityGraph.Nodes.of(store::get, store::put));
  }

  @Override
  public void process(Record<String, IdentityLink> record) {
    for (IdentityOutput out : graph.apply(record.value())) {
      String key = out instanceof IdentityOutput.PersonUpdate p ? p.person().getIdKey()
          : ((IdentityOutput.Refused) out).rawKey();
      context().forward(record.withKey(key).withValue(out));
    }
  }
}
