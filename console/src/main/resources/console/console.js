// Tributary analyst console: one page, four views, every number from a JSON endpoint that also
// answers the exact SQL behind it. Refreshes in place every settings.refresh_ms (no reload).
'use strict';

const state = { settings: null, page: null, charts: {}, experiment: null, timer: null, eventsLoaded: false };
const COLORS = ['#2b6cb0', '#2f855a', '#b7791f', '#6b46c1', '#c53030', '#2c7a7b'];

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

function fmt(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
  return String(v);
}

function utc(t) {
  return new Date(t * 1000).toISOString().replace('T', ' ').replace(':00.000Z', '').replace('.000Z', '');
}

function rowsOf(answer) {
  return answer.rows.map(r => Object.fromEntries(answer.columns.map((c, i) => [c, r[i]])));
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.message || response.statusText);
  return body;
}

// A card: title, description, content, and the tools every chart has: show SQL, CSV download.
function frame(card, title, about) {
  if (card.dataset.framed) return card.querySelector('.content');
  card.dataset.framed = '1';
  const sql = el('pre', { class: 'sql' });
  const csv = el('a', { class: 'csv', href: '#', download: '' }, 'CSV');
  const toggle = el('button', { class: 'show-sql', type: 'button', onclick: () => sql.classList.toggle('shown') }, 'Show SQL');
  card.replaceChildren(el('h3', {}, title), about ? el('p', { class: 'about' }, about) : null,
    el('div', { class: 'content' }), el('div', { class: 'tools' }, toggle, csv, el('span', { class: 'muted elapsed' })), sql);
  return card.querySelector('.content');
}

async function load(card, url, title, about, render) {
  const content = frame(card, title, about);
  try {
    const answer = await getJson(url);
    card.classList.remove('error');
    card.querySelector('pre.sql').textContent = answer.query.sql;
    card.querySelector('a.csv').href = url + (url.includes('?') ? '&' : '?') + 'format=csv';
    card.querySelector('.elapsed').textContent = answer.rows.length + ' rows, ' + answer.elapsed_ms + ' ms';
    render(content, answer);
    card.dataset.loaded = String(answer.as_of_ms);
    return answer;
  } catch (e) {
    card.classList.add('error');
    content.replaceChildren(el('p', { class: 'error-message' }, 'Could not load: ' + e.message));
    return null;
  }
}

function table(columns, rows, decorate) {
  const head = el('tr', {}, ...columns.map(c => el('th', {}, c.label)));
  const body = rows.map(r => {
    const tr = el('tr', {}, ...columns.map(c => {
      const v = c.value ? c.value(r) : r[c.key];
      return el('td', { class: typeof v === 'number' ? 'num' : '', 'data-col': c.key }, c.render ? c.render(r) : fmt(v));
    }));
    if (decorate) decorate(tr, r);
    return tr;
  });
  return el('table', { class: 'data' }, el('thead', {}, head), el('tbody', {}, ...body));
}

// One uPlot chart per key, resized to its container and replaced on each refresh.
function chart(key, container, data, series, window) {
  if (state.charts[key]) state.charts[key].destroy();
  const holder = el('div', { class: 'chart' });
  container.append(holder);
  const width = Math.max(300, container.clientWidth || 600);
  state.charts[key] = new uPlot(Object.assign({}, {
    width, height: 220,
    tzDate: ts => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    series: [{}, ...series],
    axes: [{}, { size: 60 }],
    // the x axis spans the window asked for, so a quiet period shows as empty rather than stretched
    scales: window ? { x: { time: true, range: () => window } } : {},
  }), data, holder);
}

// ---- metrics page ---------------------------------------------------------------------------

async function metricsPage() {
  const grain = document.getElementById('grain').value;
  const event = document.getElementById('event').value;
  let url = '/api/metrics/series?grain=' + grain;
  if (grain === 'minute') {
    // the server's window ends after the current minute; the span picker moves its start only
    const end = Math.floor(Date.now() / 60000) * 60 + 60;
    url += '&from=' + (end - Number(document.getElementById('span').value));
  }
  if (event) url += '&event=' + encodeURIComponent(event);
  document.getElementById('span').disabled = grain !== 'minute';
  const label = { minute: 'minute', hour: 'hour', day: 'day' }[grain];
  await Promise.all([
    load(document.getElementById('card-series'), url, 'Events per ' + label + (event ? ' — ' + event : ''),
      'Counted in their event-time minute. Provisional periods can still change; final ones never do — events'
      + ' that arrive after their minute is final are counted apart as too-late corrections.', renderSeries),
    state.eventsLoaded ? null : loadEvents(),
    catalogue(),
  ]);
}

