/**
 * The knowledge base beside a call: which call the toolbar's panel belongs to, and which articles
 * the agent already marked "used on this call". An article counts once per call in the usage
 * report (the daemon also counts a repeat once); the page remembers the marks so the button says
 * it is done, for the call and its wrap-up, and forgets calls long over.
 */
import type { Desk, LiveCall } from '../api/types.js';
import type { LastCall } from './desk-store.js';

/**
 * The call the panel serves: the call on screen (not while something rings: the offer card has
 * the screen then), or in wrap-up the call being wrapped up; none for a chat's wrap-up or when idle.
 */
export function kbCallId(s: { call: LiveCall | null; ringing: boolean; desk: Desk | null; lastCall: LastCall | null }): string | undefined {
  if (s.call) return s.ringing ? undefined : s.call.id;
  if (s.desk?.state !== 'wrap_up') return undefined;
  const work = s.desk.work.find((w) => w.phase === 'wrap_up');
  // The desk names the call of a voice contact; without a wrap-up entry the last call is the one.
  return work ? work.callId : s.lastCall?.id;
}

/** The panel's search and open article, for one call. */
export interface KbPanelView {
  callId: string;
  q: string;
  open?: string;
  /** The open article's view was counted: shown again (the panel is back after the call ended), it is not counted twice. */
  counted?: boolean;
}

/** How many calls' marks are kept: the current one and a few before it is plenty. */
export const CALLS_REMEMBERED = 5;

/** callId -> the articles marked on it, oldest call first. */
export type CallUses = ReadonlyArray<readonly [callId: string, articleIds: readonly string[]]>;

export function isMarked(uses: CallUses, callId: string, articleId: string): boolean {
  return uses.some(([c, a]) => c === callId && a.includes(articleId));
}

/** The marks with one more; a repeat changes nothing; the oldest calls drop out past CALLS_REMEMBERED. */
export function marked(uses: CallUses, callId: string, articleId: string): CallUses {
  if (isMarked(uses, callId, articleId)) return uses;
  const before = uses.find(([c]) => c === callId)?.[1] ?? [];
  const others = uses.filter(([c]) => c !== callId);
  return [...others, [callId, [...before, articleId]] as const].slice(-CALLS_REMEMBERED);
}
