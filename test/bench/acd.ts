/**
 * Routing-decision benchmark: 500 queues, 100,000 waiting contacts, every agent busy; an agent
 * finishing a contact is one decision (the engine picks the best contact across all the agent's
 * queues and media and offers it). Measured at 10,000 and at 100 agents on the synchronous engine
 * (effects are produced but not applied: no I/O in the measurement). Also: arrival decisions
 * (a new contact picks the best of many idle agents). Prints, never asserts.
 *
 *   npx tsc -p tsconfig.build.json && node dist/test/bench/acd.js
 */
import { fileURLToPath } from 'node:url';
import { RoutingEngine } from '../../src/acd/routing-engine.js';
import { DEFAULT_ENGINE_CONFIG, type QueueConfig } from '../../src/acd/types.js';

const QUEUES = 500;
const WAITING = Number(process.env.ACD_BENCH_WAITING ?? 100_000);
const QUEUES_PER_AGENT = 5;
const LANGUAGES = ['en', 'de', 'fr', 'es'];
const WARMUP = 3_000;
const MEASURED = 30_000;

/** Deterministic pseudo-random numbers (mulberry32) so runs are comparable. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Stats {
  p50: number;
  p99: number;
  max: number;
  perSecond: number;
  /** CPU time of this process per decision (not inflated when other processes take the cores). */
  cpuP50: number;
  cpuP99: number;
}

/** Wall-clock and CPU samples of the measured decisions. */
class Samples {
  /** Offers each decision made (an agent freed may take a call and chats in one go). */
  offers: number[] = [];
  wallNs: number[] = [];
  cpuUs: number[] = [];
  totalNs = 0;
  time<T>(fn: () => T): T {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const out = fn();
    const ns = Number(process.hrtime.bigint() - t0);
    const c = process.cpuUsage(c0);
    this.wallNs.push(ns);
    this.cpuUs.push(c.user + c.system);
    this.totalNs += ns;
    return out;
  }
}

function pct(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** Wall-clock p99 of the decisions that made exactly one offer. */
function singleOfferP99(s: Samples): number {
  return pct(s.wallNs.filter((_, i) => s.offers[i] === 1), 0.99) / 1000;
}

function offerMix(s: Samples): string {
  const counts = new Map<number, number>();
  for (const n of s.offers) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([n, c]) => `${n} offer${n === 1 ? '' : 's'} ${((100 * c) / s.offers.length).toFixed(0)}%`)
    .join(', ');
}

function stats(s: Samples): Stats {
  return {
    p50: pct(s.wallNs, 0.5) / 1000,
    p99: pct(s.wallNs, 0.99) / 1000,
    max: pct(s.wallNs, 1) / 1000,
    perSecond: Math.round(s.wallNs.length / (s.totalNs / 1e9)),
    cpuP50: pct(s.cpuUs, 0.5),
    cpuP99: pct(s.cpuUs, 0.99),
  };
}

interface World {
  engine: RoutingEngine;
  now: number;
  random: () => number;
  nextContact: number;
}

function build(agents: number): World {
  const random = rng(42);
  let ids = 0;
  const engine = new RoutingEngine({
    config: { ...DEFAULT_ENGINE_CONFIG, maxMissedOffers: 1_000_000 },
    isOpen: () => true,
    random,
    newId: () => `o${++ids}`,
  });
  const world: World = { engine, now: Date.UTC(2026, 10, 23, 9), random, nextContact: 0 };
  const members: string[][] = Array.from({ length: QUEUES }, () => []);
  for (let i = 0; i < agents; i++) {
    const id = `a${i}`;
    const skills: Record<string, number> = {};
    for (const lang of LANGUAGES) if (random() < 0.6) skills[lang] = 1 + Math.floor(random() * 5);
    skills.en = Math.max(skills.en ?? 0, 3);
    engine.run(world.now, () => engine.upsertAgentProfile({ id, skills, teamIds: [`t${i % 50}`] }));
    for (let k = 0; k < QUEUES_PER_AGENT; k++) members[Math.floor(random() * QUEUES)]?.push(id);
  }
  const strategies: QueueConfig['strategy'][] = ['longest_idle', 'round_robin', 'fewest_contacts', 'least_talk_time', 'top_down'];
  for (let q = 0; q < QUEUES; q++) {
    const config: QueueConfig = {
      id: `q${q}`,
      strategy: strategies[q % strategies.length] ?? 'longest_idle',
      priority: q % 3,
      customerLevelPriority: { vip: 50 },
      members: [...new Set(members[q])].map((agentId, order) => ({ agentId, order })),
    };
    engine.run(world.now, () => engine.upsertQueue(config));
  }
  for (let i = 0; i < agents; i++) engine.run(world.now, () => engine.login(`a${i}`, { chatCapacity: 2 }));
  // Keep every agent busy, then fill the queues.
  while (engine.offers.size > 0 || world.nextContact < agents * 3) {
    arrive(world);
    for (const id of [...engine.offers.keys()]) engine.run(world.now, () => engine.acceptOffer(id));
    if (world.nextContact > agents * 4) break;
  }
  while (waiting(engine) < WAITING) arrive(world);
  return world;
}

