import { AppError } from '../core/errors.js';
import { deriveState, type Presence } from '../agents/agent-state.js';
import { HoursEngine } from './engine-hours.js';
import { refreshHead } from './engine-core.js';
import { timerKey, effectiveRequirement, type AgentEntry, type ContactEntry, type OfferEntry } from './engine-model.js';
import type { AcdSnapshot } from './ports.js';
import type { AgentSnapshot, QueueSnapshot } from './routing-api.js';
import { mediaClassOf, type ContactView, type OfferView, type PositionInfo } from './types.js';

const LOGGED_IN: readonly Presence[] = ['available', 'not_ready'];

function consultedOn(a: AgentEntry, contactId: string): boolean {
  return a.rec.work.some((w) => w.contactId === contactId && w.phase === 'consulted');
}

/** The reason an agent is `outbound` because they clicked to dial (not by their own choice). */
export const CLICK_TO_DIAL = 'click-to-dial';

/**
 * The complete engine: agent desk and supervisor commands, queries and recovery on top of the
 * contact commands. Still synchronous and I/O free; RoutingService drives it.
 */
export class RoutingEngine extends HoursEngine {
  /** Click-to-dial calls in progress: contact id -> agent. Not stored: a restart ends them anyway. */
  private readonly outboundCalls = new Map<string, string>();

  // ---- agents ----

  login(agentId: string, opts: { phone?: string; state?: 'available' | 'not_ready'; reason?: string; chatCapacity?: number; by?: string } = {}): void {
    if (this.removedAgents.has(agentId)) throw new AppError('NOT_FOUND', `agent ${agentId} was removed from the configuration`, { agentId });
    const a = this.ensureAgent(agentId);
    const chatCapacity = opts.chatCapacity ?? a.profile.defaultChatCapacity;
    this.applyAgent(a, { kind: 'login', presence: opts.state ?? 'available', ...(opts.phone ? { phone: opts.phone } : {}), ...(opts.reason ? { reason: opts.reason } : {}), ...(chatCapacity !== undefined ? { chatCapacity } : {}) }, opts.by);
    this.publish({ type: 'agent.logged_in', at: this.now, scope: this.agentScope(a), agentId, ...(opts.phone ? { phone: opts.phone } : {}) });
  }

  logout(agentId: string, opts: { by?: string; force?: boolean } = {}): void {
    const a = this.agent(agentId);
    const force = opts.force ?? false;
    const live = a.rec.work.some((w) => w.phase === 'talking' || w.phase === 'held' || w.phase === 'consulted');
    if (a.rec.presence === 'logged_out' || (live && !force)) {
      throw new AppError('INVALID_TRANSITION', `agent ${agentId} cannot log out now (${a.rec.state}${live ? ', on a live contact' : ''})`, { agentId, state: a.rec.state });
    }
    this.withdrawAgentOffers(a, 'agent_logged_out');
    for (const w of a.rec.work) if (w.phase === 'wrap_up') this.cancelTimer(timerKey('wrap', agentId, w.contactId));
    this.applyAgent(a, { kind: 'logout', force }, opts.by);
    this.publish({ type: 'agent.logged_out', at: this.now, scope: this.agentScope(a), agentId, ...(opts.by ? { by: opts.by } : {}) });
  }

  setState(agentId: string, presence: Exclude<Presence, 'logged_out'>, opts: { reason?: string; by?: string } = {}): void {
    const a = this.agent(agentId);
    this.applyAgent(a, { kind: 'set_presence', presence, ...(opts.reason ? { reason: opts.reason } : {}) }, opts.by);
  }

  setChatCapacity(agentId: string, capacity: number): void {
    this.applyAgent(this.agent(agentId), { kind: 'set_chat_capacity', capacity });
  }

  finishWrapUp(agentId: string, contactId?: string): void {
    const a = this.agent(agentId);
    this.finishWrap(a, this.wrapItem(a, contactId));
  }

