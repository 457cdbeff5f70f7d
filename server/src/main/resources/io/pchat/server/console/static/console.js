// The pchat web console: one page, no library, every call to the node's /console/api/.
// Text from the server is only ever placed with textContent (never as HTML).
'use strict';

const REFRESH_MS = 2000;
const state = { session: null, timer: null };

// ------------------------------------------------------------------ helpers

/** An element: h('td', {class: 'yes'}, 'text', child...). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.substring(2), v);
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

/** A console API call; throws ApiError with the server's message. */
async function api(method, path, body, refresh) {
  const headers = {};
  if (refresh) headers['X-Console-Refresh'] = '1'; // the page polling: not a person's use of the session
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    if (state.session) headers['X-CSRF-Token'] = state.session.csrf;
  }
  const r = await fetch('/console/api' + path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!r.ok) {
    if (r.status === 401 && !path.startsWith('/session')) {
      state.session = null;
      go('#/signin');
    }
    throw new ApiError(r.status, (json && json.error) || (r.status + ' ' + r.statusText));
  }
  return json;
}

const admin = (method, path, body) => api(method, '/admin' + path, body);
const poll = path => api('GET', '/admin' + path, undefined, true);
const enc = encodeURIComponent;

function notice(kind, text) {
  const n = document.getElementById('notice');
  n.replaceChildren(text ? h('div', { class: kind, id: 'notice-' + kind }, text) : '');
}

/** Runs an action, showing its error as a notice (and returning null) instead of throwing. */
async function attempt(action) {
  try {
    notice(null, '');
    return await action();
  } catch (e) {
    notice('error', e.message);
    return null;
  }
}

function yesNo(v) {
  return h('span', { class: v ? 'yes' : 'no' }, v ? 'yes' : 'no');
}

function table(headings, rows, attrs) {
  return h('table', attrs || {}, h('thead', {}, h('tr', {}, headings.map(t => h('th', {}, t)))),
    h('tbody', {}, rows.length ? rows : [h('tr', {}, h('td', { colspan: headings.length, class: 'muted' }, 'none'))]));
}

function card(label, value, sub, id) {
  return h('div', { class: 'card' }, h('div', { class: 'label' }, label),
    h('div', { class: 'value', id: id || null }, value), sub ? h('div', { class: 'sub' }, sub) : null);
}

/** Hides the rows whose data-name does not contain what is typed in the input. */
function filterAsYouType(input, rows) {
  input.addEventListener('input', () => {
    const f = input.value.toLowerCase();
    rows.forEach(tr => { tr.hidden = f && !tr.dataset.name.includes(f); });
  });
}

function field(label, input) {
  return h('label', {}, label, input);
}

function list(text) {
  return text.split(/[\s,]+/).map(s => s.trim()).filter(Boolean);
}

function seconds(ms) {
  if (ms === null || ms === undefined) return '-';
  return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s';
}

function view(...children) {
  document.getElementById('view').replaceChildren(...children.filter(c => c !== null && c !== undefined && c !== false));
}

function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

function stopRefresh() {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
}

function span(secs) {
  return secs < 120 ? secs + ' s' : Math.round(secs / 60) + ' min';
}

/** A small line chart of the last points; null values are gaps, a lone point a dot. */
function chart(title, points, key, unit, id) {
  const values = points.map(p => p[key]);
  const known = values.filter(v => v !== null && v !== undefined);
  const max = Math.max(1e-9, ...known);
  const w = 300, hgt = 60;
  const step = values.length > 1 ? w / (values.length - 1) : w;
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  const axis = document.createElementNS(svg.namespaceURI, 'line');
  for (const [a, b] of [['x1', 0], ['y1', hgt - 1], ['x2', w], ['y2', hgt - 1]]) axis.setAttribute(a, b);
  axis.setAttribute('class', 'axis');
  svg.append(axis);
  let run = [];
  const flush = () => {
    if (run.length === 1) {
      const [x, y] = run[0].split(',');
      const dot = document.createElementNS(svg.namespaceURI, 'circle');
      for (const [a, b] of [['cx', x], ['cy', y], ['r', 2]]) dot.setAttribute(a, b);
      dot.setAttribute('class', 'dot');
      svg.append(dot);
    } else if (run.length) {
      const line = document.createElementNS(svg.namespaceURI, 'polyline');
      line.setAttribute('points', run.join(' '));
      svg.append(line);
    }
    run = [];
  };
  values.forEach((v, i) => {
    if (v === null || v === undefined) { flush(); return; }
    run.push(`${(i * step).toFixed(1)},${(hgt - 2 - (v / max) * (hgt - 6)).toFixed(1)}`);
  });
  flush();
  const last = known.length ? known[known.length - 1] : null;
  const fmt = v => v === null ? '-' : (Math.round(v * 10) / 10) + (unit ? ' ' + unit : '');
  return h('div', { class: 'card chart', id: id || null },
    h('div', { class: 'label' }, title),
    h('div', { class: 'value' }, fmt(last)),
    svg,
    h('div', { class: 'sub' }, `max ${fmt(known.length ? max : null)} over the last ${span(points.length * 5)}`));
}

