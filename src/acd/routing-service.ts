import type { Clock, TimerHandle } from '../core/clock.js';
import type { Media } from '../core/vocabulary.js';
import { newId } from '../core/ids.js';
import { silentLogger, type Logger } from '../core/log.js';
import type { AgentTransition, Presence } from '../agents/agent-state.js';
import type { EngineEffect } from './engine-effects.js';
import { encodeTimerKey, type TimerKey } from './timer-keys.js';
import type { AcdPersistence, AcdWrite, BusinessHoursPort, EventPublisher, OfferDeliveryPort, RandomSource } from './ports.js';
import type { AgentSnapshot, QueueFigures, QueueSnapshot, RoutingApi } from './routing-api.js';
import { RoutingEngine } from './routing-engine.js';
import {
  DEFAULT_ENGINE_CONFIG,
  type AgentProfile,
  type ContactView,
  type EngineConfig,
  type EnqueueResult,
  type NewContact,
  type OfferView,
  type PositionInfo,
  type QueueConfig,
} from './types.js';

/**
 * The routing service: the public face of the ACD. The API and its rules are documented on
 * `RoutingApi` (routing-api.ts); in short:
 *
 *   enqueue(contact) -> { status, contactId, position, estimatedWaitMs }   abandon / cancel(contactId)
 *   acceptOffer / rejectOffer / offerNoAnswer(offerId)                     contactEnded(contactId)
 *   login / logout / setState / setChatCapacity / finishWrapUp / extendWrapUp / takeContact
 *   handOver (attended transfer) / startOutbound (click-to-dial)
 *   assignContact / forceTransfer / forceState / forceLogout               (supervisors)
 *   position / contact / queueSnapshot / queueFigures / waitingPage / agentSnapshot / agents / openOffers / attendance
 *   recover() once at start, flush() to await persistence, close() at shutdown
 *
 * Each command runs synchronously inside the engine; the effects it produced are then applied in
 * order: records to persistence (write-behind, batches in order), events to the bus, offers and
 * exits to the delivery port, timers to the clock. Effect application is not re-entrant: a port
 * that calls back into the service from `deliverOffer` (a chat auto-accept) has its command run at
 * once, and that command's effects are applied after the current ones, keeping event order.
 */
export interface RoutingServiceDeps {
  clock: Clock;
  persistence: AcdPersistence;
  delivery: OfferDeliveryPort;
  events: EventPublisher;
  businessHours?: BusinessHoursPort;
  config?: Partial<EngineConfig>;
  random?: RandomSource;
  newId?: () => string;
  logger?: Logger;
}

/** A logged-in agent as the floor counts see it (agentsOnFloor). */
export interface FloorAgentView {
  agentId: string;
  state: AgentSnapshot['state'];
  reason: string | null;
  teamIds: readonly string[];
  queueIds: string[];
  chat: { capacity: number; inHand: number; free: boolean };
}

/** Pause before a failed persistence batch is tried again on its own (ms). */
export const ACD_WRITE_RETRY_MS = 2_000;

export class RoutingService implements RoutingApi {
  private readonly engine: RoutingEngine;
  private readonly log: Logger;
  private readonly timers = new Map<string, TimerHandle>();
  private readonly effects: EngineEffect[] = [];
  private applying = false;
  private pendingWrites: AcdWrite[][] = [];
  /**
   * A batch whose write failed, tried again alone and under the same id: its first attempt may
   * have been stored with only the answer lost (the connection dropped at commit), and the store
   * skips a batch id it already holds, so its agent transitions are not appended twice.
   */
  private retryBatch: { id: string; writes: AcdWrite[] } | undefined;
  private writing: Promise<void> | null = null;
  private writeError: unknown = null;
  /** A failed batch is tried again after this pause even if no command comes to start the writer. */
  private writeRetry: TimerHandle | undefined;
  private closed = false;
  /** Contacts `recover` brought back from the store: only they can have lost their call in a restart. */
  private readonly previousRun = new Set<string>();

