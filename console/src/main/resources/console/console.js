// Tributary analyst console: one page, four views, every number from a JSON endpoint that also
// answers the exact SQL behind it. Refreshes in place every settings.refresh_ms (no reload).
'use strict';

const state = { settings: null, page: null, charts: {}, experiment: null, phase: '', phases: {}, timer: null,
  eventsLoaded: false };
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

// opts.sql / opts.size: for answers that are not one query's rows (an experiment's result)
async function load(card, url, title, about, render, opts) {
  const content = frame(card, title, about);
  try {
    const answer = await getJson(url);
    card.classList.remove('error');
    card.querySelector('pre.sql').textContent = opts && opts.sql ? opts.sql(answer) : answer.query.sql;
    card.querySelector('a.csv').href = url + (url.includes('?') ? '&' : '?') + 'format=csv';
    card.querySelector('.elapsed').textContent = (opts && opts.size ? opts.size(answer) : answer.rows.length + ' rows')
      + ', ' + answer.elapsed_ms + ' ms';
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
    + ' for its result and ramp history.', (content, a) => {
      const rows = rowsOf(a);
      rows.forEach(r => { state.phases[r.experiment_key] = r.current_phase; });
      content.replaceChildren(table([
        { key: 'experiment_key', label: 'experiment' }, { key: 'status', label: 'status' },
        { key: 'coverage', label: 'coverage' }, { key: 'current_phase', label: 'phase' },
        { key: 'changes', label: 'changes' }, { key: 'last_changed_t', label: 'last change (UTC)', render: r => utc(r.last_changed_t) },
        { key: 'last_changed_by', label: 'by' }, { key: 'last_kind', label: 'kind' }], rows, (tr, r) => {
        tr.className = 'clickable';
        tr.dataset.experiment = r.experiment_key;
        tr.addEventListener('click', () => {
          state.experiment = r.experiment_key;
          state.phase = '';
          phases();
          Promise.all([result(), changes()]);
        });
      }));
    });
  if (list && !state.experiment && list.rows.length) state.experiment = rowsOf(list)[0].experiment_key;
  phases();
  await Promise.all([result(), changes()]);
}

// the phase picker: the current phase (the server's default) or any earlier one the change log knows
function phases() {
  const select = document.getElementById('phase');
  const n = state.phases[state.experiment] || 1;
  if (select.dataset.for === state.experiment + ':' + n) return;
  select.dataset.for = state.experiment + ':' + n;
  select.replaceChildren(el('option', { value: '' }, 'current'));
  for (let p = n; p >= 1; p--) select.append(el('option', { value: String(p) }, String(p)));
  select.value = state.phase;
}

const pct = (x, digits) => x === null || x === undefined ? '—' : (x * 100).toFixed(digits) + ' %';
function signedPct(x) {
  if (x === null || x === undefined) return '—';
  const shown = (x * 100).toFixed(1);
  // what rounds to zero is shown unsigned; anything else with its sign
  return Number(shown) === 0 ? '0.0 %' : (x > 0 ? '+' : '') + shown + ' %';
}
const ci = r => r && r.computable ? signedPct(r.ci[0]) + ' to ' + signedPct(r.ci[1]) : '—';
const raw = x => x === null || x === undefined ? '' : String(x);

async function result() {
  const card = document.getElementById('card-result');
  if (!state.experiment) {
    frame(card, 'Result', null).replaceChildren(el('p', { class: 'muted' }, 'No experiment has been defined yet.'));
    return;
  }
  let url = '/api/experiments/result?experiment=' + encodeURIComponent(state.experiment);
  if (state.phase) url += '&phase=' + encodeURIComponent(state.phase);
  await load(card, url, 'Result — ' + state.experiment, 'Units per variant, the sample-ratio check against the'
    + ' designed weights, progress towards the planned sample size, and per metric every treatment against the'
    + ' control: the report of bin/tributary experiment report, computed from the two views below.', (content, a) => {
      card.querySelector('h3').textContent = 'Result — ' + a.report.experiment + ', phase ' + a.report.phase;
      renderResult(content, a.report);
    }, {
      sql: a => a.queries.map(q => q.sql).join(';\n\n') + ';',
      size: a => a.report.variants.length + ' variants, ' + a.report.metrics.length + ' metrics',
    });
}