  extendWrapUp(agentId: string, ms: number, contactId?: string): void {
    const a = this.agent(agentId);
    const id = this.wrapItem(a, contactId);
    this.applyAgent(a, { kind: 'extend_wrap_up', contactId: id, ms });
    const item = a.rec.work.find((w) => w.contactId === id);
    if (item?.wrapUpEndsAt != null) this.timer(timerKey('wrap', agentId, id), item.wrapUpEndsAt);
  }

  takeContact(agentId: string, contactId: string): OfferView {
    const a = this.agent(agentId);
    const c = this.inLine(contactId);
    if (c.rec.state !== 'waiting') throw new AppError('CONTACT_NOT_WAITING', `contact ${contactId} is being offered to another agent`, { contactId });
    this.roomFor(a, c, LOGGED_IN);
    this.unwait(c);
    return this.offerView(this.createOffer(c, a, 'taken'));
  }

  // ---- supervisors ----

  assignContact(contactId: string, agentId: string, by: string): OfferView {
    const a = this.agent(agentId);
    const c = this.inLine(contactId);
    if ([...c.offers].some((o) => o.agent === a)) throw new AppError('CONFLICT', `contact ${contactId} is already offered to agent ${agentId}`, { contactId, agentId });
    this.roomFor(a, c, LOGGED_IN);
    this.withdrawAll(c, `reassigned_by:${by}`);
    this.unwait(c);
    return this.offerView(this.createOffer(c, a, 'assigned'));
  }

  forceTransfer(contactId: string, target: { agentId: string } | { queueId: string }, by: string): OfferView | null {
    const c = this.connected(contactId);
    const from = this.agent(c.rec.agentId as string);
    if ('agentId' in target) {
      const to = this.agent(target.agentId);
      if (to === from) throw new AppError('CONFLICT', `contact ${contactId} is already with agent ${to.rec.id}`, { contactId });
      if (c.offers.size > 0) throw new AppError('CONFLICT', `contact ${contactId} already has a transfer ringing`, { contactId });
      // The target may be on the consultation call of an attended transfer (presence outbound).
      this.roomFor(to, c, ['available', 'not_ready', 'outbound']);
      return this.offerView(this.createOffer(c, to, 'transferred', from.rec.id));
    }
    const q = this.queue(target.queueId);
    if (c.offers.size > 0) throw new AppError('CONFLICT', `contact ${contactId} already has a transfer ringing`, { contactId });
    if (q.config.disabled) throw new AppError('QUEUE_DISABLED', `queue ${q.config.id} is disabled and takes no new contacts`, { queueId: q.config.id });
    this.applyAgent(from, { kind: 'transferred_away', contactId }, by);
    c.rec.state = 'waiting';
    // Back in line with its first arrival time: a transferred customer does not start over.
    this.enter(c, q, 0);
    return null;
  }

  /**
   * An attended transfer completed: the connected contact passes from its agent (to wrap-up-free
   * `transferred_away`) to `toAgentId` at once. The target already talks with the caller, so the
   * transfer offer is accepted in the same command and never delivered to be rung.
   */
  handOver(contactId: string, toAgentId: string): void {
    const c = this.connected(contactId);
    const from = this.agent(c.rec.agentId as string);
    const to = this.agent(toAgentId);
    if (to === from) throw new AppError('CONFLICT', `contact ${contactId} is already with agent ${to.rec.id}`, { contactId });
    if (c.offers.size > 0) throw new AppError('CONFLICT', `contact ${contactId} already has a transfer ringing`, { contactId });
    const TRANSFERABLE: readonly Presence[] = ['available', 'not_ready', 'outbound'];
    // A consulted target already holds its voice slot for this very contact (consultStarted): the
    // offer takes that slot over in place, so only the presence is checked.
    if (consultedOn(to, contactId)) this.presenceFor(to, TRANSFERABLE);
    else this.roomFor(to, c, TRANSFERABLE);
    const o = this.createOffer(c, to, 'transferred', from.rec.id, false);
    this.acceptOffer(o.rec.id);
  }