function waiting(engine: RoutingEngine): number {
  let n = 0;
  for (const q of engine.queues.values()) n += q.line.size;
  return n;
}

function arrive(w: World): string {
  const id = `c${++w.nextContact}`;
  w.now += 1;
  const lang = LANGUAGES[Math.floor(w.random() * LANGUAGES.length)] as string;
  const queueId = `q${Math.floor(w.random() * QUEUES)}`;
  const media = w.random() < 0.7 ? 'voice' : 'chat';
  w.engine.run(w.now, () =>
    w.engine.enqueue({ id, media, queueId, priority: Math.floor(w.random() * 3), requiredSkills: { [lang]: 1 + Math.floor(w.random() * 2) }, ...(w.random() < 0.05 ? { customerLevel: 'vip' } : {}) }),
  );
  return id;
}

/** One agent finishes one contact; the engine decides what that agent gets next. */
function agentDecisions(w: World, count: number, samples: Samples | null): void {
  const { engine } = w;
  const live = () => [...engine.contacts.values()].filter((c) => c.rec.state === 'connected').map((c) => c.rec.id);
  let connected = live();
  for (let i = 0; i < count; i++) {
    if (connected.length === 0) connected = live();
    if (connected.length === 0) return;
    const pick = Math.floor(w.random() * connected.length);
    const contactId = connected[pick] as string;
    w.now += 1;
    const decide = () => engine.run(w.now, () => engine.contactEnded(contactId));
    const { effects } = samples ? samples.time(decide) : decide();
    samples?.offers.push(effects.filter((e) => e.kind === 'deliver').length);
    // Accept whatever was offered (untimed) and top the queues up again.
    let replacement: string | undefined;
    for (const e of effects) {
      if (e.kind !== 'deliver') continue;
      engine.run(w.now, () => engine.acceptOffer(e.offer.id));
      replacement ??= e.offer.contactId;
    }
    if (replacement) connected[pick] = replacement;
    else connected.splice(pick, 1);
    arrive(w);
  }
}

/** Arrivals with many idle agents: the contact picks the best idle agent of its pool. */
function arrivalDecisions(agents: number, count: number): Stats {
  const random = rng(7);
  let ids = 0;
  const engine = new RoutingEngine({ config: DEFAULT_ENGINE_CONFIG, isOpen: () => true, random, newId: () => `o${++ids}` });
  let now = Date.UTC(2026, 10, 23, 9);
  const queues = Math.max(1, Math.min(QUEUES, Math.floor(agents / 20)));
  const members: string[][] = Array.from({ length: queues }, () => []);
  for (let i = 0; i < agents; i++) {
    engine.run(now, () => engine.upsertAgentProfile({ id: `a${i}`, skills: { en: 3 }, teamIds: [] }));
    for (let k = 0; k < QUEUES_PER_AGENT; k++) members[Math.floor(random() * queues)]?.push(`a${i}`);
  }
  for (let q = 0; q < queues; q++) engine.run(now, () => engine.upsertQueue({ id: `q${q}`, strategy: 'longest_idle', members: [...new Set(members[q])].map((agentId) => ({ agentId })) }));
  for (let i = 0; i < agents; i++) engine.run(now, () => engine.login(`a${i}`));
  const samples = new Samples();
  for (let i = 0; i < count + WARMUP; i++) {
    now += 1;
    const id = `c${i}`;
    const queueId = `q${Math.floor(random() * queues)}`;
    const decide = () => engine.run(now, () => engine.enqueue({ id, media: 'voice', queueId }));
    const { effects } = i >= WARMUP ? samples.time(decide) : decide();
    // Release the agent at once so the pool of idle agents stays large.
    for (const e of effects) {
      if (e.kind !== 'deliver') continue;
      engine.run(now, () => engine.acceptOffer(e.offer.id));
      engine.run(now, () => engine.contactEnded(id));
    }
    if (engine.contacts.get(id)) engine.run(now, () => engine.abandon(id));
  }
  return stats(samples);
}