function renderResult(content, r) {
  const size = r.sample_size;
  const progress = size.progress === null ? '—' : pct(Math.min(size.progress, 9.99), 1);
  content.replaceChildren(
    el('p', { class: 'about' }, r.status + (r.hypothesis ? ' — ' + r.hypothesis : '')),
    el('div', { class: 'tiles' },
      ...r.variants.map(v => tile('units ' + v.variation_id, v.units, 'units-' + v.variation_id)),
      tile('excluded (saw 2+ variants)', r.excluded_units, 'excluded'),
      srmTile(r.srm),
      el('div', { class: 'tile', 'data-tile': 'sample-size' }, el('div', { class: 'n' }, progress),
        el('div', { class: 'label' }, 'of ' + (size.planned_per_variant === null ? 'no plan'
          : size.planned_per_variant + ' planned per variant')),
        el('div', { class: 'progress' }, el('div', { style: 'width:' + Math.min(100, (size.progress || 0) * 100) + '%' })))),
    el('p', { class: 'verdict' + (r.srm.mismatch ? ' untrustworthy' : ''), 'data-verdict': 'srm' }, 'Sample ratio: ' + r.srm.verdict),
    el('p', { class: 'verdict', 'data-verdict': 'sample-size' }, 'Sample size: ' + size.verdict),
    el('p', { class: 'muted' }, 'Verdicts rest on the ' + r.deciding_interval.method + ' CI at alpha '
      + r.alpha + ': ' + r.deciding_interval.why),
    table([
      { key: 'variation_id', label: 'variant' }, { key: 'designed_weight', label: 'weight' },
      { key: 'units', label: 'units' }, { key: 'excluded_units', label: 'excluded' },
      { key: 'first_exposure', label: 'first exposure' }, { key: 'last_exposure', label: 'last exposure' }], r.variants),
    ...r.metrics.map(renderMetricResult),
    ...r.notes.map(n => el('p', { class: 'muted' }, n)));
}

function srmTile(srm) {
  const t = tile('sample ratio (p ' + (srm.p_value === null ? '—' : srm.p_value.toPrecision(3)) + ')',
    srm.mismatch ? 'mismatch' : 'ok', 'srm');
  if (srm.mismatch) t.classList.add('bad');
  return t;
}

function renderMetricResult(m) {
  const block = el('div', { class: 'metric-result', 'data-metric': m.metric },
    el('h4', {}, m.metric + ' ', el('span', { class: 'muted' }, m.role + (m.kind ? ', ' + m.kind : '') + (m.cuped ? ', CUPED' : ''))));
  if (!m.kind) {
    block.append(el('p', { class: 'muted' }, m.verdict));
    return block;
  }
  const byVariant = Object.fromEntries(m.comparisons.map(c => [c.variation_id, c]));
  const value = v => v === null ? '—' : m.kind === 'proportion' ? pct(v, 2) : v.toFixed(Math.abs(v) < 10 ? 4 : 2);
  block.append(intervalPlot(m.comparisons));
  block.append(table([
    { key: 'variation_id', label: 'variant' }, { key: 'units', label: 'units' },
    { key: 'value', label: 'value', render: v => value(v.value) },
    { key: 'effect', label: 'relative effect', render: v => fixedOf(byVariant[v.variation_id], c => signedPct(c.effect)) },
    { key: 'fixed_ci', label: 'fixed-horizon CI', render: v => fixedOf(byVariant[v.variation_id], c => ci(c)) },
    { key: 'p_value', label: 'p', render: v => fixedOf(byVariant[v.variation_id], c => c.p_value === null ? '—' : c.p_value.toPrecision(3)) },
    { key: 'sequential_ci', label: 'sequential CI', render: v => byVariant[v.variation_id] ? ci(relative(byVariant[v.variation_id]).sequential) : '' },
    { key: 'chance_to_win', label: 'chance to win', render: v => byVariant[v.variation_id] ? pct(byVariant[v.variation_id].chance_to_win, 1) : '' },
    { key: 'decision', label: 'verdict', render: v => byVariant[v.variation_id] ? byVariant[v.variation_id].verdict.decision.replaceAll('_', ' ') : 'control' },
  ], m.values, (tr, v) => {
    const c = byVariant[v.variation_id];
    tr.dataset.variation = v.variation_id;
    tr.dataset.value = raw(v.value);
    if (!c) return;
    const f = relative(c).fixed || {};
    const q = relative(c).sequential || {};
    Object.assign(tr.dataset, { effect: raw(f.effect), fixedLo: raw(f.ci && f.ci[0]), fixedHi: raw(f.ci && f.ci[1]),
      p: raw(f.p_value), seqLo: raw(q.ci && q.ci[0]), seqHi: raw(q.ci && q.ci[1]), chance: raw(c.chance_to_win),
      decision: c.verdict.decision });
  }));
  for (const c of m.comparisons) {
    block.append(el('p', { class: 'verdict ' + c.verdict.decision, 'data-verdict': c.variation_id }, c.verdict.words));
  }
  return block;
}