function renderSeries(content, answer) {
  const rows = rowsOf(answer);
  const t = rows.map(r => r.t);
  const fin = rows.map(r => r.provisional > 0 ? null : r.events);
  const prov = rows.map(r => r.provisional > 0 ? r.events : null);
  // a provisional point next to a final one joins the final line, so the curve stays continuous
  rows.forEach((r, i) => {
    if (r.provisional > 0 && i > 0 && rows[i - 1].provisional === 0) prov[i - 1] = rows[i - 1].events;
  });
  const late = rows.map(r => r.too_late > 0 ? r.too_late : null);
  const finals = rows.filter(r => r.provisional === 0).length;
  content.replaceChildren(el('div', { class: 'tiles' },
    tile('events', rows.reduce((s, r) => s + r.events, 0), 'total-events'),
    tile('revenue', rows.reduce((s, r) => s + r.revenue_total, 0), 'total-revenue'),
    tile('final periods', finals, 'final-periods'),
    tile('provisional periods', rows.length - finals, 'provisional-periods'),
    tile('too-late events', rows.reduce((s, r) => s + r.too_late, 0), 'too-late-events')));
  chart('series', content, [t, fin, prov, late], [
    { label: 'final', stroke: COLORS[0], width: 2, points: { show: true, size: 5, fill: COLORS[0] } },
    { label: 'provisional', stroke: '#d69e2e', width: 2, dash: [6, 4], points: { show: true, size: 6, fill: '#fff' } },
    { label: 'too late', stroke: '#c53030', width: 0, paths: () => null, points: { show: true, size: 8, fill: '#c53030' } },
  ], windowOf(answer));
  const details = el('details', {}, el('summary', {}, 'Data'), table([
    { key: 't', label: 'period (UTC)', render: r => utc(r.t) },
    { key: 'events', label: 'events' },
    { key: 'revenue_total', label: 'revenue' },
    { key: 'too_late', label: 'too late' },
    { key: 'status', label: 'status', value: r => r.provisional > 0 ? 'provisional' : 'final' },
  ], rows, (tr, r) => {
    tr.className = r.provisional > 0 ? 'provisional' : 'final';
    tr.dataset.t = String(r.t);
  }));
  content.append(details);
}

// [from, to] of a windowed query: its first two parameters are the window's epoch seconds
function windowOf(answer) {
  const p = answer.query.params.filter(v => typeof v === 'number' && v > 1e8);
  return p.length >= 2 ? [p[0], p[1]] : null;
}

// a stage that never reported has progress 0, hence a "lag" since 1970: say so instead
function lag(seconds) {
  return seconds === undefined || seconds === null ? '—' : seconds > 1e8 ? 'no report' : seconds;
}

function tile(label, n, id) {
  return el('div', { class: 'tile', 'data-tile': id }, el('div', { class: 'n' }, fmt(n)), el('div', { class: 'label' }, label));
}

async function loadEvents() {
  try {
    const answer = await getJson('/api/metrics/events');
    const select = document.getElementById('event');
    for (const r of rowsOf(answer)) select.append(el('option', { value: r.event }, r.event));
    state.eventsLoaded = true;
  } catch (e) { /* the picker stays at "all events"; the series card shows the error */ }
}

async function catalogue() {
  const grid = document.getElementById('catalogue');
  let answer;
  try {
    answer = await getJson('/api/metrics/catalogue');
  } catch (e) {
    grid.replaceChildren(el('p', { class: 'error-message' }, 'Could not load the metrics catalogue: ' + e.message));
    return;
  }
  const metrics = rowsOf(answer);
  await Promise.all(metrics.map(m => {
    let card = document.getElementById('metric-' + m.name);
    if (!card) {
      card = el('div', { class: 'card metric', id: 'metric-' + m.name, 'data-endpoint': '/api/metrics/metric' });
      grid.append(card);
    }
    return load(card, '/api/metrics/metric?name=' + encodeURIComponent(m.name), m.title,
      m.description + ' (' + m.unit + ' per ' + m.grain + ', owner ' + m.owner + ')', (content, a) => renderMetric(m, content, a));
  }));
}

