/**
 * Proactive invitations (issue 12): an agent, or an admin's rule (auto-invitations.ts), invites a
 * visitor on the site; the widget shows it (the agent's name, or "our team", and the message); the
 * visitor accepts or declines. Accepting an agent's invitation starts the chat offered to that
 * agent only, through the routing engine's targeted enqueue (the same command a transfer to a
 * named agent uses: nobody else is offered it first). When that agent cannot take it any more
 * (logged out, no free chat slot), the chat enters the queue like any other instead of failing
 * the visitor's acceptance. Accepting a rule's invitation (agentId null) enters the rule's queue
 * through the normal routing.
 *
 *   (none) ──invite──▶ open ──accept──▶ accepted (the chat starts)
 *                        ├──decline──▶ declined (the agent is told)
 *                        └──TTL──────▶ expired (answering it: INVITATION_EXPIRED)
 *
 * Every invitation is stored (chat_invitations, sql/105) before the widget sees it, with its answer
 * once there is one; an agent's is audited (`visitor.invited`: who invited whom) in the same
 * transaction. The open ones are held here with a timer for their expiry. After a restart, an
 * invitation still within its two minutes is held again and works (a widget reconnecting is shown
 * it and may accept it); one whose time ran out while the daemon was down is stored as expired.
 */
import type { AuditLog } from '../accounts/audit.js';
import { AppError, isAppError } from '../core/errors.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';
import type { ChatService } from './chat-service.js';
import type { ChatRecord } from './chat-state.js';
import type { InvitationAnswer, InvitationStore, StoredInvitation } from './invitation-ports.js';
import type { InvitationRule } from './invitation-rules.js';
import type { ChatRouting } from './ports.js';
import type { ServerFrame } from './protocol.js';
import type { VisitService } from './visit-service.js';

/** How long an invitation may be answered. */
export const INVITATION_TTL_MS = 2 * 60_000;
export const INVITATION_MESSAGE_MAX = 500;

/** An open invitation: what was stored, before its answer. */
export type Invitation = Omit<StoredInvitation, 'answer' | 'answeredAt' | 'chatId'>;

export interface InvitationDeps {
  chat: ChatService;
  visits: VisitService;
  routing: Pick<ChatRouting, 'queuesOf'>;
  names: { displayName(agentId: string): Promise<string> };
  store: InvitationStore;
  audit: AuditLog;
  clock: Clock;
  bus: EventBus;
  log: Logger;
  newId: () => string;
}

/** Who invites: an agent (with the user who asked, for the audit), or a rule for its queue's agents. */
export type Inviter = { agentId: string; queueId?: string; actor?: { userId: string; ip?: string } } | { agentId: null; rule: InvitationRule };

type Listener = (frame: ServerFrame) => void;

export class InvitationService {
  private readonly open = new Map<string, Invitation>();
  private readonly timers = new Map<string, TimerHandle>();
  private readonly listeners = new Map<string, Set<Listener>>();
  /** The invitations of visits seen lately, as stored (loaded once per visit, then kept in step). */
  private readonly visitsSeen = new Map<string, Promise<StoredInvitation[]>>();

  constructor(private readonly d: InvitationDeps) {}

  /** Invitations a stop left unanswered: held again while their time lasts, stored as expired after. */
  async start(): Promise<void> {
    const now = this.d.clock.now();
    for (const inv of await this.d.store.unanswered()) {
      if (inv.expiresAt <= now || this.open.has(inv.visitorId)) await this.d.store.answer(inv.id, 'expired', Math.min(now, inv.expiresAt), null);
      else this.hold(inv);
    }
  }

  stop(): void {
    for (const t of this.timers.values()) this.d.clock.clearTimeout(t);
    this.timers.clear();
  }