  constructor(private readonly deps: RoutingServiceDeps) {
    this.log = (deps.logger ?? silentLogger).child({ component: 'acd' });
    const businessHours = deps.businessHours;
    this.engine = new RoutingEngine({
      config: { ...DEFAULT_ENGINE_CONFIG, ...deps.config },
      isOpen: businessHours ? (q, now) => businessHours.isOpen(q, now) : () => true,
      ...(businessHours?.nextChange ? { nextChange: (q: string, now: number) => businessHours.nextChange?.(q, now) ?? null } : {}),
      random: deps.random ?? Math.random,
      newId: deps.newId ?? newId,
    });
  }

  // ---- configuration ----
  upsertQueue(queue: QueueConfig): void {
    this.exec(() => this.engine.upsertQueue(queue));
  }
  upsertAgentProfile(profile: AgentProfile): void {
    this.exec(() => this.engine.upsertAgentProfile(profile));
  }
  removeQueue(queueId: string): void {
    this.exec(() => this.engine.removeQueue(queueId));
  }
  removeAgent(agentId: string): void {
    this.exec(() => this.engine.removeAgent(agentId));
  }

  // ---- contacts ----
  enqueue(contact: NewContact): EnqueueResult {
    return this.exec(() => this.engine.enqueue(contact));
  }
  abandon(contactId: string): void {
    this.exec(() => this.engine.abandon(contactId));
  }
  cancel(contactId: string, reason: string): void {
    this.exec(() => this.engine.cancel(contactId, reason));
  }
  convertToCallback(contactId: string, number: string): ContactView {
    return this.exec(() => {
      this.engine.convertToCallback(contactId, number);
      return this.engine.contactView(contactId);
    });
  }
  acceptOffer(offerId: string): OfferView {
    return this.exec(() => this.engine.acceptOffer(offerId));
  }
  rejectOffer(offerId: string, reason?: string): void {
    this.exec(() => this.engine.rejectOffer(offerId, reason));
  }
  /**
   * The agent declines from the desk (not from the phone): the channel layer hears the offer
   * withdrawn first, so a voice call's phone stops ringing before the contact is offered again,
   * then the engine counts the rejection. (rejectOffer is for the channel layer reporting a
   * failure it already handled, such as a busy phone.)
   */
  declineOffer(offerId: string): void {
    const offer = this.engine.openOfferViews().find((o) => o.id === offerId);
    if (offer) this.deps.delivery.withdrawOffer(offer, 'rejected');
    this.exec(() => this.engine.rejectOffer(offerId));
  }
  offerNoAnswer(offerId: string): void {
    this.exec(() => this.engine.offerNoAnswer(offerId));
  }
  contactHeld(contactId: string): void {
    this.exec(() => this.engine.contactHeld(contactId, true));
  }
  contactResumed(contactId: string): void {
    this.exec(() => this.engine.contactHeld(contactId, false));
  }
  contactEnded(contactId: string, outcome?: string): void {
    this.exec(() => this.engine.contactEnded(contactId, outcome));
  }

  // ---- agents ----
  login(agentId: string, opts?: { phone?: string; state?: 'available' | 'not_ready'; reason?: string; chatCapacity?: number; by?: string }): AgentSnapshot {
    return this.agentCmd(agentId, () => this.engine.login(agentId, opts));
  }
  logout(agentId: string, opts?: { by?: string; force?: boolean }): AgentSnapshot {
    return this.agentCmd(agentId, () => this.engine.logout(agentId, opts));
  }
  setState(agentId: string, state: Exclude<Presence, 'logged_out'>, opts?: { reason?: string; by?: string }): AgentSnapshot {
    return this.agentCmd(agentId, () => this.engine.setState(agentId, state, opts));
  }
  setChatCapacity(agentId: string, capacity: number): AgentSnapshot {
    return this.agentCmd(agentId, () => this.engine.setChatCapacity(agentId, capacity));
  }
  finishWrapUp(agentId: string, contactId?: string): AgentSnapshot {
    return this.agentCmd(agentId, () => this.engine.finishWrapUp(agentId, contactId));
  }
  extendWrapUp(agentId: string, ms: number, contactId?: string): AgentSnapshot {
    return this.agentCmd(agentId, () => this.engine.extendWrapUp(agentId, ms, contactId));
  }
  takeContact(agentId: string, contactId: string): OfferView {
    return this.exec(() => this.engine.takeContact(agentId, contactId));
  }