function renderMetric(metric, content, answer) {
  const rows = rowsOf(answer);
  const dims = answer.columns.filter(c => !['t', 'period', 'value'].includes(c));
  const keyOf = r => dims.map(d => r[d]).join(' / ') || metric.name;
  const keys = [...new Set(rows.map(keyOf))].slice(0, COLORS.length);
  const ts = [...new Set(rows.map(r => r.t))].sort((a, b) => a - b);
  const data = [ts, ...keys.map(k => ts.map(t => {
    const r = rows.find(x => x.t === t && keyOf(x) === k);
    return r ? r.value : null;
  }))];
  const latest = rows.length ? rows[rows.length - 1] : null;
  content.replaceChildren(el('div', { class: 'tiles' }, tile('latest' + (latest ? ' (' + latest.period + ')' : ''),
    latest ? latest.value : '—', 'latest-' + metric.name)));
  if (ts.length) {
    chart('metric-' + metric.name, content, data, keys.map((k, i) => ({ label: k, stroke: COLORS[i], width: 2,
      points: { show: true, size: 4, fill: COLORS[i] } })), windowOf(answer));
  } else {
    content.append(el('p', { class: 'muted' }, 'No data in this window.'));
  }
}

// ---- sessions and persons -------------------------------------------------------------------

async function sessionsPage() {
  const grain = document.getElementById('session-grain').value;
  await Promise.all([
    load(document.getElementById('card-persons'), '/api/persons/summary', 'Persons',
      'Every anonymous and user id mapped to the person it belongs to through identify and alias calls.', (content, a) => {
        const r = rowsOf(a)[0] || {};
        content.replaceChildren(el('div', { class: 'tiles' }, tile('persons', r.persons, 'persons'),
          tile('anonymous ids', r.anonymous_ids, 'anonymous-ids'), tile('user ids', r.user_ids, 'user-ids'),
          tile('linked ids', r.linked_ids, 'linked-ids')));
      }),
    load(document.getElementById('card-sessions'), '/api/sessions/series?grain=' + grain, 'Sessions per ' + grain,
      'Live sessions by start time (30 minutes of inactivity or 24 hours end one).', (content, a) => {
        const rows = rowsOf(a);
        content.replaceChildren();
        chart('sessions', content, [rows.map(r => r.t), rows.map(r => r.sessions), rows.map(r => r.visitors)], [
          { label: 'sessions', stroke: COLORS[0], width: 2 }, { label: 'visitors', stroke: COLORS[1], width: 2 }],
          windowOf(a));
        content.append(table([
          { key: 't', label: 'period (UTC)', render: r => utc(r.t) }, { key: 'sessions', label: 'sessions' },
          { key: 'visitors', label: 'visitors' }, { key: 'avg_duration_s', label: 'avg duration (s)' },
          { key: 'pages', label: 'page views' }, { key: 'bounce_rate', label: 'bounce rate' },
          { key: 'conversion_rate', label: 'conversion rate' }], rows));
      }),
    load(document.getElementById('card-entry-pages'), '/api/sessions/entry-pages?grain=' + grain, 'Top entry pages',
      'Where sessions started, and how many of them converted.', (content, a) => {
        content.replaceChildren(table([{ key: 'entry', label: 'entry page' }, { key: 'sessions', label: 'sessions' },
          { key: 'conversions', label: 'conversions' }], rowsOf(a)));
      }),
  ]);
}

// ---- experiments ----------------------------------------------------------------------------

async function experimentsPage() {
  const list = await load(document.getElementById('card-experiments'), '/api/experiments', 'Experiments',
    'Each experiment with its current status and coverage, from the change log of the definitions. Click one'
    + ' for its ramp history. (Results per variant come in a later version of the console.)', (content, a) => {
      const rows = rowsOf(a);
      content.replaceChildren(table([
        { key: 'experiment_key', label: 'experiment' }, { key: 'status', label: 'status' },
        { key: 'coverage', label: 'coverage' }, { key: 'current_phase', label: 'phase' },
        { key: 'changes', label: 'changes' }, { key: 'last_changed_t', label: 'last change (UTC)', render: r => utc(r.last_changed_t) },
        { key: 'last_changed_by', label: 'by' }, { key: 'last_kind', label: 'kind' }], rows, (tr, r) => {
        tr.className = 'clickable';
        tr.dataset.experiment = r.experiment_key;
        tr.addEventListener('click', () => { state.experiment = r.experiment_key; changes(); });
      }));
    });
  if (list && !state.experiment && list.rows.length) state.experiment = rowsOf(list)[0].experiment_key;
  await changes();
}

async function changes() {
  const card = document.getElementById('card-changes');
  if (!state.experiment) {
    frame(card, 'Ramp history', null).replaceChildren(el('p', { class: 'muted' }, 'No experiment has been defined yet.'));
    return;
  }
  await load(card, '/api/experiments/changes?experiment=' + encodeURIComponent(state.experiment),
    'Ramp history — ' + state.experiment, 'Every change of its definition: who ramped it, when, from what to what.',
    (content, a) => {
      card.querySelector('h3').textContent = 'Ramp history — ' + state.experiment;
      content.replaceChildren(table([
        { key: 't', label: 'changed at (UTC)', render: r => utc(r.t) }, { key: 'kind', label: 'kind' },
        { key: 'field', label: 'field' }, { key: 'from_value', label: 'from' }, { key: 'to_value', label: 'to' },
        { key: 'phase', label: 'phase' }, { key: 'changed_by', label: 'by' }], rowsOf(a)));
    });
}