  /** The visitor's sockets hear their invitations (widget-socket.ts, after hello). */
  watch(visitorId: string, listener: Listener): () => void {
    let set = this.listeners.get(visitorId);
    if (!set) this.listeners.set(visitorId, (set = new Set()));
    set.add(listener);
    // A page loaded while an invitation is open shows it too.
    const inv = this.current(visitorId);
    if (inv) listener(this.frameOf(inv));
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(visitorId);
    };
  }

  /** An agent, or a rule, invites a visitor on the site. Stored (and an agent's audited) before the widget shows it. */
  async invite(visitorId: string, by: Inviter, message: string): Promise<Invitation> {
    const visit = this.d.visits.liveView(visitorId)?.visit;
    const agentName = by.agentId ? await this.d.names.displayName(by.agentId) : null;
    const seen = visit ? await this.ofVisit(visit.id) : undefined;
    // Checked after the awaits and reserved at once: an agent and a rule inviting together get one invitation.
    if (!visit || !this.d.visits.isOnline(visitorId)) throw new AppError('VISITOR_GONE', undefined, { visitorId });
    if (this.d.chat.openChatOfVisitor(visitorId)) throw new AppError('VISITOR_CHATTING', undefined, { visitorId });
    if (this.current(visitorId)) throw new AppError('VISITOR_INVITED', undefined, { visitorId });
    const now = this.d.clock.now();
    const rule = by.agentId === null ? by.rule : undefined;
    const inv: Invitation = {
      id: this.d.newId(),
      visitorId,
      visitId: visit.id,
      agentId: by.agentId,
      agentName,
      ruleId: rule?.id ?? null,
      ruleName: rule?.name ?? null,
      queueId: by.agentId === null ? by.rule.queueId : (by.queueId ?? this.d.routing.queuesOf(by.agentId)[0] ?? null),
      message: (rule ? rule.message.en : message).trim().slice(0, INVITATION_MESSAGE_MAX),
      messageZh: rule ? rule.message.zh.trim().slice(0, INVITATION_MESSAGE_MAX) : null,
      createdAt: now,
      expiresAt: now + INVITATION_TTL_MS,
    };
    this.open.set(visitorId, inv);
    const stored: StoredInvitation = { ...inv, answer: null, answeredAt: null, chatId: null };
    try {
      const actor = by.agentId !== null ? by.actor : undefined;
      const audit = actor
        ? { entry: { actorId: actor.userId, action: 'visitor.invited', target: `visitor:${visitorId}`, details: { invitationId: inv.id, agentId: by.agentId, message: inv.message }, ...(actor.ip ? { ip: actor.ip } : {}) }, log: this.d.audit }
        : undefined;
      await this.d.store.insert(stored, audit);
    } catch (err) {
      this.open.delete(visitorId);
      throw err;
    }
    seen?.push(stored);
    this.hold(inv);
    for (const l of this.listeners.get(visitorId) ?? []) l(this.frameOf(inv));
    this.d.visits.touch(visitorId);
    return inv;
  }

  /** The visitor accepts: the chat starts, offered to the inviting agent (a rule's: its queue). */
  async accept(visitorId: string, invitationId: string, page: string): Promise<ChatRecord> {
    const inv = this.take(visitorId, invitationId);
    let chat: ChatRecord | undefined;
    try {
      chat = await this.startChat(inv, page);
      return chat;
    } finally {
      // Accepted whatever came of it (a queue that closed meanwhile refuses the chat): that was the answer.
      await this.answered(inv, 'accepted', chat?.id ?? null);
    }
  }

  async decline(visitorId: string, invitationId: string): Promise<void> {
    await this.answered(this.take(visitorId, invitationId), 'declined', null);
  }

  /** The open invitation of the visitor, if any (one past its time is expired here if its timer has not run yet). */
  current(visitorId: string): Invitation | undefined {
    const inv = this.open.get(visitorId);
    if (!inv) return undefined;
    if (this.d.clock.now() < inv.expiresAt) return inv;
    this.expire(inv);
    return undefined;
  }

  /**
   * The invitations of a visit, oldest first (what the automatic ones and the visitors page read).
   * `keep: false` (a visit that is over) reads the store without holding the answer here.
   */
  async ofVisit(visitId: string, opts: { keep?: boolean } = {}): Promise<StoredInvitation[]> {
    let seen = this.visitsSeen.get(visitId);
    if (!seen && opts.keep === false) return this.d.store.ofVisit(visitId);
    if (!seen) {
      seen = this.d.store.ofVisit(visitId);
      this.visitsSeen.set(visitId, seen);
      // A failed read is not kept: the next caller reads again.
      seen.catch(() => this.visitsSeen.delete(visitId));
    }
    return seen;
  }

  /** The visit is over: its invitations are read from the store if it continues. */
  forgetVisit(visitId: string): void {
    this.visitsSeen.delete(visitId);
  }

  private async startChat(inv: Invitation, page: string): Promise<ChatRecord> {
    const input = { ...(inv.queueId ? { queue: inv.queueId } : {}), page };
    if (!inv.agentId) return this.d.chat.startChat(inv.visitorId, input);
    try {
      return await this.d.chat.startChat(inv.visitorId, { ...input, targetAgentId: inv.agentId });
    } catch (err) {
      // The agent cannot take it now: the chat waits in the queue like any other.
      if (!isAppError(err, 'CAPACITY_EXCEEDED') && !isAppError(err, 'INVALID_TRANSITION')) throw err;
      return this.d.chat.startChat(inv.visitorId, input);
    }
  }

  private hold(inv: Invitation): void {
    this.open.set(inv.visitorId, inv);
    this.timers.set(
      inv.id,
      this.d.clock.setTimeout(() => this.current(inv.visitorId), inv.expiresAt - this.d.clock.now()),
    );
  }

  private take(visitorId: string, invitationId: string): Invitation {
    const inv = this.current(visitorId);
    if (!inv || inv.id !== invitationId) throw new AppError('INVITATION_EXPIRED', undefined, { where: '/invitationId' });
    this.release(inv);
    return inv;
  }

  private release(inv: Invitation): void {
    this.open.delete(inv.visitorId);
    this.d.clock.clearTimeout(this.timers.get(inv.id));
    this.timers.delete(inv.id);
  }

  private expire(inv: Invitation): void {
    this.release(inv);
    // From a timer or a read: nobody awaits it; answered() logs a store failure itself.
    void this.answered(inv, 'expired', null);
  }

  /**
   * Stores the answer, tells the inviting agent (an automatic one: holders of chat.visitors) and
   * the visitors page. A store failure is logged, not thrown: the visitor's answer has taken effect
   * (a chat started), and the row stays unanswered, which the next start stores as expired.
   */
  private async answered(inv: Invitation, answer: InvitationAnswer, chatId: string | null): Promise<void> {
    const at = this.d.clock.now();
    const seen = inv.visitId ? this.visitsSeen.get(inv.visitId) : undefined;
    if (seen) {
      try {
        const row = (await seen).find((x) => x.id === inv.id);
        if (row) Object.assign(row, { answer, answeredAt: at, chatId });
      } catch {
        // That read failed and was dropped (ofVisit): the next read comes from the store, answer included.
      }
    }
    try {
      await this.d.store.answer(inv.id, answer, at, chatId);
    } catch (err) {
      this.d.log.error({ err, invitationId: inv.id, answer }, 'storing the answer of an invitation failed');
    }
    this.d.bus.publish({
      type: 'visitor.invitation_answered',
      at,
      // The inviting agent (supervisors and admins see every event); an automatic one: holders of chat.visitors.
      scope: inv.agentId ? { agentId: inv.agentId } : { everyone: true },
      visitorId: inv.visitorId,
      invitationId: inv.id,
      ...(inv.agentId ? { agentId: inv.agentId } : {}),
      answer,
    });
    this.d.visits.touch(inv.visitorId);
  }

  private frameOf(inv: Invitation): ServerFrame {
    return { type: 'invitation', invitationId: inv.id, agentName: inv.agentName, message: inv.message, ...(inv.messageZh ? { messageZh: inv.messageZh } : {}), expiresAt: inv.expiresAt };
  }
}
