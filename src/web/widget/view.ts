/**
 * What the widget shows, as one immutable value the session publishes after every change; the
 * components only render it. Kept apart from the session so the panel can be drawn (and tested)
 * without a socket.
 */
import type { LeaveMessageReason, OfferedTemplate, VisitorTicket } from '../../chat/protocol.js';
import { EMPTY_TIMELINE, type Timeline } from './timeline.js';

/**
 *   idle ──start──▶ waiting ──assigned──▶ connected ──ended──▶ ended ──new chat──▶ idle
 *                      └───────────────ended──────────────────────▲
 */
export type ChatPhase = 'idle' | 'waiting' | 'connected' | 'ended';
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
  /** A coded refusal of the server, shown in the panel until the next success. */
  error?: { code: string; message: string };
}

export const INITIAL_VIEW: WidgetView = { phase: 'idle', link: 'offline', agentTyping: false, timeline: EMPTY_TIMELINE };