  // ---- supervisors ----
  assignContact(contactId: string, agentId: string, by: string): OfferView {
    return this.exec(() => this.engine.assignContact(contactId, agentId, by));
  }
  forceTransfer(contactId: string, target: { agentId: string } | { queueId: string }, by: string): OfferView | null {
    return this.exec(() => this.engine.forceTransfer(contactId, target, by));
  }
  checkTransfer(contactId: string, target: { agentId: string } | { queueId: string }): void {
    this.engine.checkTransfer(contactId, target);
  }
  handOver(contactId: string, toAgentId: string): void {
    this.exec(() => this.engine.handOver(contactId, toAgentId));
  }
  consultStarted(agentId: string, contactId: string): void {
    this.exec(() => this.engine.consultStarted(agentId, contactId));
  }
  consultEnded(agentId: string, contactId: string): void {
    this.exec(() => this.engine.consultEnded(agentId, contactId));
  }
  startOutbound(agentId: string, contactId: string): AgentSnapshot {
    return this.agentCmd(agentId, () => this.engine.startOutbound(agentId, contactId));
  }
  forceState(agentId: string, state: Exclude<Presence, 'logged_out'>, reason: string | undefined, by: string): AgentSnapshot {
    return this.agentCmd(agentId, () => this.engine.forceState(agentId, state, reason, by));
  }
  forceLogout(agentId: string, by: string): AgentSnapshot {
    return this.agentCmd(agentId, () => this.engine.forceLogout(agentId, by));
  }