// ------------------------------------------------------------------ sign-in

function signInView() {
  stopRefresh();
  const token = h('input', { type: 'password', id: 'token', autocomplete: 'off', placeholder: 'contents of data/admin.token' });
  const user = h('input', { type: 'text', id: 'user', placeholder: 'sip:alice@example.com', autocomplete: 'username' });
  const password = h('input', { type: 'password', id: 'password', autocomplete: 'current-password' });
  const signIn = async (body) => {
    const s = await attempt(() => api('POST', '/session', body));
    if (s) {
      state.session = s;
      go(s.role === 'operator' ? '#/overview' : '#/rooms');
    }
  };
  view(h('h1', {}, 'Sign in'),
    h('div', { class: 'signin' },
      h('form', { id: 'operator-signin', onsubmit: e => { e.preventDefault(); signIn({ token: token.value }); } },
        h('h2', {}, 'Operator'),
        h('p', { class: 'muted' }, 'The pool, its data centers and databases, rooms, categories and users.'),
        h('div', { class: 'row' }, field('Admin token', token)),
        h('div', { class: 'row' }, h('button', { type: 'submit', id: 'operator-signin-button' }, 'Sign in as operator'))),
      h('form', { id: 'user-signin', onsubmit: e => { e.preventDefault(); signIn({ user: user.value, password: password.value }); } },
        h('h2', {}, 'Room managers'),
        h('p', { class: 'muted' }, 'Create rooms where you may, and manage the rooms you manage.'),
        h('div', { class: 'row' }, field('SIP address', user)),
        h('div', { class: 'row' }, field('Password', password)),
        h('div', { class: 'row' }, h('button', { type: 'submit', id: 'user-signin-button' }, 'Sign in')))));
}

async function signOut() {
  await attempt(() => api('DELETE', '/session'));
  state.session = null;
  go('#/signin');
}

// ------------------------------------------------------------------ operator: overview

async function overviewView() {
  view(h('h1', {}, 'Overview'), h('div', { id: 'overview' }, h('p', { class: 'muted' }, 'Loading…')));
  const refresh = async (byPerson) => {
    const get = byPerson ? path => admin('GET', path) : poll;
    const [health, pool, history] = await Promise.all([
      get('/health').catch(e => ({ error: e.message })),
      get('/pool').catch(e => ({ error: e.message })),
      get('/metrics/history').catch(e => ({ points: [], error: e.message })),
    ]);
    const target = document.getElementById('overview');
    if (target) target.replaceChildren(...overview(health, pool, history));
  };
  await refresh(true);
  stopRefresh();
  state.timer = setInterval(() => refresh(false), REFRESH_MS);
}

