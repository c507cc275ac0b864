import type { AgentRecord } from '../agents/agent-state.js';
import type { ContactRecord, OfferRecord } from './ports.js';
import type { AgentProfile, MediaClass, QueueConfig, QueueMember } from './types.js';
import type { IndexedHeap } from './heap.js';
import { ContactLine } from './contact-line.js';

/**
 * The engine's in-memory model. Records are the persisted truth; the rest is index.
 *
 * A pool is (queue, media class, effective skill requirement): every contact in a pool can be
 * served by exactly the same agents, so a pool orders its contacts in one heap and keeps the
 * idle agents able to serve them in one strategy-ordered structure. An agent is linked to every
 * pool it qualifies for; an agent's decision only looks at the heads of its own pools.
 */

export interface ContactEntry {
  rec: ContactRecord;
  /** Pool while waiting (null while offered, connected or ended). */
  pool: Pool | null;
  offers: Set<OfferEntry>;
}

export interface OfferEntry {
  rec: OfferRecord;
  contact: ContactEntry;
  agent: AgentEntry;
  /** For `transferred`: the agent who holds the contact until this offer is accepted. */
  fromAgentId: string | null;
}

export interface AgentEntry {
  rec: AgentRecord;
  profile: AgentProfile;
  /** Pools this agent qualifies for, per media class. */
  pools: { voice: Pool[]; chat: Pool[] };
  /** Those pools' slots in the engine's HeadTable (same order as `pools`). */
  slots: { voice: number[]; chat: number[] };
  /** Whether the agent is currently indexed as idle for the class. */
  idle: { voice: boolean; chat: boolean };
  offers: Set<OfferEntry>;
  /**
   * Contacts holding a decline of this agent (see ContactRecord.declinedUntil). Never below the
   * truth (it drops when a decline is lifted or its contact ends), so at 0 the agent has declined
   * nothing and its decisions need not look at the contacts' declines at all.
   */
  declines: number;
  /** Queues listing this agent as a member. */
  memberOf: Set<QueueEntry>;
}

export interface QueueEntry {
  config: QueueConfig;
  members: Map<string, QueueMember>;
  /** Contacts in line (waiting or being offered), with each one's place and the line's figures (contact-line.ts). */
  line: ContactLine;
  pools: Map<string, Pool>;
  /** Recent handle times (a ring of the engine's `handleTimeSamples`; `handleNext` is the oldest once full) and their sum. */
  handleTimes: number[];
  handleNext: number;
  handleSum: number;
  /** Logged-in members: voice slots (one each) and chat slots (their capacities), kept incrementally. */
  staffed: { voice: number; chat: number };
  /** Members free right now per class (kept with the agents' idle flags; feeds the estimated wait). */
  free: { voice: number; chat: number };
}

export interface IdleSelector {
  add(agent: AgentEntry): void;
  remove(agent: AgentEntry): void;
  /** The agent's ordering key changed while it stayed idle. */
  update(agent: AgentEntry): void;
  /** Best idle agent the filter accepts. */
  pick(ok: (agent: AgentEntry) => boolean): AgentEntry | undefined;
  all(): Iterable<AgentEntry>;
  readonly size: number;
}

/**
 * The head (rank, sequence) of every pool of the engine, side by side in one typed array:
 * `keys[2 * slot]` and `keys[2 * slot + 1]`. An agent choosing its next contact reads its pools'
 * heads here and nowhere else: one compact block (16 bytes per pool, warm because every decision
 * reads it) instead of scattered objects per queue or pool, which cost a cache miss each and are
 * what made the decision slow at 10,000 agents. Infinity marks an empty pool; the slots of
 * discarded pools are reused.
 */
export interface HeadTable {
  keys: Float64Array;
  count: number;
  free: number[];
}

export function newHeadTable(): HeadTable {
  return { keys: new Float64Array(128).fill(Infinity), count: 0, free: [] };
}

/** A slot for a new pool (the array doubles when full). */
export function allocateSlot(t: HeadTable): number {
  const reused = t.free.pop();
  if (reused !== undefined) return reused;
  if (2 * (t.count + 1) > t.keys.length) {
    const keys = new Float64Array(t.keys.length * 2).fill(Infinity);
    keys.set(t.keys);
    t.keys = keys;
  }
  return t.count++;
}

/** The pool is discarded (queue rebuilt or removed) and holds no contact any more. */
export function releaseSlot(t: HeadTable, slot: number): void {
  t.keys[2 * slot] = Infinity;
  t.keys[2 * slot + 1] = Infinity;
  t.free.push(slot);
}

export function addAgentPool(a: AgentEntry, pool: Pool): void {
  a.pools[pool.cls].push(pool);
  a.slots[pool.cls].push(pool.slot);
}

export function removeAgentPool(a: AgentEntry, pool: Pool): void {
  const i = a.pools[pool.cls].indexOf(pool);
  if (i < 0) return;
  a.pools[pool.cls].splice(i, 1);
  a.slots[pool.cls].splice(i, 1);
}

/**
 * The agent's best pool head (lowest rank, then sequence) among the classes it has room for, read
 * from the head table alone: the pools and contacts themselves are not touched. Only valid when
 * the agent has declined nothing (a declined head would not be its candidate).
 */
