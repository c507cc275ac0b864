import type { Presence } from '../agents/agent-state.js';
import * as agents from './engine-agents.js';
import * as config from './engine-config.js';
import * as contacts from './engine-contacts.js';
import { newEngineContext, type EngineContext, type EngineDeps } from './engine-core.js';
import { commit, discard, type EngineEffect } from './engine-effects.js';
import { settle } from './engine-matching.js';
import type { AgentEntry, ContactEntry, OfferEntry, QueueEntry } from './engine-model.js';
import * as queries from './engine-queries.js';
import * as recovery from './engine-recovery.js';
import * as removal from './engine-removal.js';
import * as timers from './engine-timers.js';
import * as transfers from './engine-transfers.js';
import type { AcdSnapshot } from './ports.js';
import type { AgentSnapshot, QueueFigures, QueueSnapshot } from './routing-api.js';
import type { TimerKey } from './timer-keys.js';
import type { AgentProfile, ContactView, EnqueueResult, NewContact, OfferView, PositionInfo, QueueConfig } from './types.js';

export { CLICK_TO_DIAL } from './engine-agents.js';
export type { EngineDeps } from './engine-core.js';
export type { EngineEffect } from './engine-effects.js';

/**
 * The routing engine's one command facade. The state is one object (engine-model.ts); each part of
 * the engine is a module of functions over it and the running command's effects:
 *
 *   engine-core      context, lookups, agent indexing      engine-contacts   contact commands
 *   engine-effects   effects and the write batch            engine-agents     desk commands, click-to-dial
 *   engine-offers    offers made, closed, withdrawn         engine-transfers  assign, transfer, hand-over
 *   engine-matching  pools and matching (settle)            engine-config     queues and profiles applied
 *   engine-queueing  queue life: enter, exits, relaxation   engine-removal    configuration taken away
 *   engine-hours     queues closing on contacts in line     engine-timers     timers firing
 *   engine-queries   read-only views                        engine-recovery   rebuild after a restart
 *
 * The contact's states follow contact-state.ts, the agent's agent-state.ts. Still synchronous and
 * I/O free; RoutingService drives it. A new command is one function in its module and one line here.
 */
export class RoutingEngine {
  private readonly cx: EngineContext;
  private depth = 0;

  constructor(deps: EngineDeps) {
    this.cx = newEngineContext(deps);
  }

  get queues(): ReadonlyMap<string, QueueEntry> {
    return this.cx.state.queues;
  }

  get agents(): ReadonlyMap<string, AgentEntry> {
    return this.cx.state.agents;
  }

  /** Contacts not ended. */
  get contacts(): ReadonlyMap<string, ContactEntry> {
    return this.cx.state.contacts;
  }

  /** Open offers. */
  get offers(): ReadonlyMap<string, OfferEntry> {
    return this.cx.state.offers;
  }

  /** Run one command atomically. Commands validate before they change anything. */
  run<T>(now: number, fn: () => T): { result: T; effects: EngineEffect[] } {
    if (this.depth > 0) return { result: fn(), effects: [] };
    const cx = this.cx;
    cx.now = now;
    this.depth++;
    try {
      const result = fn();
      settle(cx);
      return { result, effects: commit(cx.out) };
    } catch (err) {
      discard(cx.out);
      throw err;
    } finally {
      this.depth--;
    }
  }

  // ---- configuration ----

  upsertQueue(queue: QueueConfig): void {
    config.upsertQueue(this.cx, queue);
  }

  upsertAgentProfile(profile: AgentProfile): void {
    config.upsertAgentProfile(this.cx, profile);
  }

  removeQueue(queueId: string): boolean {
    return removal.removeQueue(this.cx, queueId);
  }

  removeAgent(agentId: string, by?: string): boolean {
    return removal.removeAgent(this.cx, agentId, by);
  }

  // ---- contacts ----

  enqueue(input: NewContact): EnqueueResult {
    return contacts.enqueue(this.cx, input);
  }

  abandon(contactId: string): void {
    contacts.abandon(this.cx, contactId);
  }

  cancel(contactId: string, reason: string): void {
    contacts.cancel(this.cx, contactId, reason);
  }

  convertToCallback(contactId: string, number: string): ContactEntry {
    return contacts.convertToCallback(this.cx, contactId, number);
  }

  acceptOffer(offerId: string): OfferView {
    return contacts.acceptOffer(this.cx, offerId);
  }

