/**
 * A client process of the chat benchmark (test/bench/chat.ts forks it): it holds visitors (the
 * widget protocol on /api/widget/ws) and agents (/api/ws, topic chat; they answer with `chat.send`
 * requests on that socket, or over REST when the drive command says `agentSend: 'rest'`), drives
 * its share of the messages in both directions, and counts what arrives. Each message's text
 * carries the wall time it was sent (performance.timeOrigin + now, sub-millisecond and comparable
 * across the processes of one machine), so delivery is measured where the message lands, whatever
 * process sent it. Talks to the parent over the fork IPC channel:
 *
 *   parent -> { cmd: 'agents', url, agents }                 -> { ev: 'agents', ok, failed }
 *   parent -> { cmd: 'visitors', url, count, queueIds, tag } -> { ev: 'visitors', started, assigned, failed }
 *   parent -> { cmd: 'drive', visitorRate, agentRate, seconds } -> { ev: 'driven', ... }
 *   parent -> { cmd: 'report' }                              -> { ev: 'report', ... }
 *   parent -> { cmd: 'exit' }
 */
import { Agent, request } from 'node:http';
import WebSocket from 'ws';

/** Histograms in tenths of a millisecond up to a minute. */
const BUCKETS = 600_000;
const wall = () => performance.timeOrigin + performance.now();

interface VisitorConn {
  ws: WebSocket;
  chatId: string;
  assigned: boolean;
  sent: number;
}
interface AgentConn {
  agentId: string;
  token: string;
  chats: string[];
  ws: WebSocket;
}

type Command =
  | { cmd: 'agents'; url: string; agents: { agentId: string; token: string }[] }
  | { cmd: 'visitors'; url: string; count: number; queueIds: string[]; tag: string }
  | { cmd: 'drive'; visitorRate: number; agentRate: number; seconds: number; agentSend: 'socket' | 'rest' }
  | { cmd: 'report' }
  | { cmd: 'exit' };

const visitors: VisitorConn[] = [];
const agents: AgentConn[] = [];
const agentSockets: WebSocket[] = [];
let httpBase = '';
const http = new Agent({ keepAlive: true, maxSockets: 64 });

/** Visitor -> agent: delivered to the agent's /api/ws; agent -> visitor: delivered to the widget. */
const deliveredToAgent = new Uint32Array(BUCKETS + 1);
const deliveredToVisitor = new Uint32Array(BUCKETS + 1);
/** Send -> acknowledgment (the widget's `ack`, the REST answer): both only after the commit. */
const visitorAcks = new Uint32Array(BUCKETS + 1);
const agentAcks = new Uint32Array(BUCKETS + 1);
const counts = { visitorSent: 0, visitorAcked: 0, agentSent: 0, agentAcked: 0, agentFailed: 0, toAgent: 0, toVisitor: 0, errors: {} as Record<string, number> };
const pendingAck = new Map<string, number>();
/** Agent chat.send requests over the socket waiting for their reply: request id -> sent at. */
const pendingReply = new Map<string, number>();
/** Set-up time spent in each step, summed over the visitors (ms). */
const stages = { open: 0, welcome: 0, started: 0, assigned: 0 };
const stage = (k: keyof typeof stages, since: number): number => {
  const now = performance.now();
  stages[k] += now - since;
  return now;
};

const bucket = (ms: number) => Math.max(0, Math.min(BUCKETS, Math.round(ms * 10)));
const send = (msg: unknown) => process.send?.(msg);
const countError = (code: string) => (counts.errors[code] = (counts.errors[code] ?? 0) + 1);

/** "<direction>|<sent at>|..." */
function sentAt(text: string): number {
  const bar = text.indexOf('|', 2);
  return Number(text.slice(2, bar));
}