// ---- data health ----------------------------------------------------------------------------

async function healthPage() {
  await Promise.all([
    load(document.getElementById('card-reconciliation'), '/api/health/reconciliation', 'Reconciliation (last hour)',
      'Per received minute: accepted = clean landed + dead letters landed + duplicates. A gap in a closed minute'
      + ' is lost or extra data; in an open minute, data still in flight.', (content, a) => {
        const rows = rowsOf(a);
        const last = rows.length ? rows[rows.length - 1] : {};
        const openGaps = rows.filter(r => r.gap_total !== 0 && r.all_closed === 1).length;
        content.replaceChildren(el('div', { class: 'tiles' },
          tile('accepted', rows.reduce((s, r) => s + r.accepted_total, 0), 'accepted'),
          tile('gap in closed minutes', openGaps, 'closed-gaps'),
          tile('streams lag (s)', lag(last.streams_lag), 'streams-lag'), tile('sink lag (s)', lag(last.sink_lag), 'sink-lag')));
        chart('reconciliation', content, [rows.map(r => r.t), rows.map(r => r.accepted_total),
          rows.map(r => r.clean + r.dead + r.dups), rows.map(r => r.gap_total)], [
          { label: 'accepted', stroke: COLORS[0], width: 2 }, { label: 'landed + duplicates', stroke: COLORS[1], width: 2, dash: [4, 3] },
          { label: 'gap', stroke: '#c53030', width: 2 }], windowOf(a));
        content.append(el('details', {}, el('summary', {}, 'Minutes'), table([
          { key: 't', label: 'minute (UTC)', render: r => utc(r.t) }, { key: 'accepted_total', label: 'accepted' },
          { key: 'clean', label: 'clean landed' }, { key: 'dead', label: 'dead landed' }, { key: 'dups', label: 'duplicates' },
          { key: 'rejected', label: 'rejected at door' }, { key: 'gap_total', label: 'gap' },
          { key: 'all_closed', label: 'closed' }], rows, (tr, r) => { if (r.gap_total !== 0 && r.all_closed === 1) tr.className = 'bad'; })));
      }),
    load(document.getElementById('card-dead-letters'), '/api/health/dead-letters', 'Dead letters by reason (last 2 days)',
      'What failed after the front door, per typed reason, with the latest one\'s detail and raw payload.'
      + ' Replay them with bin/tributary dlq replay.', (content, a) => {
        content.replaceChildren(table([
          { key: 'reason', label: 'reason' }, { key: 'letters', label: 'letters' },
          { key: 'last_failed_t', label: 'latest (UTC)', render: r => utc(r.last_failed_t) },
          { key: 'sample_detail', label: 'detail' },
          { key: 'sample_payload', label: 'sample payload', render: r => el('pre', { class: 'payload' }, r.sample_payload) }],
          rowsOf(a)));
      }),
  ]);
}

// ---- navigation and refresh -----------------------------------------------------------------

const PAGES = { metrics: metricsPage, sessions: sessionsPage, experiments: experimentsPage, health: healthPage };

async function refresh() {
  const page = state.page;
  const started = Date.now();
  await PAGES[page]();
  document.getElementById('status').textContent = 'updated ' + new Date().toISOString().slice(11, 19) + ' UTC ('
    + (Date.now() - started) + ' ms)';
  document.body.dataset.refreshed = String(Date.now());
}

function show(page) {
  state.page = PAGES[page] ? page : 'metrics';
  for (const s of document.querySelectorAll('.page')) s.classList.toggle('active', s.id === 'page-' + state.page);
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.page === state.page);
  document.body.dataset.page = state.page;
  refresh();
}

async function start() {
  state.settings = await getJson('/api/settings');
  window.addEventListener('hashchange', () => show(location.hash.slice(1)));
  for (const id of ['grain', 'span', 'event']) document.getElementById(id).addEventListener('change', () => refresh());
  document.getElementById('session-grain').addEventListener('change', () => refresh());
  show(location.hash.slice(1));
  const tick = async () => {
    try { await refresh(); } finally { state.timer = setTimeout(tick, state.settings.refresh_ms); }
  };
  state.timer = setTimeout(tick, state.settings.refresh_ms);
}

start();
