/**
 * Proactive invitations (issue 12): an agent invites a visitor on the site; the widget shows it
 * (the agent's name and a message); the visitor accepts or declines. Accepting starts the chat
 * offered to that agent only, through the routing engine's targeted enqueue (the same command a
 * transfer to a named agent uses: nobody else is offered it first). When that agent cannot take
 * it any more (logged out, no free chat slot), the chat enters the queue like any other instead
 * of failing the visitor's acceptance.
 *
 *   (none) ──invite──▶ open ──accept──▶ accepted (the chat starts)
 *                        ├──decline──▶ declined (the agent is told)
 *                        └──TTL──────▶ expired (answering it: INVITATION_EXPIRED)
 *
 * Invitations live in memory: they last two minutes and mean nothing after a restart.
 */
import { AppError, isAppError } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import type { ChatService } from './chat-service.js';
import type { ChatRecord } from './chat-state.js';
import type { ChatRouting } from './ports.js';
import type { ServerFrame } from './protocol.js';
import type { VisitService } from './visit-service.js';

/** How long an invitation may be answered. */
export const INVITATION_TTL_MS = 2 * 60_000;
export const INVITATION_MESSAGE_MAX = 500;

export interface Invitation {
  id: string;
  visitorId: string;
  /** null: an automatic invitation (from the team/queue, not a named agent). */
  agentId: string | null;
  agentName: string | null;
  queueId: string | null;
  message: string;
  createdAt: number;
  expiresAt: number;
}

export interface InvitationDeps {
  chat: ChatService;
  visits: VisitService;
  routing: Pick<ChatRouting, 'queuesOf'>;
  names: { displayName(agentId: string): Promise<string> };
  clock: Clock;
  bus: EventBus;
  newId: () => string;
}

type Listener = (frame: ServerFrame) => void;

export class InvitationService {
  private readonly open = new Map<string, Invitation>();
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly d: InvitationDeps) {}

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

  /** An agent invites a visitor on the site. */
  async invite(visitorId: string, by: { agentId: string | null; queueId?: string }, message: string): Promise<Invitation> {
    if (!this.d.visits.isOnline(visitorId)) throw new AppError('VISITOR_GONE', undefined, { visitorId });
    if (this.d.chat.openChatOfVisitor(visitorId)) throw new AppError('VISITOR_CHATTING', undefined, { visitorId });
    if (this.current(visitorId)) throw new AppError('VISITOR_INVITED', undefined, { visitorId });
    const now = this.d.clock.now();
    const inv: Invitation = {
      id: this.d.newId(),
      visitorId,
      agentId: by.agentId,
      agentName: by.agentId ? await this.d.names.displayName(by.agentId) : null,
      queueId: by.queueId ?? (by.agentId ? (this.d.routing.queuesOf(by.agentId)[0] ?? null) : null),
      message: message.trim().slice(0, INVITATION_MESSAGE_MAX),
      createdAt: now,
      expiresAt: now + INVITATION_TTL_MS,
    };
    this.open.set(visitorId, inv);
    for (const l of this.listeners.get(visitorId) ?? []) l(this.frameOf(inv));
    return inv;
  }

  /** The visitor accepts: the chat starts, offered to the inviting agent. */
  async accept(visitorId: string, invitationId: string, page: string): Promise<ChatRecord> {
    const inv = this.take(visitorId, invitationId);
    this.answered(inv, 'accepted');
    const input = { ...(inv.queueId ? { queue: inv.queueId } : {}), page };
    if (!inv.agentId) return this.d.chat.startChat(visitorId, input);
    try {
      return await this.d.chat.startChat(visitorId, { ...input, targetAgentId: inv.agentId });
    } catch (err) {
      // The agent cannot take it now: the chat waits in the queue like any other.
      if (!isAppError(err, 'CAPACITY_EXCEEDED') && !isAppError(err, 'INVALID_TRANSITION')) throw err;
      return this.d.chat.startChat(visitorId, input);
    }
  }

  decline(visitorId: string, invitationId: string): void {
    this.answered(this.take(visitorId, invitationId), 'declined');
  }

  /** The open invitation of the visitor, if any (an expired one is dropped and its agent told). */
  current(visitorId: string): Invitation | undefined {
    const inv = this.open.get(visitorId);
    if (!inv) return undefined;
    if (this.d.clock.now() < inv.expiresAt) return inv;
    this.open.delete(visitorId);
    this.answered(inv, 'expired');
    return undefined;
  }

  private take(visitorId: string, invitationId: string): Invitation {
    const inv = this.current(visitorId);
    if (!inv || inv.id !== invitationId) throw new AppError('INVITATION_EXPIRED', undefined, { where: '/invitationId' });
    this.open.delete(visitorId);
    return inv;
  }

  private answered(inv: Invitation, answer: 'accepted' | 'declined' | 'expired'): void {
    this.d.bus.publish({
      type: 'visitor.invitation_answered',
      at: this.d.clock.now(),
      // The inviting agent (supervisors and admins see every event); an automatic one: holders of chat.visitors.
      scope: inv.agentId ? { agentId: inv.agentId } : { everyone: true },
      visitorId: inv.visitorId,
      invitationId: inv.id,
      ...(inv.agentId ? { agentId: inv.agentId } : {}),
      answer,
    });
  }

  private frameOf(inv: Invitation): ServerFrame {
    return { type: 'invitation', invitationId: inv.id, agentName: inv.agentName, message: inv.message, expiresAt: inv.expiresAt };
  }
}
