/**
 * Chat benchmark (issue 12): the daemon app in this process (buildApp, PGlite on its own thread or
 * PostgreSQL with DATABASE_URL, 127.0.0.1 port 0), twenty chat queues served by agents with ten chat
 * slots each, and 10,000 concurrent chats held by client processes (test/bench/chat-clients.ts):
 * visitors on the widget socket, agents on /api/ws (topic chat) answering with `chat.send` requests on
 * that socket (CHAT_BENCH_AGENT_SEND=rest: over POST /api/chats/:id/messages instead). Then 2,000
 * messages a second for a few seconds, half from visitors and half from agents. Printed next to
 * their goals:
 *
 *   - delivery p50 / p99, from the send to its arrival on the other side, per direction;
 *   - loss: messages acknowledged against messages delivered, per direction;
 *   - durability: an acknowledgment leaves only after the row is committed (the widget's `ack`,
 *     the socket's reply or the REST answer), so the rows in chat_messages must be at least the acknowledged count;
 *     the send -> acknowledgment p50 / p99 is printed too;
 *   - the daemon's CPU per message (both its threads, over the drive and until every message
 *     landed): comparable across runs on a machine shared with other work, where latency is not;
 *   - memory per idle session: the daemon's RSS and heap with every chat open and quiet, against
 *     the same before the sessions, divided by the sessions.
 *
 * Every visitor shares the address 127.0.0.1, so the per-address socket and frame limits of the
 * widget are raised here (a real site's visitors come from many addresses). Prints, never asserts.
 * `npm run bench -- chat`; CHAT_BENCH_SESSIONS=10000 CHAT_BENCH_RATE=2000 CHAT_BENCH_SECONDS=5
 * CHAT_BENCH_CLIENT_PROCESSES=2 CHAT_BENCH_QUEUES=20.
 */
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { defaultConfig } from '../../src/config.js';
import { QueuesRepo } from '../../src/store/config/queues-repo.js';
import type { DatabaseHandle } from '../../src/store/db.js';
import { rssMb, startBenchDaemon, type BenchUser } from './fixture.js';
import { histPercentile, Workers } from './ws.js';

const SESSIONS = Number(process.env.CHAT_BENCH_SESSIONS ?? 10_000);
const RATE = Number(process.env.CHAT_BENCH_RATE ?? 2_000);
const SECONDS = Number(process.env.CHAT_BENCH_SECONDS ?? 5);
const CLIENT_PROCESSES = Number(process.env.CHAT_BENCH_CLIENT_PROCESSES ?? 2);
const SLOTS = 10;
/** Chat queues the agents and chats are spread over (a center of this size runs many; one queue of 1,000 agents would tell every agent of every waiting chat). */
const QUEUES = Number(process.env.CHAT_BENCH_QUEUES ?? 20);
const GOAL_P99_MS = 50;
const AGENT_SEND: 'socket' | 'rest' = process.env.CHAT_BENCH_AGENT_SEND === 'rest' ? 'rest' : 'socket';

const workerPath = fileURLToPath(new URL('./chat-clients.js', import.meta.url));