function openAgent(url: string, a: { agentId: string; token: string }): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/ws?token=${a.token}`, { perMessageDeflate: false });
    const conn: AgentConn = { agentId: a.agentId, token: a.token, chats: [], ws };
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString('utf8')) as { type: string; id?: string; ok?: boolean; error?: { code: string }; event?: { type: string; chatId?: string; agentId?: string; from?: string; text?: string } };
      if (msg.type === 'reply') {
        const at = pendingReply.get(msg.id ?? '');
        if (at === undefined) return;
        pendingReply.delete(msg.id ?? '');
        if (!msg.ok) {
          counts.agentFailed++;
          countError(`agent chat.send ${msg.error?.code ?? '?'}`);
          return;
        }
        counts.agentAcked++;
        const i = bucket(wall() - at);
        agentAcks[i] = (agentAcks[i] ?? 0) + 1;
      } else if (msg.type === 'hello') ws.send(JSON.stringify({ type: 'subscribe', topics: ['chat'] }));
      else if (msg.type === 'subscribed') resolve(true);
      else if (msg.type === 'event' && msg.event) {
        const e = msg.event;
        if (e.type === 'chat.assigned' && e.agentId === a.agentId && e.chatId) conn.chats.push(e.chatId);
        else if (e.type === 'chat.message' && e.from === 'visitor' && e.text?.startsWith('v|')) {
          counts.toAgent++;
          const i = bucket(wall() - sentAt(e.text));
          deliveredToAgent[i] = (deliveredToAgent[i] ?? 0) + 1;
        }
      }
    });
    ws.on('close', (code) => {
      countError(`agent socket closed ${code}`);
      resolve(false);
    });
    ws.on('error', (err) => countError(`agent socket: ${err.message}`));
    agents.push(conn);
    agentSockets.push(ws);
  });
}

function openVisitor(url: string, queueId: string, name: string): Promise<'assigned' | 'started' | 'failed'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/widget/ws`, { perMessageDeflate: false });
    const v: VisitorConn = { ws, chatId: '', assigned: false, sent: 0 };
    const t0 = performance.now();
    let t1 = t0;
    ws.on('open', () => {
      t1 = performance.now();
      stages.open += t1 - t0;
      ws.send(JSON.stringify({ type: 'hello', channel: 'web' }));
    });
    ws.on('message', (data: Buffer) => {
      const f = JSON.parse(data.toString('utf8')) as { type: string; chatId?: string; clientId?: string; from?: string; text?: string; code?: string };
      switch (f.type) {
        case 'welcome':
          t1 = stage('welcome', t1);
          ws.send(JSON.stringify({ type: 'start', queue: queueId, name }));
          return;
        case 'started':
          t1 = stage('started', t1);
          v.chatId = f.chatId ?? '';
          return;
        case 'assigned':
          stage('assigned', t1);
          v.assigned = true;
          resolve('assigned');
          return;
        case 'ack': {
          const at = pendingAck.get(f.clientId ?? '');
          if (at === undefined) return;
          pendingAck.delete(f.clientId ?? '');
          counts.visitorAcked++;
          const i = bucket(wall() - at);
          visitorAcks[i] = (visitorAcks[i] ?? 0) + 1;
          return;
        }
        case 'message':
          if (f.from === 'agent' && f.text?.startsWith('a|')) {
            counts.toVisitor++;
            const i = bucket(wall() - sentAt(f.text));
            deliveredToVisitor[i] = (deliveredToVisitor[i] ?? 0) + 1;
          }
          return;
        case 'error':
          countError(f.code ?? 'error');
          if (!v.chatId) resolve('failed');
          return;
      }
    });
    ws.on('close', (code) => {
      countError(`visitor socket closed ${code}`);
      resolve('failed');
    });
    ws.on('error', (err) => countError(`visitor socket: ${err.message}`));
    visitors.push(v);
  });
}

async function inLanes<T>(n: number, lanes: number, one: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await one(i);
      }
    }),
  );
  return out;
}

function visitorSend(v: VisitorConn, tag: number): void {
  const clientId = `b${process.pid}-${tag}`;
  const at = wall();
  pendingAck.set(clientId, at);
  v.sent++;
  counts.visitorSent++;
  v.ws.send(JSON.stringify({ type: 'message', clientId, kind: 'text', text: `v|${at}|hello, my order has not arrived` }));
}

