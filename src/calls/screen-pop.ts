/**
 * The screen-pop: what the agent's toolbar shows about a call from the moment their phone rings.
 * It is put together from the live call (while it lasts) or its stored record, the IVR trace,
 * the customer found by the far end's number, and that number's earlier calls.
 *
 * Who may see it is the caller's decision (the route): `parties` says which agents were rung
 * for, talked on or were consulted on the call.
 */
import type { Clock } from '../core/clock.js';
import { customerNumber, type CallLeg, type CallRecord, type CallTransition } from './call-model.js';
import type { CallInfoLike } from './call-view.js';
import type { CallHistoryReader } from './history-ports.js';
import type { CallRecordReader } from './ports.js';

export interface PopIvrStep {
  node: string;
  kind: string;
  /** Keys the caller pressed in this node. */
  digits?: string;
  /** What a speech menu understood the caller to say. */
  speech?: string;
}

export interface PopCustomer {
  id: string;
  name: string;
  company?: string;
  level?: string;
  tags: string[];
  numbers: string[];
}

/** What the configured CRM answered about the caller (docs/crm-lookup.md). */
export interface PopCrm {
  name?: string;
  company?: string;
  level?: string;
  tags: string[];
  fields: Record<string, string>;
  link?: string;
}

export interface PopPreviousCall {
  id: string;
  startedAt: number;
  direction: 'inbound' | 'outbound';
  outcome?: string;
  agentName?: string;
  queueName?: string;
}

export interface ScreenPop {
  callId: string;
  from: string;
  callerName: string;
  to: string;
  queue: { id: string; name: string } | null;
  /** How long the caller waited in the queue: until answered, or until now while still waiting. */
  waitedMs: number;
  ivr: PopIvrStep[];
  customer: PopCustomer | null;
  /** The CRM's answer; null when none is configured, it knows nothing or did not answer in time. */
  crm: PopCrm | null;
  previousCalls: PopPreviousCall[];
}

/** The IVR trace's steps as the pop needs them (src/ivr/ports.ts TraceStore behind it). */
export interface PopTraceReader {
  stepsOf(callId: string): Promise<{ node: string; kind: string; digits: string; result: string | null }[] | undefined>;
}

export interface ScreenPopDeps {
  clock: Clock;
  /** The live call, while it lasts. */
  liveCall(callId: string): CallInfoLike | undefined;
  records: Pick<CallRecordReader, 'get'>;
  history: Pick<CallHistoryReader, 'callsWithNumber'>;
  traces: PopTraceReader;
  /** The customer holding this number (any notation), if any. */
  customerByNumber(number: string): Promise<PopCustomer | undefined>;
  /** Every stored notation of a number that should match it (`+4930...`, `4930...`). */
  numberForms(number: string): string[];
  /** When the caller entered the first queue of the call, as the routing engine knows it. */
  queuedSince?(callId: string): number | undefined;
  queueName(queueId: string): Promise<string | undefined>;
  agentName(agentId: string): Promise<string | undefined>;
  /** The CRM's answer about a number (cached since the call arrived; never rejects). */
  crmByNumber?(number: string): Promise<PopCrm | undefined>;
}

const PREVIOUS_CALLS = 5;
/** A speech menu's trace result for a phrase it understood (src/ivr/nodes/speech-menu.ts). */
const SAID = /^said "(.*)"$/;

interface CallFacts {
  record: Pick<CallRecord, 'id' | 'direction' | 'from' | 'to' | 'callerName' | 'queueId' | 'agentId' | 'startedAt' | 'answeredAt' | 'endedAt'>;
  legs: CallLeg[];
  timeline: CallTransition[];
}

export class ScreenPopService {
  constructor(private readonly deps: ScreenPopDeps) {}

  /**
   * The call's parties (agents rung for it, on it or consulted on it: who may see it is the
   * caller's decision) and the pop itself, built only when asked for; undefined for no such call.
   */
  async open(callId: string): Promise<{ parties: Set<string>; build(): Promise<ScreenPop> } | undefined> {
    const facts = await this.facts(callId);
    if (!facts) return undefined;
    const agents = [facts.record.agentId, ...facts.legs.map((l) => l.agentId)].filter((a): a is string => a !== undefined);
    return { parties: new Set(agents), build: () => this.build(facts) };
  }

