/* global document, fetch, location, URLSearchParams, FormData */
import { drawDiagram } from './diagram.js';

const $ = (id) => document.getElementById(id);
let me = null;
let current = null;

async function api(method, url, body) {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = res.status === 204 ? null : await jsonOrNull(res);
  return { status: res.status, data };
}

async function jsonOrNull(res) {
  try {
    return await res.json();
  } catch {
    // Not JSON (a proxy's error page, an empty body): the status alone says what happened.
    return null;
  }
}

function stateBadge(state) {
  if (state.problems.length > 0) return { cls: 'bad', text: `${state.problems.length} problem${state.problems.length > 1 ? 's' : ''}` };
  if (state.version === null) return { cls: 'off', text: 'not running' };
  return { cls: 'ok', text: 'valid' };
}

async function start() {
  const who = await api('GET', '/api/auth/me');
  if (who.status === 401) {
    $('login').hidden = false;
    $('app').hidden = true;
    return;
  }
  me = who.data;
  $('login').hidden = true;
  $('app').hidden = false;
  $('who').textContent = me.username;
  const canEdit = me.permissions.includes('ivr.edit');
  $('save').disabled = !canEdit;
  $('check').disabled = !canEdit;
  $('source').readOnly = !canEdit;
  await loadList();
  const wanted = new URLSearchParams(location.search).get('flow');
  const first = wanted ?? document.querySelector('#flows button')?.dataset.flow;
  if (first) await openFlow(first);
}

async function loadList() {
  const { data } = await api('GET', '/api/ivr/flows');
  const ul = $('flows');
  ul.replaceChildren();
  for (const f of data.flows) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.flow = f.name;
    const badge = stateBadge(f);
    b.append(f.name);
    const s = document.createElement('span');
    s.className = `badge ${badge.cls}`;
    s.textContent = badge.text;
    b.append(s);
    if (current === f.name) b.setAttribute('aria-current', 'true');
    b.addEventListener('click', () => openFlow(f.name));
    li.append(b);
    ul.append(li);
  }
}

function showProblems(problems) {
  const ul = $('problems');
  ul.replaceChildren();
  for (const p of problems) {
    const li = document.createElement('li');
    li.textContent = `${p.line}:${p.col}: ${p.reason}`;
    li.addEventListener('click', () => goToLine(p.line, p.col));
    ul.append(li);
  }
  return new Set(problems.map((p) => p.line));
}

function goToLine(line, col) {
  const ta = $('source');
  const lines = ta.value.split('\n');
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
  ta.focus();
  ta.setSelectionRange(offset + col - 1, offset + (lines[line - 1]?.length ?? 0));
}

function nodeLines(graph, problems) {
  // A problem inside a node's block marks that node: the node's line is the last node line above it.
  if (!graph) return new Set();
  const starts = graph.nodes.map((n) => n.line).sort((a, b) => a - b);
  const marked = new Set();
  for (const p of problems) {
    const owner = starts.filter((l) => l <= p.line).pop();
    if (owner !== undefined) marked.add(owner);
  }
  return marked;
}

async function openFlow(name) {
  current = name;
  for (const b of document.querySelectorAll('#flows button')) b.setAttribute('aria-current', String(b.dataset.flow === name));
  const { status, data } = await api('GET', `/api/ivr/flows/${encodeURIComponent(name)}`);
  if (status !== 200) {
    $('save-result').textContent = data?.message ?? `Could not open ${name}`;
    return;
  }
  $('flow-name').textContent = name;
  const badge = stateBadge({ ...data.state, problems: data.problems });
  $('flow-state').className = `badge ${badge.cls}`;
  $('flow-state').textContent = badge.text;
  $('flow-version').textContent = data.state.version === null ? 'no running version' : `running version ${data.state.version}`;
  $('source').value = data.source;
  $('save-result').textContent = '';
  $('save-result').className = '';
  showProblems(data.problems);
  drawDiagram($('diagram'), data.graph, nodeLines(data.graph, data.problems));
  await loadVersions(name);
}

async function loadVersions(name) {
  const { data } = await api('GET', `/api/ivr/flows/${encodeURIComponent(name)}/versions`);
  const ul = $('versions');
  ul.replaceChildren();
  for (const v of data?.versions ?? []) {
    const li = document.createElement('li');
    li.textContent = `v${v.version} · ${new Date(v.changedAt).toLocaleString()} · ${v.changedBy ?? 'file on disk'}`;
    ul.append(li);
  }
}

async function check() {
  const { data } = await api('POST', `/api/ivr/flows/${encodeURIComponent(current)}/check`, { source: $('source').value });
  showProblems(data.problems);
  drawDiagram($('diagram'), data.graph, nodeLines(data.graph, data.problems));
  $('save-result').className = data.problems.length ? 'error' : 'ok-text';
  $('save-result').textContent = data.problems.length ? `${data.problems.length} problem(s)` : 'No problems';
}

async function save() {
  const { status, data } = await api('PUT', `/api/ivr/flows/${encodeURIComponent(current)}`, { source: $('source').value });
  if (status === 200) {
    await loadList();
    await openFlow(current);
    $('save-result').className = 'ok-text';
    $('save-result').textContent = `Saved: running version ${data.version}`;
    return;
  }
  const problems = data?.details?.problems ?? [];
  $('save-result').className = 'error';
  $('save-result').textContent = `Not saved: ${data?.message ?? status}`;
  showProblems(problems);
}

$('check').addEventListener('click', () => void check());
$('save').addEventListener('click', () => void save());
$('login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const form = new FormData(ev.target);
  const res = await api('POST', '/api/auth/login', { username: form.get('username'), password: form.get('password') });
  if (res.status !== 200) {
    $('login-error').textContent = res.data?.message ?? 'Sign-in failed';
    return;
  }
  await start();
});

void start();
