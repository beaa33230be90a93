// Sends track, identify, page, screen, group and alias calls through the official Segment Node SDK
// to the ingest service, then flushes. Usage: node send-events.mjs <baseUrl> <writeKey> <runId>
// Exit code 0 only if every event was delivered (the SDK resolved each callback without error).
import { Analytics } from '@segment/analytics-node';

const [baseUrl, writeKey, runId] = process.argv.slice(2);
if (!baseUrl || !writeKey || !runId) {
  console.error('usage: node send-events.mjs <baseUrl> <writeKey> <runId>');
  process.exit(2);
}

const analytics = new Analytics({
  writeKey,
  host: baseUrl,
  path: '/v1/batch',
  flushAt: 3,
  flushInterval: 200,
  maxRetries: 3,
});

const failures = [];
analytics.on('error', (err) => failures.push(String(err?.reason ?? err?.message ?? err)));
analytics.on('http_response', (r) => console.log(`http_response ${r.status}`));

const delivered = [];
const done = (messageId) => (err) => {
  if (err) failures.push(`${messageId}: ${err}`);
  else delivered.push(messageId);
};

const id = (kind) => `${kind}-${runId}`;
analytics.track({
  userId: `user-${runId}`,
  event: 'Order Completed',
  properties: { revenue: 19.9, currency: 'EUR', items: [{ sku: 'A-1', qty: 2 }] },
  context: { locale: 'de-DE' },
  messageId: id('track'),
}, done(id('track')));
analytics.identify({
  userId: `user-${runId}`,
  traits: { email: 'ada@example.com', plan: 'pro' },
  messageId: id('identify'),
}, done(id('identify')));
analytics.page({
  anonymousId: `anon-${runId}`,
  category: 'Docs',
  name: 'Pricing',
  properties: { path: '/pricing' },
  messageId: id('page'),
}, done(id('page')));
analytics.screen({ userId: `user-${runId}`, name: 'Home', messageId: id('screen') }, done(id('screen')));
analytics.group({ userId: `user-${runId}`, groupId: `org-${runId}`, traits: { name: 'Acme' }, messageId: id('group') },
  done(id('group')));
analytics.alias({ userId: `user-${runId}`, previousId: `anon-${runId}`, messageId: id('alias') }, done(id('alias')));

await analytics.closeAndFlush({ timeout: 20000 });
console.log(`delivered ${delivered.length}: ${delivered.sort().join(',')}`);
if (failures.length > 0 || delivered.length !== 6) {
  console.error(`failures: ${failures.join('; ')}`);
  process.exit(1);
}
