/**
 * One live assistance session of a chat (issue 20): a screen share (kind 'screen': the visitor's
 * browser sends its screen, view only) or a video call (kind 'video': both browsers send camera
 * and microphone). The agent invites, the visitor consents, the media go peer to peer, either
 * side ends it. Both kinds follow the same states and moves; one session per chat at a time,
 * whatever its kind (share-service.ts). Pure: the service
 * (share-service.ts) applies a transition, stores the row and tells both sides.
 *
 *              accept (visitor)            live (the agent's browser answered the offer)
 *   invited ─────────────────▶ accepted ─────────────────▶ live
 *      │  decline (visitor)       │ end (either side,          │ end (either side, the chat
 *      ├──────────▶ declined      │ the chat ended)            │ ended, the visitor left)
 *      │  end (agent withdrew,    ▼                            ▼
 *      └─ the chat ended) ──────▶ ended ◀─────────────────────┘
 *
 *   from \ event   accept     decline    live    end
 *   invited        accepted   declined   -       ended
 *   accepted       -          -          live    ended
 *   live           -          -          -       ended
 *   declined, ended  refused: ASSIST_SHARE_OVER (a late answer or end changes nothing)
 *   other "-"        refused: ASSIST_SHARE_STATE (e.g. an offer before consent)
 */
import { AppError } from '../../core/errors.js';

export const SHARE_STATES = ['invited', 'accepted', 'live', 'ended', 'declined'] as const;
export type ShareStateName = (typeof SHARE_STATES)[number];
export type ShareEventKind = 'accept' | 'decline' | 'live' | 'end';

/** screen: the visitor's screen to the agent, view only; video: a two-way camera call. */
export const SHARE_KINDS = ['screen', 'video'] as const;
export type ShareKind = (typeof SHARE_KINDS)[number];

/** speed: the default, smaller and smoother; picture: sharper text, fewer frames. */
export const SHARE_QUALITIES = ['speed', 'picture'] as const;
export type ShareQuality = (typeof SHARE_QUALITIES)[number];

/** Who ended a share: the visitor, a staff member (user id in endedByUserId), or the system (chat ended, socket gone). */
export type ShareEnder = 'visitor' | 'agent' | 'system';

export interface ScreenShare {
  id: string;
  chatId: string;
  /** The agent who invited (the chat's owner or an invited colleague). */
  agentId: string;
  byUserId: string;
  kind: ShareKind;
  quality: ShareQuality;
  state: ShareStateName;
  invitedAt: number;
  acceptedAt: number | null;
  liveAt: number | null;
  endedAt: number | null;
  endedBy: ShareEnder | null;
  /**
   * The visitor was told the session is recorded (the admin switch was on at invite time): only
   * such a share's recording is accepted (share-recordings.ts). Fixed at invite, never changed.
   */
  recorded: boolean;
  /** The recording the agent's page uploaded after the share (recorded shares only; absent until then). */
  recording?: { size: number; at: number };
}

export type ShareEvent = { kind: 'accept' | 'decline' | 'live'; at: number } | { kind: 'end'; at: number; by: ShareEnder };

export const SHARE_TRANSITIONS: Record<ShareStateName, Partial<Record<ShareEventKind, ShareStateName>>> = {
  invited: { accept: 'accepted', decline: 'declined', end: 'ended' },
  accepted: { live: 'live', end: 'ended' },
  live: { end: 'ended' },
  ended: {},
  declined: {},
};

export function isOver(state: ShareStateName): boolean {
  return state === 'ended' || state === 'declined';
}

/** Pure: the share after the event, or a coded refusal (nothing changes). */
export function shareReducer(s: ScreenShare, event: ShareEvent): ScreenShare {
  const to = SHARE_TRANSITIONS[s.state][event.kind];
  if (to === undefined) {
    const details = { shareId: s.id, state: s.state, event: event.kind };
    throw new AppError(isOver(s.state) ? 'ASSIST_SHARE_OVER' : 'ASSIST_SHARE_STATE', `The share is ${s.state}`, details);
  }
  const at = event.at;
  if (event.kind === 'accept') return { ...s, state: to, acceptedAt: at };
  if (event.kind === 'live') return { ...s, state: to, liveAt: at };
  return { ...s, state: to, endedAt: at, endedBy: event.kind === 'end' ? event.by : 'visitor' };
}

/** How long the visitor's screen was seen: from live to the end (0 when it never went live). */
export function sharedMs(s: ScreenShare): number {
  return s.liveAt !== null && s.endedAt !== null ? Math.max(0, s.endedAt - s.liveAt) : 0;
}