/**
 * One long line: LINE_WAITING contacts in one queue whose agents are all busy. An arrival is one
 * decision that also computes the newcomer's position and estimated wait (what the caller hears);
 * after it a contact from the middle of the line abandons (untimed), so the line stays as long.
 * Also: a position read of a random waiting contact, and a queue snapshot read (the whole line).
 */
const LINE_WAITING = Number(process.env.ACD_BENCH_LINE ?? 100_000);
const LINE_MEASURED = 20_000;
const SNAPSHOTS = 20;

const FLOOR_REFRESHES = 2_000;

function lineDecisions(): { enqueue: Stats; position: Stats; snapshot: Stats; floor: Stats; floorAgrees: boolean; waiting: number; buildMs: number } {
  const t0 = Date.now();
  const random = rng(11);
  let ids = 0;
  const engine = new RoutingEngine({ config: DEFAULT_ENGINE_CONFIG, isOpen: () => true, random, newId: () => `o${++ids}` });
  let now = Date.UTC(2026, 10, 23, 9);
  const agents = 50;
  for (let i = 0; i < agents; i++) engine.run(now, () => engine.upsertAgentProfile({ id: `a${i}`, skills: { en: 3 }, teamIds: [] }));
  engine.run(now, () => engine.upsertQueue({ id: 'long', strategy: 'longest_idle', customerLevelPriority: { vip: 50 }, members: Array.from({ length: agents }, (_, i) => ({ agentId: `a${i}` })) }));
  for (let i = 0; i < agents; i++) engine.run(now, () => engine.login(`a${i}`, { chatCapacity: 0 }));
  let next = 0;
  const waitingIds: string[] = [];
  const arrive = () => {
    const id = `c${++next}`;
    now += 1;
    const input = { id, media: 'voice' as const, queueId: 'long', priority: Math.floor(random() * 3), ...(random() < 0.05 ? { customerLevel: 'vip' } : {}) };
    return { id, decide: () => engine.run(now, () => engine.enqueue(input)) };
  };
  // Busy agents first (their offers accepted), then the line.
  for (let i = 0; i < agents; i++) {
    const { effects } = arrive().decide();
    for (const e of effects) if (e.kind === 'deliver') engine.run(now, () => engine.acceptOffer(e.offer.id));
  }
  while (waitingIds.length < LINE_WAITING) {
    const a = arrive();
    a.decide();
    waitingIds.push(a.id);
  }
  const buildMs = Date.now() - t0;
  const enqueue = new Samples();
  const position = new Samples();
  for (let i = 0; i < LINE_MEASURED + WARMUP; i++) {
    const a = arrive();
    if (i >= WARMUP) enqueue.time(a.decide);
    else a.decide();
    waitingIds.push(a.id);
    const pick = Math.floor(random() * waitingIds.length);
    const gone = waitingIds[pick] as string;
    waitingIds[pick] = waitingIds[waitingIds.length - 1] as string;
    waitingIds.pop();
    engine.run(now, () => engine.abandon(gone));
    const probe = waitingIds[Math.floor(random() * waitingIds.length)] as string;
    if (i >= WARMUP) position.time(() => engine.position(probe));
  }
  const snapshot = new Samples();
  for (let i = 0; i < SNAPSHOTS; i++) snapshot.time(() => engine.queueSnapshot('long'));
  // What one floor refresh asks of the engine (queueFiguresOf and floorSnapshotOf): every queue's
  // kept figures and the waiting chats; before, this was a full snapshot per queue.
  const floor = new Samples();
  const refresh = () => {
    const figures = [...engine.queues.keys()].map((q) => engine.queueFigures(q));
    return { figures, chats: engine.waitingChats() };
  };
  for (let i = 0; i < FLOOR_REFRESHES; i++) floor.time(refresh);
  // The figures must be the ones a snapshot gives, or the speed means nothing.
  const snap = engine.queueSnapshot('long');
  const kept = engine.queueFigures('long');
  const floorAgrees = kept.waiting.total === snap.contacts.length && kept.longestWaitMs === snap.contacts.reduce((m, c) => Math.max(m, c.waitedMs), 0) && kept.available.voice === snap.available.voice;
  return { enqueue: stats(enqueue), position: stats(position), snapshot: stats(snapshot), floor: stats(floor), floorAgrees, waiting: engine.queues.get('long')?.line.size ?? 0, buildMs };
}