  // ---- queries ----
  position(contactId: string): PositionInfo {
    return this.query(() => this.engine.position(contactId));
  }
  contact(contactId: string): ContactView {
    return this.engine.contactView(contactId);
  }
  queueSnapshot(queueId: string): QueueSnapshot {
    return this.query(() => this.engine.queueSnapshot(queueId));
  }
  queueFigures(queueId: string): QueueFigures {
    return this.query(() => this.engine.queueFigures(queueId));
  }
  waitingPage(queueId: string, limit: number): QueueSnapshot['contacts'] {
    return this.query(() => this.engine.waitingPage(queueId, limit));
  }
  agentSnapshot(agentId: string): AgentSnapshot {
    return this.engine.agentSnapshot(agentId);
  }
  teamsOf(agentId: string): string[] {
    return [...(this.engine.agents.get(agentId)?.profile.teamIds ?? [])];
  }
  agents(): AgentSnapshot[] {
    return this.engine.agentIds().map((id) => this.engine.agentSnapshot(id));
  }
  queueIds(): string[] {
    return [...this.engine.queues.keys()];
  }
  /** Queues listing the agent as a member (for the real-time view's agents per queue). */
  memberQueues(agentId: string): string[] {
    return [...(this.engine.agents.get(agentId)?.memberOf ?? [])].map((q) => q.config.id);
  }
  /**
   * Logged-in agents with their teams and the queues they serve, for the floor counts (the floor
   * watch asks many times a second on a busy floor: no per-agent snapshot, the team list is the
   * engine's own and must be treated as read only).
   */
  agentsOnFloor(): FloorAgentView[] {
    const out: FloorAgentView[] = [];
    for (const a of this.engine.agents.values()) {
      if (a.rec.state === 'logged_out') continue;
      const queueIds: string[] = [];
      for (const q of a.memberOf) queueIds.push(q.config.id);
      let inHand = 0;
      for (const w of a.rec.work) if (w.media === 'chat' && (w.phase === 'talking' || w.phase === 'held')) inHand += 1;
      out.push({ agentId: a.rec.id, state: a.rec.state, reason: a.rec.reason, teamIds: a.profile.teamIds, queueIds, chat: { capacity: a.rec.chatCapacity, inHand, free: a.idle.chat } });
    }
    return out;
  }
  /** What the real-time view needs to start from after a restart (see RealtimeStats.seed). */
  liveForRealtime(): { agents: { agentId: string; state: AgentSnapshot['state']; reason: string | null; teamIds: string[] }[]; waiting: { contactId: string; queueId: string; since: number }[] } {
    const agents = [...this.engine.agents.values()]
      .filter((a) => a.rec.state !== 'logged_out')
      .map((a) => ({ agentId: a.rec.id, state: a.rec.state, reason: a.rec.reason, teamIds: [...a.profile.teamIds] }));
    return { agents, waiting: this.waitingContacts() };
  }
  /** Chats waiting in a queue or being offered, with when they began to wait (the calls are not walked). */
  waitingChats(): { contactId: string; queueId: string; since: number }[] {
    return this.engine.waitingChats();
  }
  /** When a contact waiting in a queue or being offered began to wait; undefined for any other. */
  waitingSince(contactId: string): number | undefined {
    return this.engine.waitingSince(contactId);
  }
  /** Contacts waiting in a queue or being offered, with when they began to wait. */
  waitingContacts(): { contactId: string; queueId: string; since: number; media: Media }[] {
    return [...this.engine.contacts.values()]
      .filter((c) => c.rec.state === 'waiting' || c.rec.state === 'offering')
      .map((c) => ({ contactId: c.rec.id, queueId: c.rec.queueId, since: c.rec.enqueuedAt, media: c.rec.media }));
  }
  openOffers(agentId?: string): OfferView[] {
    return this.engine.openOfferViews(agentId);
  }
  attendance(agentId: string, from: number, to: number): Promise<AgentTransition[]> {
    return this.deps.persistence.transitions(agentId, from, to);
  }

  // ---- lifecycle ----
  async recover(): Promise<void> {
    const snapshot = await this.deps.persistence.load();
    this.exec(() => this.engine.restore(snapshot));
    for (const w of this.liveForRealtime().waiting) this.previousRun.add(w.contactId);
    for (const agent of this.agents()) for (const item of agent.work) this.previousRun.add(item.contactId);
  }

  /**
   * The restart policy, once the previous run's calls were re-adopted: voice contacts `recover`
   * brought back that no call owns any more (their caller left while the daemon was down) would be
   * offered to agents whose phones never ring, so they are closed (`daemon_restarted`). Callbacks
   * need no channel and keep their place; contacts of new callers are never candidates. Returns
   * how many were closed; one the engine refuses to close is logged and the others still are.
   */
  closeUnownedAfterRestart(hasCall: (contactId: string) => boolean): number {
    const owned = (contactId: string): boolean => !this.previousRun.has(contactId) || hasCall(contactId);
    let dropped = 0;
    const attempt = (fn: () => void): void => {
      try {
        fn();
        dropped += 1;
      } catch (err) {
        this.log.warn({ err }, 'could not close a contact of the previous run');
      }
    };
    for (const w of this.liveForRealtime().waiting) {
      if (this.contact(w.contactId).media === 'voice' && !owned(w.contactId)) attempt(() => this.cancel(w.contactId, 'daemon_restarted'));
    }
    for (const agent of this.agents()) {
      for (const item of agent.work) {
        if (item.media === 'voice' && (item.phase === 'talking' || item.phase === 'held') && !owned(item.contactId)) attempt(() => this.contactEnded(item.contactId, 'daemon_restarted'));
      }
    }
    if (dropped > 0) this.log.info({ dropped }, 'closed voice contacts whose calls ended with the previous run');
    return dropped;
  }