const relative = c => c.relative || {};
function fixedOf(c, show) {
  if (!c) return '';
  const f = relative(c).fixed;
  return f && f.computable ? show(f) : (f ? 'not computable: ' + f.reason : c.invalid_sums || '—');
}

// The relative effect of each treatment with both intervals, drawn as SVG: thick the fixed-horizon CI, thin the
// sequential one, a dot at the effect, a dashed line at 0 (no difference).
function intervalPlot(comparisons) {
  const ns = 'http://www.w3.org/2000/svg';
  const svgEl = (tag, attrs) => {
    const e = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    return e;
  };
  const rows = comparisons.map(c => ({ id: c.variation_id, f: relative(c).fixed, q: relative(c).sequential }))
    .filter(r => r.f && r.f.computable && r.q && r.q.computable);
  const width = 640, left = 110, right = 24, top = 22, row = 30;
  const height = top + row * Math.max(1, rows.length) + 8;
  const svg = svgEl('svg', { class: 'intervals', width, height, viewBox: '0 0 ' + width + ' ' + height });
  if (!rows.length) {
    const t = svgEl('text', { x: left, y: top + 14 });
    t.textContent = 'no interval yet (too few units or nothing computable)';
    svg.append(t);
    return svg;
  }
  const values = rows.flatMap(r => [r.f.ci[0], r.f.ci[1], r.q.ci[0], r.q.ci[1], r.f.effect]).concat([0])
    .filter(Number.isFinite);
  let lo = Math.min(...values), hi = Math.max(...values);
  const pad = (hi - lo) * 0.08 || 0.01;
  lo -= pad; hi += pad;
  const x = v => left + (Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo) * (width - left - right);
  for (let i = 0; i <= 4; i++) {
    const v = lo + (hi - lo) * i / 4;
    const t = svgEl('text', { x: x(v), y: 12, 'text-anchor': 'middle' });
    t.textContent = signedPct(v);
    svg.append(t);
  }
  svg.append(svgEl('line', { class: 'zero', x1: x(0), x2: x(0), y1: top - 4, y2: height - 4 }));
  rows.forEach((r, i) => {
    const y = top + row * i + row / 2;
    const label = svgEl('text', { x: 4, y: y + 4 });
    label.textContent = r.id;
    svg.append(label,
      svgEl('line', { class: 'ci-sequential', x1: x(r.q.ci[0]), x2: x(r.q.ci[1]), y1: y, y2: y,
        'data-variation': r.id, 'data-lo': r.q.ci[0], 'data-hi': r.q.ci[1] }),
      svgEl('line', { class: 'ci-fixed', x1: x(r.f.ci[0]), x2: x(r.f.ci[1]), y1: y, y2: y,
        'data-variation': r.id, 'data-lo': r.f.ci[0], 'data-hi': r.f.ci[1] }),
      svgEl('circle', { class: 'effect', cx: x(r.f.effect), cy: y, r: 5, 'data-variation': r.id, 'data-effect': r.f.effect }));
  });
  return svg;
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
    load(document.getElementById('card-rejections'), '/api/health/rejections', 'Ingest rejections by rule (last 2 days)',
      'Request items the ingest service answered 4xx, per rule the answer named and per source'
      + ' ((unidentified): no valid write key). They never reached Kafka, so they are not in the balance above.',
      (content, a) => {
        const rows = rowsOf(a);
        content.replaceChildren(el('div', { class: 'tiles' },
          tile('rejected', rows.reduce((s, r) => s + r.rejected, 0), 'rejected'),
          tile('rules', new Set(rows.map(r => r.rule)).size, 'rules')),
        table([{ key: 'rule', label: 'rule' }, { key: 'source', label: 'source' }, { key: 'rejected', label: 'rejected' },
          { key: 'last_t', label: 'latest minute (UTC)', render: r => utc(r.last_t) }], rows));
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
  document.getElementById('phase').addEventListener('change', e => { state.phase = e.target.value; result(); });
  show(location.hash.slice(1));
  const tick = async () => {
    try { await refresh(); } finally { state.timer = setTimeout(tick, state.settings.refresh_ms); }
  };
  state.timer = setTimeout(tick, state.settings.refresh_ms);
}

start();