function overview(health, pool, history) {
  const points = history.points || [];
  const last = points.length ? points[points.length - 1] : {};
  const members = pool.members || [];
  const dcs = [...new Set(members.map(m => m.dataCenter))];
  const activeDcs = [...new Set(members.filter(m => m.active).map(m => m.dataCenter))];
  const out = [];
  out.push(h('div', { class: 'grid' },
    card('Node', health.node || '-', (health.ready ? 'ready' : 'not ready') + ', ' + (health.role || 'unknown role'), 'node-name'),
    card('Pool', pool.state || '-', 'epoch ' + (pool.epoch ?? '-') + (pool.writer ? ', writer ' + pool.writer : ''), 'pool-state'),
    card('Active data center', activeDcs.length ? activeDcs.join(', ') : (pool.pool === 'single node' ? 'single node' : 'none'),
      (pool.activeNodes || []).join(', ') || '-', 'active-dc'),
    card('Backup lag', last.backupLagSeconds === null || last.backupLagSeconds === undefined ? 'no backup' : last.backupLagSeconds.toFixed(1) + ' s',
      last.backupUnshipped === null || last.backupUnshipped === undefined ? '' : last.backupUnshipped + ' message(s) not shipped', 'backup-lag'),
    card('Sessions here', last.sessions ?? '-', 'dialogs on this node', 'sessions'),
    card('Database', health.database ? health.database.endpoint : '-', health.database
      ? (health.database.dialect + ', ' + (health.database.reachable ? 'reachable' : 'NOT reachable')) : '', 'database')));
  if (health.error || pool.error) out.push(h('p', { class: 'no' }, health.error || pool.error));
  if (pool.writerProblem) out.push(h('p', { class: 'warn' }, `The writing database does not answer (${pool.writerProblem}): this is the node's view as of ${pool.viewAt}.`));

  if (members.length) {
    out.push(h('h2', {}, 'Data centers'));
    out.push(h('div', { class: 'dcs' }, dcs.map(dc => {
      const nodes = members.filter(m => m.dataCenter === dc);
      const active = nodes.some(m => m.active);
      return h('div', { class: 'card dc' + (active ? ' active' : ''), id: 'dc-' + dc },
        h('h3', {}, dc + ' ', h('span', { class: 'pill ' + (active ? 'ok' : '') }, active ? 'active' : 'idle')),
        table(['Node', 'Role', 'Live (lease)', 'Linked', 'Sessions', 'SIP'], nodes.map(m => h('tr', { id: 'member-' + m.id },
          h('td', {}, m.id), h('td', {}, m.active ? 'active' : 'idle'), h('td', {}, yesNo(m.live)), h('td', {}, yesNo(m.linked)),
          h('td', {}, m.id === pool.node ? String(last.sessions ?? '-') : h('span', { class: 'muted', title: 'each node reports its own sessions' }, 'n/a')),
          h('td', {}, m.sip)))));
    })));
  }

  out.push(h('h2', {}, 'Database endpoints' + (pool.endpointsProbedAt ? ' (probed ' + new Date(pool.endpointsProbedAt).toLocaleTimeString() + ')' : '')));
  out.push(table(['Role', 'Name', 'Reachable', 'State', 'Epoch', 'Writing'], (pool.endpoints || []).map(e => h('tr', { id: 'endpoint-' + e.role },
    h('td', {}, e.role), h('td', {}, e.name), h('td', {}, yesNo(e.reachable)), h('td', {}, e.reachable ? e.state : e.problem),
    h('td', {}, e.reachable ? String(e.epoch) : '-'), h('td', {}, e.role === pool.writer ? h('span', { class: 'yes' }, 'writing') : '')))));
  if (pool.mirror) out.push(h('p', { class: 'muted' }, 'Mirror: ' + pool.mirror.state));

  out.push(h('h2', {}, 'Last 15 minutes'));
  out.push(h('div', { class: 'charts' },
    chart('Posts / s', points, 'postsPerSecond', '', 'chart-posts'),
    chart('Deliveries / s', points, 'deliveriesPerSecond', '', 'chart-deliveries'),
    chart('Sessions', points, 'sessions', '', 'chart-sessions'),
    chart('p99 post acknowledged', points, 'postAckP99Millis', 'ms', 'chart-ack'),
    chart('p99 fan-out (durable to delivered)', points, 'fanOutP99Millis', 'ms', 'chart-fanout'),
    chart('Backup lag', points, 'backupLagSeconds', 's', 'chart-lag')));
  out.push(h('p', { class: 'muted' }, 'This node\'s figures: posts its clients made, deliveries it wrote. Post to delivery = acknowledgement (arrival to durable) then fan-out (durable to the last write); p99 per 5 s interval, as the upper bound of its histogram bucket.'));
  return out;
}

// ------------------------------------------------------------------ operator: pool actions

function resultBox() {
  return h('pre', { class: 'result', id: 'action-result' }, 'Results of actions appear here, as pchat admin prints them.');
}

function poolSummary(pool) {
  return `State ${pool.state}, epoch ${pool.epoch}, active nodes ${(pool.activeNodes || []).join(', ') || '-'}.`;
}

/** Shows an action's answer, then the pool's state after it. */
async function showResult(answer) {
  const box = document.getElementById('action-result');
  if (box && answer) box.textContent = answer.printed || JSON.stringify(answer, null, 2);
  const summary = document.getElementById('pool-summary');
  const pool = await admin('GET', '/pool').catch(() => null);
  if (summary && pool) summary.textContent = poolSummary(pool);
}

