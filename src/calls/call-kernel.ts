/**
 * The heart of call handling: the live calls, the one place their state machine is stepped, and
 * the write-behind of every transition, leg and record. The inbound flow, the offer handling, the
 * agent controls and the effect runner all go through `dispatch` here.
 */
import { BackgroundTasks, type BackgroundOptions } from '../core/background-tasks.js';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { DomainEvent, EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';
import type { MediaServer } from '../pbx/port.js';
import type { CallsConfig } from './call-config.js';
import type { CallLeg, CallRecord } from './call-model.js';
import { canApply, reduce, type CallEffect, type CallEvent } from './call-state.js';
import { agentsOn, publishTransition } from './call-events.js';
import { newLiveCall, type LiveCall } from './live-call.js';
import type { AgentDirectory, CallerRoutingPort, CallRecorder, CallStore, IvrPort, RoutingPort } from './ports.js';

export interface CallDeps {
  pbx: MediaServer;
  routing: RoutingPort;
  ivr: IvrPort;
  directory: AgentDirectory;
  store: CallStore;
  recorder?: CallRecorder;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  config: CallsConfig;
  newId: () => string;
  /** Where work nobody awaits goes (its failures are logged and counted); log-only when omitted. */
  background?: BackgroundTasks;
  /** The CRM lookup's routing for a caller's number (absent: no CRM configured). */
  callerRouting?: CallerRoutingPort;
}

export type EffectSink = (call: LiveCall, effects: CallEffect[]) => void;

export class CallKernel {
  readonly calls = new Map<string, LiveCall>();
  private readonly byLeg = new Map<string, LiveCall>();
  private readonly byContact = new Map<string, LiveCall>();
  private effectSink: EffectSink = () => {};
  private readonly endedListeners = new Set<(call: LiveCall) => void>();
  /** Work nobody awaits; `spawn` is the usual way in for a call's own work. */
  readonly background: BackgroundTasks;

  constructor(readonly deps: CallDeps) {
    this.background = deps.background ?? new BackgroundTasks(deps.log);
  }

  setEffectSink(sink: EffectSink): void {
    this.effectSink = sink;
  }

  onEnded(listener: (call: LiveCall) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  create(record: CallRecord, state: LiveCall['state']): LiveCall {
    const call = newLiveCall(record, state);
    this.calls.set(record.id, call);
    if (state.contactId) this.byContact.set(state.contactId, call);
    this.write(call, (s) => s.saveCall({ ...record }));
    return call;
  }

  /** A call of a previous run put back as it was (call-recovery.ts): its legs and contact map to it again. */
  adopt(call: LiveCall): void {
    this.calls.set(call.record.id, call);
    for (const legId of call.legs.keys()) this.byLeg.set(legId, call);
    if (call.state.contactId) this.byContact.set(call.state.contactId, call);
  }

  get(callId: string): LiveCall {
    const call = this.calls.get(callId);
    if (!call) throw new AppError('NOT_FOUND', `No call ${callId} is in progress`, { callId });
    return call;
  }

  callOfLeg(legId: string): LiveCall | undefined {
    return this.byLeg.get(legId);
  }

  callOfContact(contactId: string): LiveCall | undefined {
    return this.byContact.get(contactId);
  }

  bindContact(call: LiveCall, contactId: string): void {
    this.byContact.set(contactId, call);
  }

  addLeg(call: LiveCall, leg: Omit<CallLeg, 'callId' | 'createdAt'>): CallLeg {
    const full: CallLeg = { ...leg, callId: call.record.id, createdAt: this.deps.clock.now() };
    call.legs.set(full.id, full);
    this.byLeg.set(full.id, call);
    this.saveLeg(call, full);
    return full;
  }

  saveLeg(call: LiveCall, leg: CallLeg): void {
    const copy = { ...leg };
    this.write(call, (s) => s.saveLeg(copy));
  }

  /** True when the event is allowed now (without applying it). */
  allows(call: LiveCall, type: CallEvent['type']): boolean {
    return canApply(call.state, type);
  }

  /**
   * Step the machine. Events that arrive after their moment passed (a hang-up after the call
   * ended, a late answer) are dropped with a debug line and `false`; `strict` turns that into
   * INVALID_TRANSITION for requests made by people (agent controls).
   */
  dispatch(call: LiveCall, event: CallEvent, details: Record<string, string> = {}, strict = false): boolean {
    if (!canApply(call.state, event.type)) {
      if (strict) reduce(call.state, event);
      this.deps.log.debug({ callId: call.record.id, state: call.state.name, event: event.type }, 'call event ignored');
      return false;
    }
    const before = agentsOn(call);
    const t = reduce(call.state, event);
    call.state = t.state;
    const at = this.deps.clock.now();
    this.syncRecord(call, at);
    const transition = { callId: call.record.id, seq: ++call.seq, at, from: t.from, event: event.type, to: t.to, details };
    this.deps.log.info({ callId: call.record.id, details }, `call ${t.from} -${event.type}-> ${t.to}`);
    const record = { ...call.record };
    this.write(call, async (s) => {
      await s.appendTransition(transition);
      await s.saveCall(record);
    });
    publishTransition(this, call, event, t.from, t.to, before);
    this.effectSink(call, t.effects);
    if (t.to === 'ended') this.finish(call);
    return true;
  }

  /** A timeline entry that is not a state change (mute, recording). */
  mark(call: LiveCall, event: string, details: Record<string, string> = {}): void {
    const name = call.state.name;
    const transition = { callId: call.record.id, seq: ++call.seq, at: this.deps.clock.now(), from: name, event, to: name, details };
    this.write(call, (s) => s.appendTransition(transition));
  }

  publish(event: DomainEvent): void {
    this.deps.bus.publish(event);
  }

  /** Queue a store write behind the call's earlier ones; a failed write is logged, never thrown. */
  write(call: LiveCall, op: (store: CallStore) => Promise<void>): void {
    call.writes = call.writes
      .then(() => op(this.deps.store))
      .catch((err: unknown) => this.deps.log.error({ callId: call.record.id, err }, 'storing the call failed'));
    this.track(call.writes);
  }

  /** Resolves once the call's writes queued so far are done (never rejects; an unknown call: at once). */
  writtenSoFar(callId: string): Promise<void> {
    return this.calls.get(callId)?.writes ?? Promise.resolve();
  }

  private readonly pending = new Set<Promise<void>>();

  private track(p: Promise<void>): void {
    this.pending.add(p);
    // Every tracked promise is one that never rejects (write, media and working catch theirs).
    void p.finally(() => this.pending.delete(p));
  }

  /**
   * Work for a call that nobody awaits (an announcement, a report to the engine, a survey): a
   * failure is logged with the call id and counted per task instead of vanishing. `task` is a
   * fixed name, never an id. settle() does not wait for it (it may wait for the caller).
   */
  spawn(task: string, call: LiveCall | undefined, work: () => Promise<unknown>, options?: BackgroundOptions): void {
    this.background.run(task, work, call ? { callId: call.record.id } : {}, options);
  }

  /**
   * Work that needs neither the caller nor time to pass (an inbound flow's lookups and queue
   * entry, restart recovery): settle() waits for it. Returned unchanged; its failure is the
   * caller's to handle.
   */
  working<T>(work: Promise<T>): Promise<T> {
    this.track(work.then(
      () => undefined,
      () => undefined,
    ));
    return work;
  }

  /** Queue a media operation behind the call's earlier ones. Never rejects: a failed step is logged. */
  media(call: LiveCall, op: () => Promise<void>): Promise<void> {
    const next = call.media.then(op).catch((err: unknown) => {
      this.deps.log.warn({ callId: call.record.id, err }, 'call media step failed');
    });
    call.media = next;
    this.track(next);
    return next;
  }

  /**
   * Resolves once every queued store write, media step and working flow of every call is done
   * (tests, shutdown). One turn of the event loop is let by before answering: work handed on
   * from a finished step to its follower (an IVR run's lookups to its queue entry) is tracked a
   * few promise hops later, and must be seen.
   */
  async settle(): Promise<void> {
    for (;;) {
      while (this.pending.size > 0) await Promise.all([...this.pending]);
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.pending.size === 0) return;
    }
  }

  /**
   * Resolves once the work queued so far is done; unlike settle() it does not wait for work queued
   * meanwhile, so a busy center cannot keep it waiting (readers of the stored calls after an event).
   */
  async settledSoFar(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private syncRecord(call: LiveCall, at: number): void {
    const s = call.state;
    const r = call.record;
    r.state = s.name;
    if (s.contactId) r.contactId = s.contactId;
    if (s.queueId) r.queueId = s.queueId;
    const agentId = s.counterpart?.agentId ?? s.offer?.agentId;
    if (agentId) r.agentId = agentId;
    if (s.everAnswered && r.answeredAt === undefined) r.answeredAt = at;
    if (s.name === 'ended') {
      r.endedAt = at;
      r.outcome = s.outcome;
      r.hungUpBy = s.hungUpBy;
    }
  }

  private finish(call: LiveCall): void {
    const { clock } = this.deps;
    clock.clearTimeout(call.ringTimer);
    clock.clearTimeout(call.consultTimer);
    clock.clearTimeout(call.announceTimer);
    this.calls.delete(call.record.id);
    for (const [contactId, c] of this.byContact) if (c === call) this.byContact.delete(contactId);
    // Legs stay mapped until their hang-up arrives, so each leg's end is still recorded.
    for (const l of this.endedListeners) l(call);
  }

  /**
   * The media server refused to originate this leg (down, or it said no): it never rang, and no
   * hang-up will ever come for it. Recorded as ended now, or the call would hold it as up for
   * good (a ghost leg, and a second agent leg once the call is offered again). A channel of that
   * id the PBX turns out to have after all (a reply lost with the link) is then nobody's: the
   * next reconciliation announces it as adopted and call handling hangs it up.
   */
  legRefused(call: LiveCall, legId: string): void {
    const leg = call.legs.get(legId);
    if (leg && leg.endedAt === undefined) {
      leg.endedAt = this.deps.clock.now();
      leg.hangupCause = 'failed';
      leg.endedBy = 'unknown';
      this.saveLeg(call, leg);
    }
    this.forgetLeg(legId);
  }

  /** A leg's hang-up was recorded: nothing more will come from it. */
  forgetLeg(legId: string): void {
    this.byLeg.delete(legId);
  }
}
