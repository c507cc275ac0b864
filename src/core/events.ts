/**
 * The typed domain-event catalogue. Everything that happens in the contact center and that a
 * person may watch (toolbar, supervisor console, wallboard, reports) is one of these. Events are
 * published on the event bus, persisted where a domain needs them, and streamed over the
 * WebSocket filtered by the receiver's role and scope (see `EventScope`).
 *
 * Naming: `<domain>.<past-tense verb>`. Times are epoch milliseconds from the injected clock.
 */

import type { Media } from './vocabulary.js';

export type { Media };

/** Who may see an event besides admins and supervisors (who see all). */
export interface EventScope {
  /** The agent this is about: that agent sees it. */
  agentId?: string;
  /** Several agents this is about (a call with a consulted colleague on it): each of them sees it. */
  agentIds?: string[];
  /** The team(s) concerned: their team leads see it. */
  teamIds?: string[];
  /** The queue concerned. */
  queueId?: string;
  /** Events that every logged-in user sees (queue statistics, config changes of shared lists). */
  everyone?: boolean;
  /** Events only admins see (audit, config of accounts). */
  adminOnly?: boolean;
  /**
   * Not for supervisors, admins and wall displays: they receive the same figures sooner in an
   * event of their own (the floor's figures, paced once a second for thousands of toolbars).
   */
  exceptStaff?: boolean;
}

/** One queue on the wallboard: callers waiting, the longest wait, agents serving it who are available. */
export interface FloorQueueFigures {
  queueId: string;
  waiting: number;
  longestWaitMs: number;
  available: number;
}

interface Base<T extends string> {
  type: T;
  at: number;
  scope: EventScope;
}

export type AgentStateName =
  | 'logged_out'
  | 'available'
  | 'not_ready'
  | 'offered'
  | 'on_contact'
  | 'wrap_up'
  | 'outbound';