async function poolView() {
  stopRefresh();
  const pool = await attempt(() => admin('GET', '/pool'));
  if (!pool) return;
  const dcs = [...new Set((pool.members || []).map(m => m.dataCenter))];
  const nodes = h('input', { type: 'text', id: 'active-nodes', placeholder: 'dc1-n1, dc1-n2' });
  const act = (method, path) => attempt(async () => showResult(await admin(method, path, { nodes: list(nodes.value) })));
  const dc = h('select', { id: 'failover-dc' }, dcs.map(d => h('option', { value: d }, d)));
  const preview = h('div', { id: 'failover-preview' });
  const failbackNodes = h('input', { type: 'text', id: 'failback-nodes', placeholder: 'default: the home data center' });

  const previewFailover = async () => {
    const p = await attempt(() => admin('GET', '/pool/failover/preview?to=' + enc(dc.value)));
    if (!p) return;
    const confirmInput = h('input', { type: 'text', id: 'failover-confirm', autocomplete: 'off', placeholder: p.to });
    const wait = h('input', { type: 'number', id: 'failover-wait', min: 0, max: 60, value: 10 });
    const go = h('button', { class: 'danger', id: 'failover-go', disabled: true }, 'Fail over to ' + p.to);
    confirmInput.addEventListener('input', () => { go.disabled = confirmInput.value !== p.to; });
    go.addEventListener('click', async () => {
      go.disabled = true;
      go.textContent = 'Failing over…';
      const r = await attempt(() => admin('POST', '/pool/failover', { to: p.to, waitSeconds: Number(wait.value) }));
      go.textContent = 'Fail over to ' + p.to;
      if (r) {
        showResult(r);
        preview.replaceChildren(h('p', { class: 'yes', id: 'failover-done' }, `Failed over to ${r.to} at epoch ${r.epoch}.`));
      }
    });
    const cost = !p.measured
      ? h('p', { class: 'warn', id: 'recovery-point' }, `The recovery point cannot be measured now (${p.problem}): what ${p.writer} holds beyond ${p.backup} is unknown, and will be reported after the failover if ${p.writer} can still be read.`)
      : p.unshippedMessages === 0
        ? h('p', { class: 'yes', id: 'recovery-point' }, `Nothing would be lost: every message on ${p.writer} is on ${p.backup}.`)
        : h('div', { id: 'recovery-point' }, h('p', { class: 'no' }, `${p.unshippedMessages} message(s) on ${p.writer} are not on ${p.backup} yet and would be lost:`),
          table(['Room', 'Messages', 'Msgids'], p.unshipped.map(l => h('tr', {}, h('td', {}, l.room), h('td', {}, String(l.count)), h('td', {}, l.msgids.join(', '))))));
    preview.replaceChildren(h('div', { class: 'form confirm' },
      h('h2', {}, `Fail over to ${p.to}?`),
      h('p', {}, `${p.backup} becomes the writer at a new epoch; ${p.writer} is fenced if it still answers; the active nodes become ${p.activeNodes.join(', ')}; the other nodes end their dialogs and their clients reconnect.`),
      cost,
      p.backupLagMillis !== undefined ? h('p', { class: 'muted' }, 'Backup shipped as of ' + seconds(p.backupLagMillis) + ' ago.') : null,
      h('div', { class: 'row' }, field('Wait for the first post (s): the recovery time', wait),
        field(`Type ${p.to} to confirm`, confirmInput), go,
        h('button', { class: 'secondary', onclick: () => preview.replaceChildren() }, 'Cancel'))));
  };

  view(h('h1', {}, 'Pool actions'),
    h('p', { class: 'muted', id: 'pool-summary' }, poolSummary(pool)),
    pool.members ? null : h('p', { class: 'warn' }, 'This node is not part of a stretched pool (pool.nodes is empty): every change is refused.'),
    h('div', { class: 'form' }, h('h2', {}, 'Active nodes'),
      h('div', { class: 'row' }, field('Nodes', nodes),
        h('button', { id: 'active-set', onclick: () => act('PUT', '/pool/active') }, 'Set'),
        h('button', { class: 'secondary', id: 'active-add', onclick: () => act('POST', '/pool/active/add') }, 'Add'),
        h('button', { class: 'secondary', id: 'active-remove', onclick: () => act('POST', '/pool/active/remove') }, 'Remove'),
        h('button', { class: 'secondary', id: 'active-swap', onclick: () => attempt(async () => showResult(await admin('POST', '/pool/swap'))) }, 'Swap active and idle'))),
    h('div', { class: 'form' }, h('h2', {}, 'Failover to another data center'),
      h('p', { class: 'muted' }, 'First see what it would cost: the unshipped messages per room, when the writing database can be read.'),
      h('div', { class: 'row' }, field('Data center', dc), h('button', { id: 'failover-preview-button', onclick: previewFailover }, 'Preview failover')),
      preview),
    h('div', { class: 'form' }, h('h2', {}, 'Failback and mirror'),
      h('div', { class: 'row' }, field('Active nodes after failback', failbackNodes),
        h('button', { id: 'failback', onclick: () => attempt(async () => showResult(await admin('POST', '/pool/failback', { activeNodes: list(failbackNodes.value) }))) }, 'Fail back'),
        h('button', { class: 'secondary', id: 'mirror-rebuild', onclick: () => attempt(async () => showResult(await admin('POST', '/pool/mirror/rebuild'))) }, 'Rebuild mirror'),
        h('button', { class: 'secondary', onclick: () => attempt(async () => showResult(await admin('GET', '/pool'))) }, 'Show pool'))),
    resultBox());
}