  async flush(): Promise<void> {
    for (;;) {
      if (this.writeError) {
        const err = this.writeError;
        this.writeError = null;
        throw err;
      }
      if (this.pendingWrites.length === 0 && !this.retryBatch && !this.writing) return;
      if (!this.writing) this.startWriting();
      await this.writing;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.deps.clock.clearTimeout(this.writeRetry);
    for (const h of this.timers.values()) this.deps.clock.clearTimeout(h);
    this.timers.clear();
    await this.flush();
  }

  // ---- machinery ----
  private exec<T>(fn: () => T): T {
    const { result, effects } = this.engine.run(this.deps.clock.now(), fn);
    this.effects.push(...effects);
    this.applyEffects();
    return result;
  }

  private query<T>(fn: () => T): T {
    return this.engine.run(this.deps.clock.now(), fn).result;
  }

  private agentCmd(agentId: string, fn: () => void): AgentSnapshot {
    this.exec(fn);
    return this.engine.agentSnapshot(agentId);
  }

  private applyEffects(): void {
    if (this.applying) return;
    this.applying = true;
    try {
      for (let e = this.effects.shift(); e; e = this.effects.shift()) this.applyOne(e);
    } finally {
      this.applying = false;
    }
  }

  private applyOne(e: EngineEffect): void {
    try {
      switch (e.kind) {
        case 'write':
          this.pendingWrites.push(e.batch);
          if (!this.writing) this.startWriting();
          return;
        case 'event':
          return this.deps.events.publish(e.event);
        case 'deliver':
          return this.deps.delivery.deliverOffer(e.offer);
        case 'withdraw':
          return this.deps.delivery.withdrawOffer(e.offer, e.reason);
        case 'exit':
          return this.deps.delivery.contactExited(e.exit);
        case 'timer':
          return this.setTimer(e.key, e.at);
        case 'cancel_timer':
          this.clearTimer(e.key);
          return;
      }
    } catch (err) {
      this.log.error({ err, effect: e.kind }, 'an ACD effect failed; routing continues');
    }
  }

  /** Timer handles by the encoded key: setting a key again replaces its timer. */
  private setTimer(key: TimerKey, at: number): void {
    if (this.closed) return;
    const id = encodeTimerKey(key);
    this.deps.clock.clearTimeout(this.timers.get(id));
    const handle = this.deps.clock.setTimeout(() => {
      if (this.timers.get(id) !== handle) return;
      this.timers.delete(id);
      try {
        this.exec(() => this.engine.fire(key));
      } catch (err) {
        this.log.error({ err, timer: key }, 'an ACD timer failed');
      }
    }, Math.max(0, at - this.deps.clock.now()));
    this.timers.set(id, handle);
  }

  private clearTimer(key: TimerKey): void {
    const id = encodeTimerKey(key);
    this.deps.clock.clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }

  private startWriting(): void {
    this.writing = (async () => {
      while (this.retryBatch || this.pendingWrites.length > 0) {
        const batch = this.retryBatch ?? { id: newId(), writes: this.pendingWrites.splice(0).flat() };
        this.retryBatch = undefined;
        try {
          await this.deps.persistence.write(batch.writes, batch.id);
        } catch (err) {
          // The batch goes first again, alone, so order is preserved; flush() reports the failure.
          this.retryBatch = batch;
          this.writeError = err;
          this.log.error({ err }, 'ACD persistence write failed');
          // The next command starts the writer again; a quiet center (the database back, nobody
          // calling) must not keep the batch in memory only, where a crash would lose it.
          this.deps.clock.clearTimeout(this.writeRetry);
          if (!this.closed) {
            this.writeRetry = this.deps.clock.setTimeout(() => {
              this.writeRetry = undefined;
              if (!this.writing && (this.retryBatch || this.pendingWrites.length > 0)) this.startWriting();
            }, ACD_WRITE_RETRY_MS);
          }
          return;
        }
      }
    })().finally(() => {
      this.writing = null;
    });
  }
}
