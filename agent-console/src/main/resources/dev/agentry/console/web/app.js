// Agentry operator console: plain JavaScript, no build step. Every value from the server is put
// into the page with textContent, never as HTML.
'use strict';

const state = { csrf: null, operator: null, turns: new Map(), maxTurns: 60, charts: {} };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (k === 'class') node.className = v;
    else if (k.startsWith('data-')) node.setAttribute(k, v);
    else if (k === 'onclick') node.addEventListener('click', v);
    else node[k] = v;
  });
  children.flat().forEach(c => node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
  return node;
}

async function api(path, body) {
  const options = { credentials: 'same-origin', headers: {} };
  if (body !== undefined) {
    options.method = 'POST';
    options.headers['Content-Type'] = 'application/json';
    options.headers['X-CSRF-Token'] = state.csrf;
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  if (response.status === 401) {
    location.href = '/login';
    throw new Error('not logged in');
  }
  const json = await response.json();
  if (!response.ok) throw new Error(json.error || response.statusText);
  return json;
}

const time = iso => new Date(iso).toLocaleTimeString();
const span = seconds => seconds % 86400 === 0 ? seconds / 86400 + ' d' : seconds % 3600 === 0 ? seconds / 3600 + ' h' : seconds + ' s';
const spendText = spends => spends.map(s => s.amount + ' ' + s.asset + (s.recipient ? ' → ' + s.recipient : '')).join(', ');

function bar(used, cap) {
  const share = Number(cap) > 0 ? Math.min(1, Number(used) / Number(cap)) : 0;
  const fill = el('i');
  fill.style.width = Math.round(share * 100) + '%';
  return el('span', { class: 'bar' }, fill);
}

async function loadAgents() {
  const { agents } = await api('/api/agents');
  const body = document.querySelector('#agents tbody');
  body.replaceChildren(...agents.map(a => el('tr', { 'data-agent': a.id },
    el('td', {}, el('b', {}, a.id)),
    el('td', {}, a.running ? (a.busy ? 'in a turn' : 'idle') : 'stopped'),
    el('td', {}, String(a.queued)),
    el('td', {}, a.tokensToday + ' / ' + (a.dailyTokenBudget || '∞'), a.dailyTokenBudget ? bar(a.tokensToday, a.dailyTokenBudget) : ''),
    el('td', {}, a.caps.map(c => el('div', { class: 'mono' }, c.used + ' / ' + c.cap + ' ' + c.asset + ' per ' + span(c.windowSeconds), bar(c.used, c.cap)))),
    el('td', {}, String(a.deadLetters)),
    el('td', {}, a.recentErrors.map(e => el('div', { class: 'bad' }, time(e.at) + ' ' + e.error))))));
  const select = document.querySelector('#journal-search select[name=agent]');
  if (select.options.length === 1) agents.forEach(a => select.append(el('option', { value: a.id }, a.id)));
}

async function loadApprovals() {
  const { approvals } = await api('/api/approvals?limit=50');
  const pending = approvals.filter(a => a.status === 'PENDING');
  document.getElementById('pending-count').textContent = String(pending.length);
  const body = document.querySelector('#approvals tbody');
  // a pending row already shown is kept as it is, so a note being typed into it survives the refresh
  const shown = new Map([...body.querySelectorAll('tr[data-status=PENDING]')].map(r => [r.dataset.approvalId, r]));
  const rows = [...pending, ...approvals.filter(a => a.status !== 'PENDING')]
    .map(a => (a.status === 'PENDING' && shown.get(String(a.id))) || approvalRow(a));
  body.replaceChildren(...rows);
}

function approvalRow(a) {
  const note = el('input', { placeholder: 'note', class: 'note' });
  const decide = a.status === 'PENDING'
    ? el('td', {}, note,
        el('button', { class: 'approve', onclick: () => decideApproval(a.id, 'approve', note.value) }, 'Approve'),
        el('button', { class: 'deny', onclick: () => decideApproval(a.id, 'deny', note.value) }, 'Deny'))
    : el('td', {}, a.decidedBy ? 'by ' + a.decidedBy + ' at ' + time(a.decidedAt) + (a.note ? ': ' + a.note : '') : '');
  const caps = a.caps.map(c => 'cap ' + c.cap + ' ' + c.asset + ' per ' + span(c.windowSeconds) + ', used ' + c.used);
  return el('tr', { 'data-approval-id': a.id, 'data-status': a.status },
    el('td', {}, el('b', {}, a.tool), ' ', el('span', { class: 'muted' }, a.agent + ' #' + a.id), el('div', { class: 'mono' }, a.arguments)),
    el('td', {}, a.event.author + ' (' + a.event.trust.toLowerCase() + ', ' + a.event.source + ')', el('div', { class: 'muted' }, a.event.text)),
    el('td', {}, el('div', { class: 'mono' }, spendText(a.spends)), caps.map(c => el('div', { class: 'muted' }, c))),
    el('td', {}, a.reason, el('div', { class: 'muted' }, 'rule ' + a.rule + ', expires ' + time(a.expiresAt))),
    el('td', { class: a.status === 'EXECUTED' && a.outcome === 'OK' ? 'ok' : (a.status === 'PENDING' ? 'warn' : 'bad') },
      a.status + (a.outcome ? ' (' + a.outcome + ')' : '')),
    decide);
}

async function decideApproval(id, verdict, note) {
  try {
    await api('/api/approvals/' + encodeURIComponent(id) + '/' + verdict, { note });
  } catch (e) {
    alert(e.message);
  }
  loadApprovals();
  loadAgents();
}

function turnCard(turnId, agent, title) {
  let card = state.turns.get(turnId);
  if (!card) {
    card = el('div', { class: 'turn', 'data-turn': turnId, 'data-agent': agent },
      el('div', { class: 'head' }, el('span', { class: 'title' }, title), ' ', el('span', { class: 'outcome muted' }, '…')));
    state.turns.set(turnId, card);
    document.getElementById('turns').prepend(card);
    if (state.turns.size > state.maxTurns) {
      const [oldest] = state.turns.keys();
      state.turns.get(oldest).remove();
      state.turns.delete(oldest);
    }
  }
  return card;
}

function addRow(data, type, ...text) {
  const card = turnCard(data.turn, data.agent, time(data.at) + ' ' + data.agent + ': direct tool call');
  card.append(el('div', { class: 'row', 'data-type': type }, ...text));
}

const handlers = {
  'turn.started': d => turnCard(d.turn, d.agent, time(d.at) + ' ' + d.agent + ' ← ' + d.event.author + ' (' + d.event.trust.toLowerCase() + '): ' + d.event.text),
  'model.called': d => addRow(d, 'model', 'model ' + d.model + ': ' + d.call.inputTokens + ' in, ' + d.call.outputTokens + ' out, '
    + Math.round(d.call.ms) + ' ms (' + d.call.finishReason + ')'),
  'tool.decided': d => addRow(d, 'decision', 'tool ' + d.tool + ' ', el('span', { class: 'mono' }, d.arguments), ' → ',
    el('b', { class: d.decision === 'ALLOW' ? 'ok' : (d.decision === 'DENY' ? 'bad' : 'warn') }, d.decision), ' (' + d.rule + ')'),
  'tool.finished': d => addRow(d, 'tool', 'tool ' + d.call.tool + ' ', el('b', { class: d.call.outcome === 'OK' ? 'ok' : 'bad' }, d.call.outcome),
    ' ' + Math.round(d.ms) + ' ms: ', el('span', { class: 'mono' }, d.call.result.slice(0, 300))),
  'reply.posted': d => addRow(d, 'reply', '→ reply: ' + d.text),
  'turn.finished': d => {
    const card = turnCard(d.turn, d.agent, time(d.at) + ' ' + d.agent);
    const outcome = card.querySelector('.outcome');
    outcome.textContent = d.result.outcome + ' in ' + Math.round(d.result.ms) + ' ms' + (d.result.error ? ': ' + d.result.error : '');
    outcome.className = 'outcome ' + (d.result.outcome === 'FAILED' ? 'bad' : 'ok');
    card.setAttribute('data-outcome', d.result.outcome);
    scheduleAgents();
    scheduleCharts();
  },
  'approval.requested': () => loadApprovals(),
  'approval.decided': () => loadApprovals(),
  'dead.letter': () => { loadDeadLetters(); scheduleAgents(); },
};

let agentsTimer = null;
let chartsTimer = null;
function scheduleCharts() {
  if (!chartsTimer) chartsTimer = setTimeout(() => { chartsTimer = null; loadCharts(); }, 1000);
}

function scheduleAgents() {
  if (!agentsTimer) agentsTimer = setTimeout(() => { agentsTimer = null; loadAgents(); }, 500);
}

function connect() {
  const stream = new EventSource('/api/events?since=0');
  const badge = document.getElementById('stream');
  stream.onopen = () => { badge.textContent = 'live'; badge.className = 'badge on'; };
  stream.onerror = () => { badge.textContent = 'reconnecting…'; badge.className = 'badge off'; };
  Object.entries(handlers).forEach(([type, handle]) => stream.addEventListener(type, m => handle(JSON.parse(m.data))));
}

async function searchJournal(event) {
  if (event) event.preventDefault();
  const form = new FormData(document.getElementById('journal-search'));
  const query = new URLSearchParams();
  for (const [k, v] of form.entries()) {
    if (!v) continue;
    query.set(k, k === 'since' || k === 'until' ? new Date(v).toISOString() : v);
  }
  const { matched, records } = await api('/api/journal?' + query);
  document.getElementById('journal-matched').textContent = matched + ' matched';
  document.querySelector('#journal tbody').replaceChildren(...records.map(r => el('tr', { 'data-key': r.key },
    el('td', {}, time(r.updatedAt)), el('td', {}, r.agent), el('td', {}, r.tool),
    el('td', { class: r.status === 'DONE' ? 'ok' : (r.status === 'FAILED' ? 'bad' : 'warn') }, r.status),
    el('td', { class: 'mono' }, spendText(r.spends)),
    el('td', { class: 'mono' }, Object.entries(r.details).map(([k, v]) => k + '=' + v).join(' ')),
    el('td', { class: 'mono' }, (r.result || '').slice(0, 200)))));
}

async function loadDeadLetters() {
  const { deadLetters } = await api('/api/dead-letters');
  document.querySelector('#dead-letters tbody').replaceChildren(...deadLetters.map(d => {
    const key = { agent: d.agent, eventId: d.event.id, at: d.at };
    const act = action => async () => {
      try { await api('/api/dead-letters/' + action, key); } catch (e) { alert(e.message); }
      loadDeadLetters();
    };
    return el('tr', { 'data-event': d.event.id },
      el('td', {}, time(d.at)), el('td', {}, d.agent), el('td', {}, d.event.author + ': ' + d.event.text),
      el('td', {}, String(d.attempts)), el('td', { class: 'bad' }, d.reason),
      el('td', {}, el('button', { class: 'retry', onclick: act('retry') }, 'Retry'),
        el('button', { class: 'discard', onclick: act('discard') }, 'Discard')));
  }));
}

function chart(id, title, series, data) {
  const target = document.getElementById(id);
  const width = Math.max(260, target.clientWidth - 10);
  if (state.charts[id] && state.charts[id].series.length === series.length + 1) {
    state.charts[id].setData(data);
    return;
  }
  if (state.charts[id]) state.charts[id].destroy();
  const colors = ['#b45309', '#1d4ed8', '#15803d', '#7c3aed', '#be123c'];
  state.charts[id] = new uPlot({ title, width, height: 200,
    series: [{}, ...series.map((label, i) => ({ label, stroke: colors[i % colors.length], width: 2 }))] }, data, target);
}

async function loadCharts() {
  const { points } = await api('/api/series');
  const t = points.map(p => p.t);
  const assets = [...new Set(points.flatMap(p => Object.keys(p.spend)))].sort();
  chart('chart-spend', 'Spend per 10 s', assets.length ? assets : ['(none)'],
    [t, ...(assets.length ? assets : ['']).map(a => points.map(p => Number(p.spend[a] || 0)))]);
  chart('chart-tokens', 'Model tokens per 10 s', ['tokens'], [t, points.map(p => p.tokens)]);
  chart('chart-latency', 'Turn latency (ms)', ['mean', 'worst'], [t, points.map(p => p.latencyAvgMs), points.map(p => p.latencyMaxMs)]);
}

async function logout() {
  await fetch('/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': state.csrf } });
  location.href = '/login';
}

async function start() {
  const session = await api('/api/session');
  state.csrf = session.csrf;
  document.getElementById('operator').textContent = session.operator;
  document.getElementById('logout').addEventListener('click', logout);
  document.getElementById('journal-search').addEventListener('submit', searchJournal);
  connect();
  await Promise.all([loadAgents(), loadApprovals(), loadDeadLetters(), searchJournal(), loadCharts()]);
  setInterval(loadAgents, 5000);
  setInterval(loadCharts, 10000);
  document.body.setAttribute('data-ready', 'true');
}

start();