/** The agent's answer as a chat.send request on its /api/ws socket; the reply (after the commit) is its acknowledgment. */
function agentSocketSend(a: AgentConn, chatId: string, tag: number): void {
  const at = wall();
  counts.agentSent++;
  const id = `q${tag}`;
  pendingReply.set(id, at);
  a.ws.send(JSON.stringify({ type: 'chat.send', id, chatId, clientId: `r${process.pid}-${tag}`, text: `a|${at}|let me check that for you` }));
}

function agentRestSend(a: AgentConn, chatId: string, tag: number): void {
  const at = wall();
  counts.agentSent++;
  const body = JSON.stringify({ clientId: `r${process.pid}-${tag}`, text: `a|${at}|let me check that for you` });
  const req = request(`${httpBase}/api/chats/${chatId}/messages`, { method: 'POST', agent: http, headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
    res.resume();
    res.on('end', () => {
      if (res.statusCode !== 200) {
        counts.agentFailed++;
        countError(`agent POST ${res.statusCode ?? 0}`);
        return;
      }
      counts.agentAcked++;
      const i = bucket(wall() - at);
      agentAcks[i] = (agentAcks[i] ?? 0) + 1;
    });
  });
  req.on('error', (err) => {
    counts.agentFailed++;
    countError(`agent POST: ${err.message}`);
  });
  req.end(body);
}

/** Both directions at their rates for `seconds`, caught up on every 1 ms timer tick. */
function drive(visitorRate: number, agentRate: number, seconds: number, agentSend: 'socket' | 'rest'): Promise<void> {
  const answer = agentSend === 'rest' ? agentRestSend : agentSocketSend;
  const live = visitors.filter((v) => v.assigned);
  const answering = agents.flatMap((a) => a.chats.map((chatId) => ({ a, chatId })));
  let v = 0;
  let a = 0;
  const started = performance.now();
  return new Promise((resolve) => {
    const tick = () => {
      const elapsed = performance.now() - started;
      const due = Math.min(seconds * 1000, elapsed) / 1000;
      while (live.length > 0 && v < Math.floor(due * visitorRate)) {
        visitorSend(live[v % live.length] as VisitorConn, v);
        v++;
      }
      while (answering.length > 0 && a < Math.floor(due * agentRate)) {
        const pick = answering[a % answering.length] as { a: AgentConn; chatId: string };
        answer(pick.a, pick.chatId, a);
        a++;
      }
      if (elapsed >= seconds * 1000) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
}

const pairs = (h: Uint32Array): [number, number][] => {
  const out: [number, number][] = [];
  h.forEach((n, i) => {
    if (n > 0) out.push([i / 10, n]);
  });
  return out;
};

process.on('message', (msg: Command) => {
  switch (msg.cmd) {
    case 'agents':
      httpBase = msg.url;
      void inLanes(msg.agents.length, 32, (i) => openAgent(msg.url, msg.agents[i] as { agentId: string; token: string })).then((r) =>
        send({ ev: 'agents', ok: r.filter(Boolean).length, failed: r.filter((x) => !x).length, errors: counts.errors }),
      );
      return;
    case 'visitors':
      void inLanes(msg.count, 32, (i) => openVisitor(msg.url, msg.queueIds[i % msg.queueIds.length] as string, `${msg.tag}-${i}`)).then((r) =>
        send({ ev: 'visitors', assigned: r.filter((x) => x === 'assigned').length, started: r.filter((x) => x === 'started').length, failed: r.filter((x) => x === 'failed').length, errors: counts.errors, stages }),
      );
      return;
    case 'drive':
      void drive(msg.visitorRate, msg.agentRate, msg.seconds, msg.agentSend).then(() => send({ ev: 'driven', chats: agents.reduce((n, a) => n + a.chats.length, 0) }));
      return;
    case 'report':
      send({
        ev: 'report',
        counts: { ...counts, pendingAcks: pendingAck.size + pendingReply.size },
        toAgent: pairs(deliveredToAgent),
        toVisitor: pairs(deliveredToVisitor),
        visitorAcks: pairs(visitorAcks),
        agentAcks: pairs(agentAcks),
        cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
      });
      return;
    case 'exit':
      for (const ws of agentSockets) ws.terminate();
      for (const v of visitors) v.ws.terminate();
      http.destroy();
      process.exit(0);
      return;
  }
});
