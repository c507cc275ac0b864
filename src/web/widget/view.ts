/**
 * What the widget shows, as one immutable value the session publishes after every change; the
 * components only render it. Kept apart from the session so the panel can be drawn (and tested)
 * without a socket.
 */
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
  /** A coded refusal of the server, shown in the panel until the next success. */
  error?: { code: string; message: string };
}

export const INITIAL_VIEW: WidgetView = { phase: 'idle', link: 'offline', agentTyping: false, timeline: EMPTY_TIMELINE };