export function bestHead(keys: Float64Array, a: AgentEntry, voiceRoom: boolean, chatRoom: boolean): Pool | undefined {
  let best: Pool | undefined;
  let bestRank = Infinity;
  let bestSeq = Infinity;
  for (let k = 0; k < 2; k++) {
    if (!(k === 0 ? voiceRoom : chatRoom)) continue;
    const slots = k === 0 ? a.slots.voice : a.slots.chat;
    for (let i = 0; i < slots.length; i++) {
      const at = 2 * (slots[i] as number);
      const rank = keys[at] as number;
      if (rank > bestRank || rank === Infinity) continue;
      const seq = keys[at + 1] as number;
      if (rank === bestRank && seq >= bestSeq) continue;
      bestRank = rank;
      bestSeq = seq;
      best = (k === 0 ? a.pools.voice : a.pools.chat)[i];
    }
  }
  return best;
}

export interface Pool {
  key: string;
  /** Index into the engine's HeadTable (`heads`, shared by every pool). */
  slot: number;
  heads: HeadTable;
  queue: QueueEntry;
  cls: MediaClass;
  requirement: Record<string, number>;
  contacts: IndexedHeap<ContactEntry>;
  /** The head's rank and sequence, cached here so an agent scanning its pools touches little memory. */
  headRank: number;
  headSeq: number;
  eligible: Set<AgentEntry>;
  idle: IdleSelector;
}

/** Line order: rank, then arrival sequence (unique, so no further tie); the same as the pools' heaps. */
export function newLine(): ContactLine {
  return new ContactLine();
}

export function contactBefore(a: ContactEntry, b: ContactEntry): boolean {
  return a.rec.rank < b.rec.rank || (a.rec.rank === b.rec.rank && a.rec.seq < b.rec.seq);
}

export function qualifies(profile: AgentProfile, requirement: Record<string, number>): boolean {
  for (const skill in requirement) {
    const need = requirement[skill] ?? 0;
    const have = profile.skills[skill];
    if (have === undefined || have < need) return false;
  }
  return true;
}

export function requirementKey(requirement: Record<string, number>): string {
  return Object.keys(requirement)
    .sort()
    .map((k) => `${k}\u001e${requirement[k]}`)
    .join('\u001f');
}

/** Queue minimums merged with the contact's own, then the relaxation steps reached so far. */
export function effectiveRequirement(queue: QueueConfig, contact: ContactRecord): Record<string, number> {
  const merged: Record<string, number> = { ...(queue.requiredSkills ?? {}) };
  for (const [skill, level] of Object.entries(contact.requiredSkills)) {
    merged[skill] = Math.max(merged[skill] ?? 0, level);
  }
  let lower = 0;
  let cap = Number.POSITIVE_INFINITY;
  const dropped = new Set<string>();
  const steps = queue.relaxation ?? [];
  for (let i = 0; i < contact.relaxStep && i < steps.length; i++) {
    const step = steps[i];
    if (!step) continue;
    lower += step.lowerLevelsBy ?? 0;
    if (step.acceptLevel !== undefined) cap = Math.min(cap, step.acceptLevel);
    for (const s of step.dropSkills ?? []) dropped.add(s);
  }
  const out: Record<string, number> = {};
  for (const [skill, level] of Object.entries(merged)) {
    if (dropped.has(skill)) continue;
    out[skill] = Math.max(0, Math.min(cap, level - lower));
  }
  return out;
}

/** Priority points of a contact in a queue: its own, the queue's, and its customer level's. */
export function effectivePriority(queue: QueueConfig, contact: Pick<ContactRecord, 'priority' | 'customerLevel'>): number {
  const level = contact.customerLevel ? (queue.customerLevelPriority?.[contact.customerLevel] ?? 0) : 0;
  return contact.priority + (queue.priority ?? 0) + level;
}

/**
 * The contact's place in line as one time-invariant number: arrival time minus what its priority
 * is worth in waiting time. Lower goes first; because every contact ages at the same rate the
 * order never changes while they wait, so a heap can hold it.
 */
export function rankOf(queue: QueueConfig, contact: Pick<ContactRecord, 'priority' | 'customerLevel' | 'enqueuedAt'>, defaultAgingMs: number): number {
  return contact.enqueuedAt - effectivePriority(queue, contact) * (queue.agingMsPerPriority ?? defaultAgingMs);
}

/**
 * The whole engine state: the records with their indexes, the engine-wide counters, and what the
 * commands keep between them. Every engine module works on this object (through EngineContext,
 * engine-core.ts); nothing else holds engine state.
 */
export interface EngineState {
  readonly queues: Map<string, QueueEntry>;
  readonly agents: Map<string, AgentEntry>;
  /** Contacts not ended. */
  readonly contacts: Map<string, ContactEntry>;
  /** Open offers. */
  readonly offers: Map<string, OfferEntry>;
  /** Head keys of every pool (see HeadTable). */
  readonly heads: HeadTable;
  /** Last contact arrival sequence and last offer sequence handed out. */
  seq: number;
  offerSeq: number;
  /** Agents removed from the configuration: they cannot log in until configured anew. */
  readonly removedAgents: Set<string>;
  /** Queues with a close timer, and its instant (Infinity: the calendar never closes). */
  readonly closeAt: Map<QueueEntry, number>;
  /** Click-to-dial calls in progress: contact id -> agent. Not stored: a restart ends them anyway. */
  readonly outboundCalls: Map<string, string>;
  /** Scratch arrays of the agent-side decision, reused so a decision makes no garbage (it never nests). */
  readonly scratch: { pools: Pool[]; chats: boolean[]; ranks: number[]; seqs: number[]; checked: boolean[] };
}

export function newEngineState(): EngineState {
  return {
    queues: new Map(),
    agents: new Map(),
    contacts: new Map(),
    offers: new Map(),
    heads: newHeadTable(),
    seq: 0,
    offerSeq: 0,
    removedAgents: new Set(),
    closeAt: new Map(),
    outboundCalls: new Map(),
    scratch: { pools: [], chats: [], ranks: [], seqs: [], checked: [] },
  };
}