export type DomainEvent =
  // agents
  | (Base<'agent.logged_in'> & { agentId: string; phone?: string })
  | (Base<'agent.logged_out'> & { agentId: string; by?: string })
  | (Base<'agent.state_changed'> & {
      agentId: string;
      from: AgentStateName;
      to: AgentStateName;
      reason?: string;
      by?: string;
    })
  // contacts (calls, chats, callbacks inside the routing engine)
  | (Base<'contact.enqueued'> & { contactId: string; queueId: string; media: Media; priority: number })
  | (Base<'contact.position'> & { contactId: string; queueId: string; position: number; estimatedWaitMs: number | null })
  | (Base<'contact.offered'> & { contactId: string; offerId: string; agentId: string; queueId: string; media: Media })
  | (Base<'contact.offer_withdrawn'> & { contactId: string; offerId: string; agentId: string; reason: string })
  | (Base<'contact.accepted'> & { contactId: string; offerId: string; agentId: string; queueId: string })
  | (Base<'contact.rejected'> & { contactId: string; offerId: string; agentId: string })
  | (Base<'contact.no_answer'> & { contactId: string; offerId: string; agentId: string })
  | (Base<'contact.abandoned'> & { contactId: string; queueId: string; waitedMs: number })
  | (Base<'contact.overflowed'> & { contactId: string; fromQueueId: string; toQueueId: string })
  | (Base<'contact.exited'> & { contactId: string; queueId: string; action: string; reason: string })
  | (Base<'contact.completed'> & { contactId: string; agentId?: string; queueId?: string; outcome: string })
  // chats (src/chat): the agent side of the chat protocol; the /api/ws topic is `chat`
  /** A chat entered a queue and waits: agents able to pick it re-read GET /api/chats. */
  | (Base<'chat.waiting'> & { chatId: string; queueId: string; visitorName: string; since: number; handover?: { reason: 'asked' | 'unhelpful' | 'negative' | 'vip' | 'supervisor' } })
  /** The chat is the agent's now (routed automatically up to the agent's chat capacity, or picked). */
  | (Base<'chat.assigned'> & { chatId: string; agentId: string; queueId: string; visitorName: string; picked: boolean })
  /** One stored, numbered message of the chat (visitor, agent or system). */
  | (Base<'chat.message'> & {
      chatId: string;
      agentId?: string;
      seq: number;
      from: 'visitor' | 'agent' | 'system' | 'bot';
      text: string;
      clientId?: string;
      /** Who wrote an agent message: the owner or an invited colleague (agentId is the chat's owner). */
      authorAgentId?: string;
      /** An article card (its text is the title); a bot line's key. */
      card?: { articleId: string; title: string; excerpt: string };
      botSay?: string;
      /** A screen share's note (src/chat/protocol.ts AssistNote): the text is its English line. */
      assist?: { what: 'screen_share' | 'video_call'; outcome: 'ended' | 'declined'; agentName: string; startedAt: number | null; durationMs: number; endedBy: 'visitor' | 'agent' | 'system' | null; recorded?: true; shareId?: string };
      /** An upload (src/attachments): the text is empty. */
      attachment?: { id: string; kind: 'image' | 'file' | 'video' | 'voice'; name: string; size: number; contentType: string };
    })
  /**
   * A widget visitor arrived, viewed a page or left (before any chat; src/chat/visit-service.ts):
   * holders of chat.visitors re-read GET /api/visitors (or /api/visitors/:visitorId).
   */
  | (Base<'visitor.changed'> & { visitorId: string; online: boolean })
  /** The visitor answered (or let expire) an invitation: the inviting agent sees it (accepted: a chat.assigned follows). */
  | (Base<'visitor.invitation_answered'> & { visitorId: string; invitationId: string; agentId?: string; answer: 'accepted' | 'declined' | 'expired' })
  | (Base<'chat.typing'> & { chatId: string; agentId: string; from: 'visitor'; draft?: string })
  /**
   * The chat moved (src/chat/chat-transfer-service.ts): to `toAgentId` (a transfer accepted, or a
   * supervisor's force-transfer: `forcedBy`) or back into `toQueueId`. Both agents re-read GET /api/chats.
   */
  | (Base<'chat.transferred'> & { chatId: string; queueId: string; visitorName: string; fromAgentId: string; toAgentId?: string; toQueueId?: string; forcedBy?: string })
  /**
   * A transfer to a named agent is waiting for that agent's answer (`pending`), or ended without
   * the chat moving (declined, expired, failed, cancelled, dropped: the owner keeps it and is told
   * why in `reason`). `accepted` is followed by chat.transferred. Both agents see it.
   */
  | (Base<'chat.transfer_changed'> & { transferId: string; chatId: string; fromAgentId: string; toAgentId: string; state: 'pending' | 'accepted' | 'declined' | 'expired' | 'failed' | 'cancelled' | 'dropped'; reason?: string; expiresAt: number; visitorName: string; note?: string })
  /** A colleague joined or left a multi-party chat (`removed`: the owner removed them; `ended`: the chat ended or moved). */
  /** A screen share or video call (kind) of the chat changed state (src/chat/assist/share-state.ts): ids only; a supervisor may watch a live screen share. */
  | (Base<'chat.share_changed'> & { chatId: string; shareId: string; agentId: string; kind: 'screen' | 'video'; state: 'invited' | 'accepted' | 'live' | 'ended' | 'declined' })
  | (Base<'chat.colleague_changed'> & { chatId: string; ownerAgentId: string; colleagueAgentId: string; change: 'joined' | 'left' | 'removed' | 'ended' })
  /** A private note written in the chat (never sent to the visitor): the chat's agent and supervisors re-read the notes. */
  | (Base<'chat.note'> & { chatId: string; agentId?: string; noteId: string; authorUserId: string })
  /**
   * A chat's tags were replaced (src/chat/chat-notes-service.ts): the whole new set, so a workspace
   * or a monitor shows it without a read, and a list filtered by tag (GET /api/chats?tag=) is read again.
   * To the chat's agent, its invited colleagues, supervisors and the leads of the chat's teams.
   */
  | (Base<'chat.tags'> & { chatId: string; agentId?: string; tags: string[]; byUserId: string })
  /** A form or survey was sent in the chat, or its visitor answered one (src/forms): re-read GET /api/chats/:id/forms. */
  | (Base<'chat.form'> & { chatId: string; agentId?: string; requestId: string; what: 'sent' | 'answered' })
  /** The agent has not answered the visitor for the configured time (default 5 minutes). */
  | (Base<'chat.agent_silent'> & { chatId: string; agentId: string; silentMs: number })
  // chat supervision (src/chat/chat-supervision.ts; docs/chat-protocol.md, "Supervision")
  /** A supervisor whispered to the chat's agent: that agent and supervisors see it; never the visitor. */
  | (Base<'chat.whisper'> & { chatId: string; agentId: string; whisperId: string; supervisorUserId: string; supervisorName: string; text: string })
  /** The chat changed hands: the old agent is released (told, their slot freed), the new one handles it. */
  | (Base<'chat.taken_over'> & { chatId: string; fromAgentId: string; toAgentId: string; byUserId: string; via: 'supervisor' | 'silence_alert' })
  /** The chat's agent has been silent: their group is alerted (pop-up and sound) and any of them may take the chat over. */
  | (Base<'chat.silence_alert'> & { chatId: string; agentId: string; queueId: string; visitorName: string; silentMs: number; groupAgentIds: string[] })
  /** The silence alert is over: the agent answered, the chat ended, or someone took it over. */
  | (Base<'chat.silence_cleared'> & { chatId: string; agentId: string; reason: 'answered' | 'ended' | 'taken_over'; byAgentId?: string })
  /** A chat the bot has changed (a visitor's message or the bot's answer: its turns and times): supervisors re-read GET /api/supervisor/chats. */
  | (Base<'chat.with_bot'> & { chatId: string; queueId: string; from: 'visitor' | 'bot' | 'system' })
  /** Something changed in a monitored chat (ids only): its monitors re-read it (GET /api/supervisor/chats/:id). */
  | (Base<'chat.monitored'> & { chatId: string; change: 'message' | 'typing' | 'whisper' | 'handler' | 'ended'; seq?: number })
  | (Base<'chat.ended'> & {
      chatId: string;
      queueId: string;
      /** When the visitor started the chat; `answeredAt` when an agent took it. */
      startedAt: number;
      answeredAt?: number;
      agentId?: string;
      reason: 'visitor_left' | 'agent_ended' | 'visitor_inactive' | 'no_agent';
      outcome?: 'solved' | 'unresolved' | 'spam';
    })
  // calls (voice legs on a media server)
  | (Base<'call.started'> & { callId: string; direction: 'inbound' | 'outbound'; from: string; to: string })
  /** The agent's phone rings for this call: the toolbar's screen-pop. */
  | (Base<'call.offered'> & {
      callId: string;
      agentId: string;
      contactId: string;
      queueId?: string;
      from: string;
      callerName: string;
      customer?: string;
      ivrPath: string[];
      variables: Record<string, string>;
    })
  | (Base<'call.answered'> & { callId: string; agentId?: string })
  /**
   * Every step of the call machine (src/calls/call-state.ts), to every agent on the call before or
   * after the step: the consulting and the consulted agent alike. The toolbar re-reads the call on
   * it, so no step (a consultation answered or cancelled, the agent's own phone answered on
   * click-to-dial) needs polling.
   */
  | (Base<'call.state_changed'> & { callId: string; from: string; to: string; step: string; agentIds: string[] })
  | (Base<'call.held'> & { callId: string; agentId?: string })
  | (Base<'call.resumed'> & { callId: string; agentId?: string })
  | (Base<'call.transferred'> & { callId: string; kind: 'blind' | 'attended'; to: string; agentId?: string })
  | (Base<'call.conference_started'> & { callId: string; agentId?: string })
  | (Base<'call.recording_started'> & { callId: string; recordingId: string })
  | (Base<'call.recording_stopped'> & { callId: string; recordingId: string })
  | (Base<'call.supervision_started'> & { callId: string; supervisorId: string; mode: 'listen' | 'whisper' | 'barge' })
  | (Base<'call.supervision_stopped'> & { callId: string; supervisorId: string })
  | (Base<'call.ended'> & {
      callId: string;
      outcome: string;
      hungUpBy: 'caller' | 'agent' | 'system' | 'unknown';
      /** What outcome notifications and reports need without reading the stored record back. */
      direction: 'inbound' | 'outbound';
      /** The customer's number: the caller of an inbound call, the number dialed of an outbound one. */
      customer: string;
      from: string;
      to: string;
      queueId?: string;
      agentId?: string;
      startedAt: number;
      answeredAt?: number;
    })
  // IVR
  | (Base<'ivr.node_entered'> & { callId: string; flow: string; node: string })
  | (Base<'ivr.finished'> & { callId: string; flow: string; exit: string; /** A voicemail left: the message the ticket system picks up. */ messageId?: string })
  | (Base<'ivr.flow_loaded'> & { flow: string; version: number })
  | (Base<'ivr.flow_rejected'> & { flow: string; file: string; problems: { where: string; reason: string }[] })
  // media server connectivity
  | (Base<'pbx.connected'> & { server: string })
  | (Base<'pbx.disconnected'> & { server: string; reason: string })
  | (Base<'pbx.endpoint_changed'> & { endpoint: string; state: 'registered' | 'unregistered' | 'unknown' })
  // alerts: something an operator must act on (shown to supervisors and admins, logged at error level)
  | (Base<'alert.raised'> & { severity: 'error' | 'warning'; code: string; message: string; callId?: string; flow?: string })
  // supervision: the day's figures (GET /api/realtime/today and /trends) changed; re-read them
  | (Base<'realtime.today_changed'> & { since: number })
  // the floor (src/supervision/floor-watch.ts): figures for status strips and wallboards, and
  // threshold crossings of an audience's indicators (src/supervision/indicators.ts)
  /** The center's indicator values (voice, and chat: zeros until chat is counted) and queue figures, when they change. */
  | (Base<'floor.changed'> & { values: Record<string, number>; chat: Record<string, number>; queues: FloorQueueFigures[] })
  /** An indicator went past (`raised`) or back within (`cleared`) an audience's threshold; once per crossing. */
  | (Base<'floor.alert'> & {
      audience: string;
      /** The team whose counts crossed (team leads' alerts), null for the whole center. */
      teamId: string | null;
      indicator: string;
      media: 'voice' | 'chat';
      state: 'raised' | 'cleared';
      value: number;
      threshold: number;
    })
  // tickets (src/tickets): the list and an open ticket re-read on it. Scoped to the assignee, the
  // members and leads of the ticket's team, before and after the change.
  | (Base<'ticket.changed'> & {
      ticketId: string;
      change: 'created' | 'updated' | 'transitioned' | 'replied';
      status: 'new' | 'open' | 'pending' | 'solved' | 'closed' | 'deleted';
      assigneeId: string | null;
      teamId: string | null;
      by: string;
      /** change 'replied': which reply, and whether it reaches the customer (outcome webhooks carry public ones only). */
      reply?: { id: string; visibility: 'public' | 'internal' };
    })
  // configuration and audit
  | (Base<'config.changed'> & { entity: string; id: string; action: 'created' | 'updated' | 'deleted' })
  | (Base<'audit.recorded'> & { actorId?: string; action: string; target?: string })
  /** An outcome notification was queued, tried or retried (the delivery log re-reads). Admins only. */
  | (Base<'notify.delivery_changed'> & { deliveryId: string; ruleId: string; status: 'pending' | 'delivered' | 'failed'; attempts: number });

export type DomainEventType = DomainEvent['type'];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;

/** Publish/subscribe seam between domain services and adapters (WebSocket, metrics, persistence). */
export interface EventBus {
  publish(event: DomainEvent): void;
  subscribe(listener: (event: DomainEvent) => void): () => void;
}

/** The in-process bus. A throwing listener is isolated so one bad consumer cannot stop routing. */
export class InProcessEventBus implements EventBus {
  private listeners = new Set<(event: DomainEvent) => void>();
  constructor(private readonly onListenerError: (err: unknown, event: DomainEvent) => void = () => {}) {}

  publish(event: DomainEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch (err) {
        this.onListenerError(err, event);
      }
    }
  }

  subscribe(listener: (event: DomainEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