  /**
   * A colleague's consultation rings `agentId` about `contactId`: the agent holds a voice slot
   * (work phase `consulted`) so nothing else is offered to them meanwhile. An agent the engine does
   * not know or who is logged out is only a phone to the engine: nothing to hold.
   */
  consultStarted(agentId: string, contactId: string): void {
    const a = this.agents.get(agentId);
    if (!a || a.rec.presence === 'logged_out' || consultedOn(a, contactId)) return;
    const queueId = this.contacts.get(contactId)?.rec.queueId ?? '';
    this.applyAgent(a, { kind: 'consult_started', contactId, queueId });
  }

  /** The consultation ended without a take-over (cancelled, hung up, failed): the slot is free again. */
  consultEnded(agentId: string, contactId: string): void {
    const a = this.agents.get(agentId);
    // Nothing held any more: the transfer completed (the item became the contact) or the daemon restarted.
    if (!a || !consultedOn(a, contactId)) return;
    this.applyAgent(a, { kind: 'consult_ended', contactId });
  }

  /**
   * Click-to-dial: the agent is `outbound` until that call's contact ends (see contactEnded). An
   * agent who chose `outbound` themselves already is, and stays so after the call. The reason
   * CLICK_TO_DIAL is stored with the presence, so after a daemon restart (when the calls layer
   * announces its live outbound calls again) the end of the call still frees the agent.
   */
  startOutbound(agentId: string, contactId: string): void {
    if (this.outboundCalls.has(contactId)) throw new AppError('CONFLICT', `outbound call ${contactId} is already known`, { contactId });
    if (this.agent(agentId).rec.presence !== 'outbound') this.setState(agentId, 'outbound', { reason: CLICK_TO_DIAL });
    this.outboundCalls.set(contactId, agentId);
  }

  /** An outbound call's end puts the agent it made outbound back to available; any other contact ends as usual. */
  override contactEnded(contactId: string, outcome?: string): void {
    const agentId = this.outboundCalls.get(contactId);
    if (agentId === undefined) return super.contactEnded(contactId, outcome);
    this.outboundCalls.delete(contactId);
    const a = this.agents.get(agentId);
    const stillDialing = [...this.outboundCalls.values()].includes(agentId);
    if (a?.rec.presence === 'outbound' && a.rec.reason === CLICK_TO_DIAL && !stillDialing) this.setState(agentId, 'available', { reason: 'outbound call ended' });
  }

  forceState(agentId: string, presence: Exclude<Presence, 'logged_out'>, reason: string | undefined, by: string): void {
    this.setState(agentId, presence, { ...(reason ? { reason } : {}), by });
  }

  forceLogout(agentId: string, by: string): void {
    this.logout(agentId, { by, force: true });
  }

  contactView(contactId: string): ContactView {
    return this.view(this.contactEntry(contactId));
  }

  // ---- queries ----

  position(contactId: string): PositionInfo {
    return this.positionOf(this.inLine(contactId));
  }

  queueSnapshot(queueId: string): QueueSnapshot {
    const q = this.queue(queueId);
    const line = [...q.line].sort((x, y) => x.rec.rank - y.rec.rank || x.rec.seq - y.rec.seq);
    const staffed = { voice: 0, chat: 0 };
    const available = { voice: 0, chat: 0 };
    for (const id of q.members.keys()) {
      const a = this.agents.get(id);
      if (!a || a.rec.presence === 'logged_out') continue;
      staffed.voice += 1;
      staffed.chat += a.rec.chatCapacity;
      if (a.idle.voice) available.voice += 1;
      if (a.idle.chat) available.chat += 1;
    }
    return {
      queueId,
      strategy: q.config.strategy,
      contacts: line.map((c, i) => ({ ...this.view(c), position: i + 1, waitedMs: this.now - c.rec.enqueuedAt })),
      staffed,
      available,
      averageHandleMs: Math.round(this.averageHandle(q)),
      estimatedWaitMs: this.estimate(q, 'voice', line.length + 1, available.voice),
    };
  }