// ------------------------------------------------------------------ rooms (operators: all; users: theirs)

const PRIVACY = ['open', 'closed', 'secret'];

function select(id, values, current) {
  return h('select', { id }, values.map(v => h('option', { value: v, selected: v === current }, v)));
}

async function roomsView() {
  stopRefresh();
  const operator = state.session.role === 'operator';
  const [rooms, categories] = operator
    ? await attempt(async () => [(await admin('GET', '/rooms')).rooms, (await admin('GET', '/categories')).categories]) || [[], []]
    : await attempt(async () => { const my = await api('GET', '/my'); return [my.rooms, my.categories]; }) || [[], []];
  const filter = h('input', { type: 'text', id: 'room-filter', placeholder: 'filter by name or category' });
  const rows = rooms.map(r => h('tr', { 'data-name': (r.name + ' ' + r.category).toLowerCase() },
    h('td', {}, h('a', { href: '#/rooms/' + enc(r.id), class: 'room-link' }, r.name)), h('td', {}, r.category), h('td', {}, r.privacy),
    h('td', {}, r.type), h('td', {}, r.disabled ? h('span', { class: 'no' }, 'disabled') : 'enabled'), h('td', {}, r.description || '')));
  filterAsYouType(filter, rows);
  const name = h('input', { type: 'text', id: 'new-room-name' });
  const category = h('select', { id: 'new-room-category' }, categories.map(c => h('option', { value: c.id }, c.name)));
  const privacy = select('new-room-privacy', PRIVACY, 'closed');
  const description = h('input', { type: 'text', id: 'new-room-description' });
  const members = h('input', { type: 'text', id: 'new-room-members', placeholder: 'sip:bob@example.com, @example.com' });
  const create = async e => {
    e.preventDefault();
    const body = { name: name.value, category: category.value, privacy: privacy.value, description: description.value };
    if (list(members.value).length) body.members = list(members.value);
    const r = await attempt(() => operator ? admin('POST', '/rooms', body) : api('POST', '/my/rooms', body));
    if (r) go('#/rooms/' + enc(r.id));
  };
  view(h('h1', {}, operator ? 'Rooms' : 'My rooms'),
    operator ? null : h('p', { class: 'muted' }, 'The rooms you manage, and a new room in a category where you may create one.'),
    categories.length ? h('form', { id: 'new-room', onsubmit: create }, h('h2', {}, 'Create a chat room'),
      h('div', { class: 'row' }, field('Name', name), field('Category', category), field('Privacy', privacy)),
      h('div', { class: 'row' }, field('Description', description), field('Members', members),
        h('button', { type: 'submit', id: 'new-room-create' }, 'Create room')))
      : h('p', { class: 'warn', id: 'no-categories' }, 'You may not create rooms: no category names you among its creators. Ask an administrator.'),
    h('div', { class: 'toolbar' }, filter, h('span', { class: 'muted' }, rooms.length + ' room(s)')),
    table(['Name', 'Category', 'Privacy', 'Type', 'State', 'Description'], rows, { id: 'rooms' }),
    operator ? complianceForm() : null);
}

function complianceForm() {
  const from = h('input', { type: 'date', id: 'export-from' });
  const to = h('input', { type: 'date', id: 'export-to' });
  const link = h('a', { id: 'export-link', href: '#', download: 'compliance.xml' }, 'Download compliance export');
  const update = () => {
    const q = 'from=' + enc(from.value || '1970-01-01') + (to.value ? '&to=' + enc(to.value) : '');
    link.href = '/console/api/admin/compliance/export?' + q;
  };
  from.addEventListener('change', update);
  to.addEventListener('change', update);
  update();
  return h('div', { class: 'form' }, h('h2', {}, 'Compliance export'),
    h('div', { class: 'row' }, field('From', from), field('To (exclusive)', to), link));
}