interface Report {
  counts: { visitorSent: number; visitorAcked: number; agentSent: number; agentAcked: number; agentFailed: number; toAgent: number; toVisitor: number; pendingAcks: number; errors: Record<string, number> };
  toAgent: [number, number][];
  toVisitor: [number, number][];
  visitorAcks: [number, number][];
  agentAcks: [number, number][];
  cpuMs: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
const merge = (parts: [number, number][][]): [number, number][] => {
  const m = new Map<number, number>();
  for (const part of parts) for (const [v, n] of part) m.set(v, (m.get(v) ?? 0) + n);
  return [...m.entries()].sort((a, b) => a[0] - b[0]);
};
const pcts = (h: [number, number][]) => `p50 ${histPercentile(h, 0.5).toFixed(1)} ms / p99 ${histPercentile(h, 0.99).toFixed(1)} ms`;

async function heapMb(): Promise<number> {
  // Without --expose-gc the heap is read as it is; two reads a second apart let young garbage go.
  await new Promise((r) => setTimeout(r, 1000));
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** QUEUES chat queues, agent i a member of queue i % QUEUES, written before the start so the engine loads them. */
async function chatQueues(handle: DatabaseHandle, agents: BenchUser[]): Promise<string[]> {
  const repo = new QueuesRepo({ db: handle.db });
  const ids: string[] = [];
  for (let q = 0; q < QUEUES; q++) {
    const queue = await repo.create({
      name: `bench chat ${q}`,
      media: 'chat',
      strategy: 'longest_idle',
      members: agents.filter((_, i) => i % QUEUES === q).map((a) => ({ agentId: a.agentId as string })),
      wrapUpSeconds: 0,
      noAnswerTimeoutSeconds: 60,
    });
    ids.push(queue.id);
  }
  return ids;
}

export async function runChatBench(): Promise<void> {
  const agentCount = Math.ceil(SESSIONS / SLOTS);
  const base = defaultConfig();
  const setupStart = performance.now();
  let queueIds: string[] = [];
  const limits = { connectionsPerMinute: 10_000_000, framesPerMinute: 10_000_000 };
  const d = await startBenchDaemon({ agents: agentCount, supervisors: 0 }, { chat: { ...base.chat, ...limits } }, {}, async (handle, users) => {
    queueIds = await chatQueues(handle, users.agents);
  });
  const workers = new Workers(CLIENT_PROCESSES, workerPath);
  try {
    const acd = d.app.deps.contactCenter.acd;
    for (const a of d.agents) {
      acd.setChatCapacity(a.agentId as string, SLOTS);
      acd.setState(a.agentId as string, 'available');
    }
    await acd.flush();
    const slice = <T>(xs: T[], i: number) => xs.filter((_, k) => k % CLIENT_PROCESSES === i);
    const agentsUp = await workers.ask<{ ok: number; failed: number; errors?: Record<string, number> }>((i) => ({ cmd: 'agents', url: d.url, agents: slice(d.agents, i).map((a) => ({ agentId: a.agentId, token: a.token })) }), 'agents');
    for (const a of agentsUp) if (a.failed > 0) console.log(`  agent sockets refused: ${JSON.stringify(a.errors)}`);
    const rssBefore = rssMb();
    const heapBefore = await heapMb();
    const share = (i: number) => Math.floor(SESSIONS / CLIENT_PROCESSES) + (i < SESSIONS % CLIENT_PROCESSES ? 1 : 0);
    const opened = await workers.ask<{ assigned: number; started: number; failed: number; errors: Record<string, number>; stages: Record<string, number> }>((i) => ({ cmd: 'visitors', url: d.url, count: share(i), queueIds, tag: `w${i}` }), 'visitors');
    await d.app.deps.contactCenter.chat.idle();
    const assigned = opened.reduce((n, o) => n + o.assigned, 0);
    const rssIdle = rssMb();
    const heapIdle = await heapMb();
    console.log(
      `${fmt(SESSIONS)} chat sessions (${fmt(assigned)} assigned, ${fmt(opened.reduce((n, o) => n + o.failed, 0))} failed) to ${fmt(agentCount)} agents x ${SLOTS} slots in ${QUEUES} queues ` +
        `(${fmt(agentsUp.reduce((n, a) => n + a.ok, 0))} agent sockets); set-up ${((performance.now() - setupStart) / 1000).toFixed(1)} s; ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`,
    );
    const stageMs = (k: string) => (opened.reduce((n, o) => n + (o.stages[k] ?? 0), 0) / SESSIONS).toFixed(1);
    console.log(`  per session set-up (64 at a time): socket ${stageMs('open')} ms, hello -> welcome ${stageMs('welcome')} ms, start -> started ${stageMs('started')} ms, started -> assigned ${stageMs('assigned')} ms`);
    console.log(`  memory per idle session: ${(((rssIdle - rssBefore) * 1024) / SESSIONS).toFixed(1)} KB RSS, ${(((heapIdle - heapBefore) * 1024) / SESSIONS).toFixed(1)} KB heap (daemon RSS ${rssIdle.toFixed(0)} MB with every session open)`);

    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    await workers.ask((_i) => ({ cmd: 'drive', visitorRate: RATE / 2 / CLIENT_PROCESSES, agentRate: RATE / 2 / CLIENT_PROCESSES, seconds: SECONDS, agentSend: AGENT_SEND }), 'driven');
    // Let the last messages land: until every acknowledged message is delivered, or 10 s.
    let reports: Report[] = [];
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setTimeout(r, 100));
      reports = await workers.ask<Report>(() => ({ cmd: 'report' }), 'report');
      const c = reports.map((r) => r.counts);
      const sum = (k: 'visitorAcked' | 'agentAcked' | 'toAgent' | 'toVisitor' | 'pendingAcks' | 'visitorSent' | 'agentSent' | 'agentFailed') => c.reduce((n, x) => n + x[k], 0);
      if (sum('pendingAcks') === 0 && sum('visitorAcked') + sum('agentAcked') + sum('agentFailed') === sum('visitorSent') + sum('agentSent') && sum('toAgent') >= sum('visitorAcked') && sum('toVisitor') >= sum('agentAcked')) break;
    }
    const cpu = process.cpuUsage(cpu0);
    const wallMs = performance.now() - wall0;
    const total = (k: keyof Report['counts']) => reports.reduce((n, r) => n + Number(r.counts[k]), 0);
    const stored = await d.handle.db
      .selectFrom('chat_messages')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('author', 'in', ['visitor', 'agent'])
      .executeTakeFirstOrThrow();
    const toAgent = merge(reports.map((r) => r.toAgent));
    const toVisitor = merge(reports.map((r) => r.toVisitor));
    const both = merge([toAgent, toVisitor]);
    const acks = merge(reports.flatMap((r) => [r.visitorAcks, r.agentAcks]));
    const lostToAgent = total('visitorAcked') - total('toAgent');
    const lostToVisitor = total('agentAcked') - total('toVisitor');
    const p99 = histPercentile(both, 0.99);
    const sentAll = total('visitorSent') + total('agentSent');
    console.log(`  ${fmt(RATE)} messages/s for ${SECONDS} s: ${fmt(total('visitorSent'))} from visitors, ${fmt(total('agentSent'))} from agents (${AGENT_SEND === 'rest' ? 'over REST' : 'chat.send on their socket'}; daemon CPU, both its threads, ${((cpu.user + cpu.system) / 10 / wallMs).toFixed(0)} % of one core until every message landed; load ${loadavg()[0]?.toFixed(1)})`);
    console.log(`  daemon CPU per message (both threads): ${((cpu.user + cpu.system) / 1000 / Math.max(1, sentAll)).toFixed(3)} ms   (no goal of its own; at ${fmt(RATE)}/s one core is ${(1000 / RATE).toFixed(3)} ms a message)`);
    console.log(`  delivery, send -> other side:   ${pcts(both)}   goal p99 < ${GOAL_P99_MS} ms: ${verdict(p99 < GOAL_P99_MS)}`);
    console.log(`    visitor -> agent:             ${pcts(toAgent)}`);
    console.log(`    agent -> visitor:             ${pcts(toVisitor)}`);
    console.log(`  send -> acknowledgment (after the commit): ${pcts(acks)}`);
    console.log(`  lost: ${fmt(Math.max(0, lostToAgent))} visitor -> agent, ${fmt(Math.max(0, lostToVisitor))} agent -> visitor; refused sends ${fmt(total('agentFailed'))}   goal 0: ${verdict(lostToAgent <= 0 && lostToVisitor <= 0 && total('agentFailed') === 0)}`);
    const acked = total('visitorAcked') + total('agentAcked');
    console.log(`  durable before acknowledged: ${fmt(Number(stored.n))} rows stored for ${fmt(acked)} acknowledged   goal rows >= acknowledged: ${verdict(Number(stored.n) >= acked)}`);
    const errors = reports.flatMap((r) => Object.entries(r.counts.errors));
    if (errors.length > 0) console.log(`  client errors: ${errors.map(([k, n]) => `${k} x${n}`).join(', ')}`);
  } finally {
    workers.stop();
    await d.close();
  }
}