  agentSnapshot(agentId: string): AgentSnapshot {
    const a = this.agent(agentId);
    return { ...a.rec, work: a.rec.work.map((w) => ({ ...w })), profile: a.profile, openOffers: [...a.offers].map((o) => this.offerView(o)) };
  }

  agentIds(): string[] {
    return [...this.agents.keys()];
  }

  openOfferViews(agentId?: string): OfferView[] {
    const out: OfferView[] = [];
    for (const o of this.offers.values()) if (!agentId || o.rec.agentId === agentId) out.push(this.offerView(o));
    return out;
  }

  // ---- recovery ----

  /** Rebuild from stored records. Contacts go back by stored rank and sequence, so the order is the same. */
  restore(snapshot: AcdSnapshot): void {
    for (const rec of snapshot.agents) {
      const a = this.ensureAgent(rec.id);
      this.unindex(a);
      // Consultations do not survive a restart (call recovery hangs their legs up): their slots are free.
      const work = rec.work.filter((w) => w.phase !== 'consulted').map((w) => ({ ...w }));
      a.rec = work.length === rec.work.length ? { ...rec, work } : { ...rec, work, state: deriveState({ presence: rec.presence, work }) };
      for (const v of Object.values(rec.lastOfferSeq)) this.offerSeq = Math.max(this.offerSeq, v);
      for (const w of rec.work) if (w.phase === 'wrap_up' && w.wrapUpEndsAt !== null) this.timer(timerKey('wrap', rec.id, w.contactId), w.wrapUpEndsAt);
    }
    const sorted = [...snapshot.contacts].sort((x, y) => x.seq - y.seq);
    for (const rec of sorted) {
      this.seq = Math.max(this.seq, rec.seq);
      if (!this.queues.has(rec.queueId)) this.upsertQueue({ id: rec.queueId, strategy: 'longest_idle', members: [] });
      const c: ContactEntry = {
        rec: { ...rec, attributes: Object.freeze({ ...rec.attributes }), requiredSkills: Object.freeze({ ...rec.requiredSkills }), declinedUntil: { ...rec.declinedUntil } },
        pool: null,
        offers: new Set(),
      };
      this.contacts.set(rec.id, c);
      for (const [agentId, until] of Object.entries(rec.declinedUntil)) {
        this.timer(timerKey('decline', rec.id, agentId), until);
        this.countDecline(agentId, 1);
      }
      if (rec.state === 'connected') continue;
      const q = this.queue(rec.queueId);
      q.line.add(c);
      this.scheduleQueueTimers(c, q);
      if (rec.state === 'waiting') {
        const pool = this.poolFor(q, mediaClassOf(rec.media), effectiveRequirement(q.config, c.rec));
        c.pool = pool;
        pool.contacts.push(c);
        refreshHead(pool);
      }
    }
    for (const rec of snapshot.offers) {
      const c = this.contacts.get(rec.contactId);
      const a = this.agents.get(rec.agentId);
      if (!c || !a) continue;
      const o: OfferEntry = { rec: { ...rec }, contact: c, agent: a, fromAgentId: rec.kind === 'transferred' ? c.rec.agentId : null };
      this.offers.set(rec.id, o);
      c.offers.add(o);
      a.offers.add(o);
      this.timer(timerKey('offer', rec.id), rec.expiresAt);
    }
    for (const a of this.agents.values()) this.index(a);
    for (const q of this.queues.values()) this.recountStaff(q);
    this.requeueAll();
    this.reviewAllHours();
  }

  private wrapItem(a: AgentEntry, contactId?: string): string {
    const item = a.rec.work.find((w) => w.phase === 'wrap_up' && (!contactId || w.contactId === contactId));
    if (!item) throw new AppError('INVALID_TRANSITION', `agent ${a.rec.id} has no wrap-up${contactId ? ` for contact ${contactId}` : ''}`, { agentId: a.rec.id });
    return item.contactId;
  }
}