async function roomView(id) {
  stopRefresh();
  const operator = state.session.role === 'operator';
  const base = operator ? '/admin/rooms/' : '/my/rooms/';
  const room = await attempt(() => api('GET', base + enc(id)));
  if (!room) return;
  const categories = operator ? (await attempt(() => admin('GET', '/categories')) || { categories: [] }).categories
    : (await attempt(() => api('GET', '/my')) || { categories: [] }).categories;
  const name = h('input', { type: 'text', id: 'room-name', value: room.name });
  const description = h('input', { type: 'text', id: 'room-description', value: room.description || '' });
  const topic = h('input', { type: 'text', id: 'room-topic', value: room.topic || '' });
  const privacy = select('room-privacy', PRIVACY, room.privacy);
  const type = select('room-type', ['normal', 'auditorium'], room.type);
  const addin = h('input', { type: 'text', id: 'room-addin', value: room.addin || '' });
  const invitations = select('room-invitations', ['inherit', 'on', 'off'], room.invitations);
  const category = h('select', { id: 'room-category' },
    [h('option', { value: room.categoryId, selected: true }, room.category)].concat(
      categories.filter(c => c.id !== room.categoryId).map(c => h('option', { value: c.id }, c.name))));
  const disabled = h('input', { type: 'checkbox', id: 'room-disabled', checked: room.disabled });
  const save = async e => {
    e.preventDefault();
    const body = { name: name.value, description: description.value, topic: topic.value, privacy: privacy.value,
      type: type.value, addin: addin.value, invitations: invitations.value, disabled: disabled.checked };
    if (category.value !== room.categoryId) body.category = category.value;
    const r = await attempt(() => api('PATCH', base + enc(id), body));
    if (r) { notice('info', 'Saved.'); roomView(id); }
  };
  const roleRows = ['members', 'managers', 'presenters'].map(role => {
    const input = h('input', { type: 'text', id: 'add-' + role, placeholder: 'sip:bob@example.com or @example.com' });
    const change = async (how, who) => {
      const r = await attempt(() => api('PATCH', base + enc(id) + '/roles', { [how]: { [role]: who } }));
      if (r) roomView(id);
    };
    return h('tr', { id: 'role-' + role }, h('td', {}, role),
      h('td', {}, (room[role] || []).map(p => h('span', { class: 'pill principal' }, p, ' ',
        h('a', { href: '#', title: 'remove', onclick: e => { e.preventDefault(); change('remove', [p]); } }, '×')))),
      h('td', {}, h('div', { class: 'toolbar' }, input,
        h('button', { class: 'secondary', id: 'add-' + role + '-button', onclick: () => change('add', list(input.value)) }, 'Add'))));
  });
  const parts = [h('h1', {}, 'Room ', h('span', { id: 'room-title' }, room.name)),
    h('p', { class: 'muted' }, room.uri + ' · ' + (room.joinedHere || 0) + ' user(s) joined on this node'),
    h('form', { id: 'room-form', onsubmit: save },
      h('div', { class: 'row' }, field('Name', name), field('Category', category), field('Privacy', privacy), field('Type', type)),
      h('div', { class: 'row' }, field('Description', description), field('Topic', topic)),
      h('div', { class: 'row' }, field('Add-in URL', addin), field('Invitations', invitations),
        h('label', { class: 'inline' }, disabled, 'Disabled'), h('button', { type: 'submit', id: 'room-save' }, 'Save'))),
    h('h2', {}, 'Members, managers and presenters'),
    table(['Role', 'Who', 'Add'], roleRows, { id: 'roles' })];
  if (operator) parts.push(...historyPart(id), testMessagePart(id));
  view(...parts);
  if (operator) loadHistory(id, '');
}

function historyPart(id) {
  const search = h('input', { type: 'text', id: 'history-search', placeholder: 'search text' });
  return [h('h2', {}, 'History (read only)'),
    h('form', { class: 'toolbar', id: 'history-form', onsubmit: e => { e.preventDefault(); loadHistory(id, search.value); } },
      search, h('button', { type: 'submit', class: 'secondary', id: 'history-search-button' }, 'Search'),
      h('button', { type: 'button', class: 'secondary', onclick: () => { search.value = ''; loadHistory(id, ''); } }, 'Latest')),
    h('div', { id: 'history' })];
}

