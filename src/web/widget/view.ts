/**
 * What the widget shows, as one immutable value the session publishes after every change; the
 * components only render it. Kept apart from the session so the panel can be drawn (and tested)
 * without a socket.
 */
import type { LeaveMessageReason, OfferedForm, OfferedTemplate, VisitorTicket } from '../../chat/protocol.js';
import { EMPTY_TIMELINE, type Timeline } from './timeline.js';

/**
 *   idle ──start──▶ waiting ──assigned──▶ connected ──ended──▶ ended ──new chat──▶ idle
 *     │                ▲ └───────────────ended──────────────────────▲
 *     └─start──▶ bot ──┘ queued (handed over)                       │
 *                 └──────────────────ended──────────────────────────┘
 */
export type ChatPhase = 'idle' | 'bot' | 'waiting' | 'connected' | 'ended';
/** The socket under the chat: down means reconnecting with back-off, never given up while a chat is open. */
export type LinkState = 'offline' | 'connecting' | 'open' | 'reconnecting';

export interface WidgetView {
  phase: ChatPhase;
  link: LinkState;
  /** 1-based place in the queue while waiting. */
  position?: number;
  /** The server's estimate of the remaining wait, in whole minutes (at least 1). */
  etaMinutes?: number;
  agentName?: string;
  agentTyping: boolean;
  /** Who is typing now (a colleague invited into the chat is not `agentName`). */
  typingName?: string;
  timeline: Timeline;
  /**
   * Leaving a message (docs/chat-protocol.md): the offer the server made, the message on its way
   * (its client id) and, once stored, its ticket.
   */
  leave?: { reason: LeaveMessageReason; templates: OfferedTemplate[]; sending?: string; ticketId?: string; open: boolean };
  /** The visitor's own tickets with their public replies, once asked for. */
  tickets?: VisitorTicket[];
  /**
   * The survey after a chat the agent ended as solved: offered with `ended`, answered once
   * (score 1-5 and a comment); `done` once the server stored it.
   */
  survey?: { chatId: string; sending: boolean; done: boolean };
  /** An agent (or the team, agentName null) invites the visitor to chat; answered with accept or decline. */
  /** messageZh: a rule's Chinese message, shown to a visitor whose widget speaks Chinese. */
  invitation?: { id: string; agentName: string | null; message: string; messageZh?: string };
  /**
   * Forms and surveys the agent sent (docs/chat-protocol.md, "Forms and surveys"): open until the
   * visitor sends them, sending until form_saved, done after; a refusal names the field.
   */
  forms: WidgetForm[];
  /** The channel's pre-chat form (asked when the visitor starts a chat); open while shown. */
  prechat?: { formId: string; version: number; form: OfferedForm; open: boolean; sending?: string; problem?: FormProblemView };
  /** An article card opened: its published text once read (failed: the server refused it). */
  article?: { id: string; title: string; body?: string; failed?: boolean };
  /** A coded refusal of the server, shown in the panel until the next success. */
  error?: { code: string; message: string };
}

/** A refusal of a form answer: the server's code and the field it names (absent: the whole form). */
export interface FormProblemView {
  code: string;
  field?: string;
  message: string;
}

export interface WidgetForm {
  requestId: string;
  form: OfferedForm;
  state: 'open' | 'sending' | 'done';
  /** The answer on its way (resent with the same client id after a reconnect). */
  clientId?: string;
  answers?: Record<string, string | number>;
  problem?: FormProblemView;
}

export const INITIAL_VIEW: WidgetView = { phase: 'idle', link: 'offline', agentTyping: false, timeline: EMPTY_TIMELINE, forms: [] };