  private async build(facts: CallFacts): Promise<ScreenPop> {
    const { record } = facts;
    const callId = record.id;
    const far = customerNumber(record);
    const names = new Names(this.deps);
    const [steps, customer, earlier, queueName, crm] = await Promise.all([
      this.deps.traces.stepsOf(callId),
      far ? this.deps.customerByNumber(far) : Promise.resolve(undefined),
      far ? this.deps.history.callsWithNumber(this.deps.numberForms(far), record.startedAt, callId, PREVIOUS_CALLS) : Promise.resolve([]),
      record.queueId ? names.queue(record.queueId) : Promise.resolve(undefined),
      far && this.deps.crmByNumber && record.direction === 'inbound' ? this.deps.crmByNumber(far) : Promise.resolve(undefined),
    ]);
    return {
      callId,
      from: record.from,
      callerName: record.callerName,
      to: record.to,
      queue: record.queueId ? { id: record.queueId, name: queueName ?? record.queueId } : null,
      waitedMs: this.waitedMs(facts),
      ivr: (steps ?? []).map(ivrStep),
      customer: customer ?? null,
      crm: crm ?? null,
      previousCalls: await Promise.all(earlier.map((c) => previousCall(c, names))),
    };
  }

  /** The live call when there is one (the store may lag a write behind), else the stored record. */
  private async facts(callId: string): Promise<CallFacts | undefined> {
    const live = this.deps.liveCall(callId);
    const stored = await this.deps.records.get(callId);
    if (live) {
      const { id, direction, from, to, callerName, queueId, agentId, startedAt, answeredAt } = live;
      const record = { id, direction, from, to, callerName, startedAt, ...(queueId ? { queueId } : {}), ...(agentId ? { agentId } : {}), ...(answeredAt !== undefined ? { answeredAt } : {}) };
      return { record, legs: live.legs, timeline: stored?.timeline ?? [] };
    }
    return stored ? { record: stored.call, legs: stored.legs, timeline: stored.timeline } : undefined;
  }

  private waitedMs({ record, timeline }: CallFacts): number {
    const queued = this.deps.queuedSince?.(record.id) ?? timeline.find((t) => t.event === 'queue_entered')?.at;
    if (queued === undefined) return 0;
    const until = record.answeredAt ?? record.endedAt ?? this.deps.clock.now();
    return Math.max(0, until - queued);
  }
}

function ivrStep(s: { node: string; kind: string; digits: string; result: string | null }): PopIvrStep {
  const said = s.result ? SAID.exec(s.result)?.[1] : undefined;
  return { node: s.node, kind: s.kind, ...(s.digits ? { digits: s.digits } : {}), ...(said !== undefined ? { speech: said } : {}) };
}

async function previousCall(c: CallRecord, names: Names): Promise<PopPreviousCall> {
  const [agentName, queueName] = await Promise.all([c.agentId ? names.agent(c.agentId) : undefined, c.queueId ? names.queue(c.queueId) : undefined]);
  return {
    id: c.id,
    startedAt: c.startedAt,
    direction: c.direction,
    ...(c.outcome ? { outcome: c.outcome } : {}),
    ...(agentName ? { agentName } : {}),
    ...(queueName ? { queueName } : {}),
  };
}

/** Each queue or agent name looked up once per pop (five earlier calls often share them). */
class Names {
  private readonly queues = new Map<string, Promise<string | undefined>>();
  private readonly agents = new Map<string, Promise<string | undefined>>();
  constructor(private readonly deps: Pick<ScreenPopDeps, 'queueName' | 'agentName'>) {}

  queue(id: string): Promise<string | undefined> {
    let p = this.queues.get(id);
    if (!p) this.queues.set(id, (p = this.deps.queueName(id)));
    return p;
  }

  agent(id: string): Promise<string | undefined> {
    let p = this.agents.get(id);
    if (!p) this.agents.set(id, (p = this.deps.agentName(id)));
    return p;
  }
}