async function loadHistory(id, text) {
  const r = await attempt(() => admin('GET', '/rooms/' + enc(id) + '/messages?limit=50' + (text ? '&search=' + enc(text) : '')));
  const target = document.getElementById('history');
  if (!r || !target) return;
  target.replaceChildren(table(['#', 'Time', 'Author', 'Message'], r.messages.map(m => h('tr', { class: 'message' },
    h('td', {}, String(m.msgid)), h('td', {}, new Date(m.time).toLocaleString()), h('td', {}, m.author),
    h('td', { class: 'text' }, m.storyTitle ? m.storyTitle + ': ' + m.text : m.text))), { class: 'messages', id: 'history-table' }));
}

function testMessagePart(id) {
  const out = h('pre', { class: 'result', id: 'test-message-result' }, 'Two test users join the room and exchange a message both ways.');
  const users = h('input', { type: 'text', id: 'test-users', placeholder: 'default: sip:pchat-test1@…, sip:pchat-test2@…' });
  const password = h('input', { type: 'password', id: 'test-password', autocomplete: 'off',
    placeholder: 'when the node asks for one' });
  const run = async () => {
    out.textContent = 'Running…';
    const body = {};
    if (list(users.value).length) body.users = list(users.value);
    if (password.value) body.password = password.value;
    const r = await attempt(() => admin('POST', '/rooms/' + enc(id) + '/test-message', body));
    if (!r) { out.textContent = 'Refused (see above).'; return; }
    out.textContent = r.success
      ? `test-message in ${r.room}: success\n` + r.legs.map(l => `${l.from} -> ${l.to}: ${l.deliveryMs} ms`).join('\n') + `\nround trip: ${r.roundTripMs} ms`
      : `test-message in ${r.room}: FAILED (${r.problem})\n${r.error}`;
  };
  return h('div', {}, h('h2', {}, 'Test message'),
    h('div', { class: 'form' }, h('div', { class: 'row' }, field('Test users', users), field('Their password', password),
      h('button', { id: 'test-message', onclick: run }, 'Send a test message'))), out);
}

// ------------------------------------------------------------------ operator: categories and users

async function categoriesView() {
  stopRefresh();
  const r = await attempt(() => admin('GET', '/categories'));
  if (!r) return;
  const name = h('input', { type: 'text', id: 'new-category-name' });
  const description = h('input', { type: 'text', id: 'new-category-description' });
  const creators = h('input', { type: 'text', id: 'new-category-creators', placeholder: 'sip:carol@example.com, @example.com' });
  const allowed = h('input', { type: 'text', id: 'new-category-allowed', placeholder: 'empty: everyone' });
  const create = async e => {
    e.preventDefault();
    const c = await attempt(() => admin('POST', '/categories', { name: name.value, description: description.value,
      creators: list(creators.value), allowed: list(allowed.value) }));
    if (c) { notice('info', `Category '${c.name}' created.`); categoriesView(); }
  };
  const rows = r.categories.map(c => {
    const edit = (key, label) => h('input', { type: 'text', value: (c[key] || []).join(', '), 'aria-label': label + ' of ' + c.name,
      placeholder: key === 'allowed' ? 'everyone' : '' });
    const description = h('input', { type: 'text', value: c.description || '', 'aria-label': 'description of ' + c.name });
    const allowed = edit('allowed', 'allowed members');
    const denied = edit('denied', 'denied members');
    const creators = edit('creators', 'creators');
    const save = async () => {
      const u = await attempt(() => admin('PATCH', '/categories/' + enc(c.id), { description: description.value,
        allowed: list(allowed.value), denied: list(denied.value), creators: list(creators.value) }));
      if (u) notice('info', `Category '${u.name}' saved.`);
    };
    return h('tr', { id: 'category-' + c.name },
      h('td', {}, c.name, c.root ? h('span', { class: 'pill' }, ' root') : ''), h('td', {}, description),
      h('td', {}, allowed), h('td', {}, denied), h('td', {}, creators),
      h('td', {}, h('div', { class: 'toolbar' }, h('button', { class: 'secondary', onclick: save }, 'Save'),
        c.root ? null : h('button', { class: 'secondary', onclick: async () => {
          if (await attempt(() => admin('DELETE', '/categories/' + enc(c.id))) !== null) categoriesView();
        } }, 'Delete'))));
  });
  view(h('h1', {}, 'Categories'),
    h('form', { id: 'new-category', onsubmit: create }, h('h2', {}, 'New category'),
      h('div', { class: 'row' }, field('Name', name), field('Description', description)),
      h('div', { class: 'row' }, field('Creators', creators), field('Allowed members', allowed),
        h('button', { type: 'submit', id: 'new-category-create' }, 'Create category'))),
    table(['Name', 'Description', 'Allowed', 'Denied', 'Creators', ''], rows, { id: 'categories' }));
}