export async function runLineBench(): Promise<void> {
  const r = lineDecisions();
  console.log(`Queue line: one queue, ${r.waiting.toLocaleString('en-US')} waiting (setup ${r.buildMs} ms), every agent busy, 5% VIP, priorities 0-2, an abandon from the middle after each arrival`);
  console.log(line('    contact arrives -> position', r.enqueue) + `   (target: p99 < 50 µs)`);
  console.log(line('    position of a waiting contact', r.position));
  console.log(line(`    queue snapshot (${SNAPSHOTS} reads)`, r.snapshot));
  console.log(line('    floor refresh (queue figures)', r.floor) + `   (target: p99 < 1,000 µs; figures ${r.floorAgrees ? 'equal' : 'DIFFER from'} the snapshot's)`);
}

function measure(agents: number): { agent: Stats; arrival: Stats; waiting: number; buildMs: number; poolsPerAgent: number; mix: string; singleP99: number } {
  const t0 = Date.now();
  const world = build(agents);
  const buildMs = Date.now() - t0;
  agentDecisions(world, WARMUP, null);
  const samples = new Samples();
  agentDecisions(world, MEASURED, samples);
  let links = 0;
  for (const a of world.engine.agents.values()) links += a.pools.voice.length + a.pools.chat.length;
  const poolsPerAgent = links / world.engine.agents.size;
  return { agent: stats(samples), arrival: arrivalDecisions(agents, MEASURED), waiting: waiting(world.engine), buildMs, poolsPerAgent, mix: offerMix(samples), singleP99: singleOfferP99(samples) };
}

function line(label: string, s: Stats): string {
  return (
    `${label.padEnd(32)} wall p50 ${s.p50.toFixed(1).padStart(6)} µs  p99 ${s.p99.toFixed(1).padStart(7)} µs  ${s.perSecond.toLocaleString('en-US').padStart(8)}/s` +
    `   | cpu p50 ${s.cpuP50.toFixed(0).padStart(3)} µs  p99 ${s.cpuP99.toFixed(0).padStart(4)} µs`
  );
}

export { build as buildAcdWorld, agentDecisions as runAgentDecisions, arrivalDecisions as runArrivalDecisions };

export async function runAcdBench(): Promise<void> {
  await runLineBench();
  console.log(`ACD routing decisions: ${QUEUES} queues, ${WAITING.toLocaleString('en-US')} waiting contacts, ${QUEUES_PER_AGENT} queues per agent, voice + chat, skills with levels`);
  const large = measure(10_000);
  console.log(`  10,000 agents (setup ${large.buildMs} ms, ${large.waiting.toLocaleString('en-US')} waiting, ${large.poolsPerAgent.toFixed(1)} pools per agent)`);
  console.log(line('    agent frees -> next contact', large.agent));
  console.log(`      (${large.mix}; p99 of one-offer decisions ${large.singleP99.toFixed(1)} µs)`);
  console.log(line('    contact arrives -> idle agent', large.arrival));
  const small = measure(100);
  console.log(`  100 agents (setup ${small.buildMs} ms, ${small.waiting.toLocaleString('en-US')} waiting, ${small.poolsPerAgent.toFixed(1)} pools per agent)`);
  console.log(line('    agent frees -> next contact', small.agent));
  console.log(`      (${small.mix}; p99 of one-offer decisions ${small.singleP99.toFixed(1)} µs)`);
  console.log(line('    contact arrives -> idle agent', small.arrival));
  const r = (x: number, y: number) => (y > 0 ? (x / y).toFixed(2) : 'n/a');
  console.log(`  p99 ratio 10,000 / 100 agents: agent-side wall ${r(large.agent.p99, small.agent.p99)} cpu ${r(large.agent.cpuP99, small.agent.cpuP99)}; arrival wall ${r(large.arrival.p99, small.arrival.p99)} cpu ${r(large.arrival.cpuP99, small.arrival.cpuP99)}`);
  console.log(`  (targets: p99 < 50 µs at 10,000 agents, ratio < 3; load average now ${(await import('node:os')).loadavg()[0]?.toFixed(1)} on ${(await import('node:os')).cpus().length} cores)`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runAcdBench();
}