  rejectOffer(offerId: string, reason?: string): void {
    contacts.rejectOffer(this.cx, offerId, reason);
  }

  offerNoAnswer(offerId: string): void {
    contacts.offerNoAnswer(this.cx, offerId);
  }

  contactHeld(contactId: string, held: boolean): void {
    contacts.contactHeld(this.cx, contactId, held);
  }

  contactEnded(contactId: string, outcome?: string): void {
    contacts.contactEnded(this.cx, contactId, outcome);
  }

  fire(key: TimerKey): void {
    timers.fire(this.cx, key);
  }

  // ---- agents ----

  login(agentId: string, opts?: agents.LoginOptions): void {
    agents.login(this.cx, agentId, opts);
  }

  logout(agentId: string, opts?: { by?: string; force?: boolean }): void {
    agents.logout(this.cx, agentId, opts);
  }

  setState(agentId: string, presence: Exclude<Presence, 'logged_out'>, opts?: { reason?: string; by?: string }): void {
    agents.setState(this.cx, agentId, presence, opts);
  }

  setChatCapacity(agentId: string, capacity: number): void {
    agents.setChatCapacity(this.cx, agentId, capacity);
  }

  finishWrapUp(agentId: string, contactId?: string): void {
    agents.finishWrapUp(this.cx, agentId, contactId);
  }

  extendWrapUp(agentId: string, ms: number, contactId?: string): void {
    agents.extendWrapUp(this.cx, agentId, ms, contactId);
  }

  takeContact(agentId: string, contactId: string): OfferView {
    return agents.takeContact(this.cx, agentId, contactId);
  }

  startOutbound(agentId: string, contactId: string): void {
    agents.startOutbound(this.cx, agentId, contactId);
  }

  // ---- supervisors ----

  assignContact(contactId: string, agentId: string, by: string): OfferView {
    return transfers.assignContact(this.cx, contactId, agentId, by);
  }

  forceTransfer(contactId: string, target: { agentId: string } | { queueId: string }, by: string): OfferView | null {
    return transfers.forceTransfer(this.cx, contactId, target, by);
  }

  checkTransfer(contactId: string, target: { agentId: string } | { queueId: string }): void {
    transfers.checkTransfer(this.cx, contactId, target);
  }

  handOver(contactId: string, toAgentId: string): void {
    transfers.handOver(this.cx, contactId, toAgentId);
  }

  consultStarted(agentId: string, contactId: string): void {
    agents.consultStarted(this.cx, agentId, contactId);
  }

  consultEnded(agentId: string, contactId: string): void {
    agents.consultEnded(this.cx, agentId, contactId);
  }

  forceState(agentId: string, presence: Exclude<Presence, 'logged_out'>, reason: string | undefined, by: string): void {
    agents.setState(this.cx, agentId, presence, { ...(reason ? { reason } : {}), by });
  }

  forceLogout(agentId: string, by: string): void {
    agents.logout(this.cx, agentId, { by, force: true });
  }

  // ---- queries ----

  contactView(contactId: string): ContactView {
    return queries.contactViewOf(this.cx, contactId);
  }

  position(contactId: string): PositionInfo {
    return queries.position(this.cx, contactId);
  }

  queueSnapshot(queueId: string): QueueSnapshot {
    return queries.queueSnapshot(this.cx, queueId);
  }

  queueFigures(queueId: string): QueueFigures {
    return queries.queueFigures(this.cx, queueId);
  }

  waitingPage(queueId: string, limit: number): QueueSnapshot['contacts'] {
    return queries.waitingPage(this.cx, queueId, limit);
  }

  waitingChats(): { contactId: string; queueId: string; since: number }[] {
    return queries.waitingChats(this.cx);
  }

  waitingSince(contactId: string): number | undefined {
    return queries.waitingSince(this.cx, contactId);
  }

  agentSnapshot(agentId: string): AgentSnapshot {
    return queries.agentSnapshot(this.cx, agentId);
  }

  agentIds(): string[] {
    return [...this.cx.state.agents.keys()];
  }

  openOfferViews(agentId?: string): OfferView[] {
    return queries.openOfferViews(this.cx, agentId);
  }

  // ---- recovery ----

  restore(snapshot: AcdSnapshot): void {
    recovery.restore(this.cx, snapshot);
  }
}