async function usersView() {
  stopRefresh();
  const r = await attempt(() => admin('GET', '/users?limit=1000'));
  if (!r) return;
  const uri = h('input', { type: 'text', id: 'new-user-uri', placeholder: 'sip:alice@example.com' });
  const display = h('input', { type: 'text', id: 'new-user-display' });
  const password = h('input', { type: 'password', id: 'new-user-password', autocomplete: 'new-password' });
  const add = async e => {
    e.preventDefault();
    const body = { uri: uri.value, displayName: display.value };
    if (password.value) body.password = password.value;
    const u = await attempt(() => admin('POST', '/users', body));
    if (u) { notice('info', `User ${u.uri} added.`); usersView(); }
  };
  const filter = h('input', { type: 'text', id: 'user-filter', placeholder: 'search users' });
  const rows = r.users.map(u => {
    const pw = h('input', { type: 'password', autocomplete: 'new-password', 'aria-label': 'new password of ' + u.uri });
    return h('tr', { 'data-name': (u.uri + ' ' + (u.displayName || '')).toLowerCase() },
      h('td', {}, u.uri), h('td', {}, u.displayName || ''), h('td', {}, yesNo(u.enabled)), h('td', {}, yesNo(u.hasPassword)),
      h('td', {}, h('div', { class: 'toolbar' },
        h('button', { class: 'secondary', onclick: async () => {
          if (await attempt(() => admin('PATCH', '/users/' + enc(u.uri), { enabled: !u.enabled }))) usersView();
        } }, u.enabled ? 'Disable' : 'Enable'),
        pw, h('button', { class: 'secondary', onclick: async () => {
          if (await attempt(() => admin('PATCH', '/users/' + enc(u.uri), { password: pw.value }))) notice('info', `Password of ${u.uri} set.`);
        } }, 'Set password'))));
  });
  filterAsYouType(filter, rows);
  view(h('h1', {}, 'Users'),
    h('form', { id: 'new-user', onsubmit: add }, h('h2', {}, 'Add a user'),
      h('div', { class: 'row' }, field('SIP address', uri), field('Display name', display), field('Password', password),
        h('button', { type: 'submit', id: 'new-user-add' }, 'Add user'))),
    h('div', { class: 'toolbar' }, filter, h('span', { class: 'muted' }, r.users.length + ' user(s)' + (r.next ? ' (first page)' : ''))),
    table(['SIP address', 'Display name', 'Enabled', 'Password', ''], rows, { id: 'users' }));
}

// ------------------------------------------------------------------ routing

const OPERATOR_NAV = [['#/overview', 'Overview'], ['#/pool', 'Pool'], ['#/rooms', 'Rooms'], ['#/categories', 'Categories'], ['#/users', 'Users']];
const USER_NAV = [['#/rooms', 'My rooms']];

function chrome() {
  const s = state.session;
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  if (!s) { nav.replaceChildren(); who.replaceChildren(); return; }
  nav.replaceChildren(...(s.role === 'operator' ? OPERATOR_NAV : USER_NAV).map(([href, text]) =>
    h('a', { href, class: location.hash.startsWith(href) ? 'current' : null }, text)));
  who.replaceChildren(h('span', { id: 'signed-in-as' }, (s.role === 'operator' ? 'operator' : s.user)),
    h('button', { id: 'sign-out', onclick: signOut }, 'Sign out'));
}

async function route() {
  stopRefresh();
  if (!state.session) {
    state.session = await api('GET', '/session').catch(() => null);
  }
  const hash = location.hash || '#/';
  if (!state.session) {
    chrome();
    signInView();
    return;
  }
  chrome();
  const operator = state.session.role === 'operator';
  const parts = hash.substring(2).split('/');
  switch (parts[0]) {
    case 'overview': return operator ? overviewView() : go('#/rooms');
    case 'pool': return operator ? poolView() : go('#/rooms');
    case 'categories': return operator ? categoriesView() : go('#/rooms');
    case 'users': return operator ? usersView() : go('#/rooms');
    case 'rooms': return parts[1] ? roomView(decodeURIComponent(parts[1])) : roomsView();
    default: return go(operator ? '#/overview' : '#/rooms');
  }
}

window.addEventListener('hashchange', () => { notice(null, ''); route(); });
document.addEventListener('DOMContentLoaded', route);
