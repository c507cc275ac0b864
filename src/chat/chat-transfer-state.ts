/**
 * A transfer of an active chat to a named agent, while it waits for that agent's answer. The
 * chat itself never waits: its owner keeps it (writes, is written to) until the target accepts,
 * and the visitor sees nothing of a transfer that does not happen.
 *
 *                         accept (target; the engine hands the chat over)
 *            ┌──────────────────────────────────────────────────────────▶ accepted
 *            │            decline (target, optional reason)
 *            ├──────────────────────────────────────────────────────────▶ declined ─┐
 *            │            timeout (SWITCHBOARD_CHAT_TRANSFER_TIMEOUT_SECONDS)          │ the owner
 *   pending ─┼──────────────────────────────────────────────────────────▶ expired  ─┤ keeps the chat
 *            │            fail (at accept the target can no longer take it)          │ and is told
 *            ├──────────────────────────────────────────────────────────▶ failed   ─┤ why
 *            │            cancel (the owner changed their mind)                      │
 *            ├──────────────────────────────────────────────────────────▶ cancelled ┘
 *            │            drop (the chat ended or moved some other way)
 *            └──────────────────────────────────────────────────────────▶ dropped
 *
 *   from \ event   accept     decline    timeout   fail     cancel     drop
 *   pending        accepted   declined   expired   failed   cancelled  dropped
 *   (any other)    refused: CHAT_TRANSFER_NOT_PENDING (a late answer changes nothing)
 *
 * Transfers to a queue and a supervisor's force-transfer do not pass through here: they happen at
 * once (the queue or the named agent takes the chat in the same command).
 */
import { AppError } from '../core/errors.js';

export const TRANSFER_STATES = ['pending', 'accepted', 'declined', 'expired', 'failed', 'cancelled', 'dropped'] as const;
export type TransferStateName = (typeof TRANSFER_STATES)[number];

export type TransferEventKind = 'accept' | 'decline' | 'timeout' | 'fail' | 'cancel' | 'drop';

export interface ChatTransfer {
  id: string;
  chatId: string;
  fromAgentId: string;
  toAgentId: string;
  /** Shown to the target with the offer. */
  visitorName: string;
  /** The user who asked (the owner's user; a supervisor never makes a pending transfer). */
  byUserId: string;
  /** What the owner tells the target ("billing question, order 1234"); never shown to the visitor. */
  note: string;
  createdAt: number;
  expiresAt: number;
  state: TransferStateName;
  endedAt: number | null;
  /** Why it ended without the chat moving: the target's decline reason, or the refusal's code at accept. */
  reason: string | null;
}

export type TransferEvent = { kind: TransferEventKind; at: number; reason?: string };

export const TRANSFER_TRANSITIONS: Record<TransferStateName, Partial<Record<TransferEventKind, TransferStateName>>> = {
  pending: { accept: 'accepted', decline: 'declined', timeout: 'expired', fail: 'failed', cancel: 'cancelled', drop: 'dropped' },
  accepted: {},
  declined: {},
  expired: {},
  failed: {},
  cancelled: {},
  dropped: {},
};

/** Pure: the transfer after the event, or CHAT_TRANSFER_NOT_PENDING (nothing changes). */
export function transferReducer(t: ChatTransfer, event: TransferEvent): ChatTransfer {
  const to = TRANSFER_TRANSITIONS[t.state][event.kind];
  if (to === undefined) throw new AppError('CHAT_TRANSFER_NOT_PENDING', `The transfer is ${t.state}`, { transferId: t.id, state: t.state, event: event.kind });
  return { ...t, state: to, endedAt: event.at, reason: event.reason ?? null };
}

/** The ending states in which the chat stays with its owner, who is told why. */
export function returnsToOwner(state: TransferStateName): boolean {
  return state === 'declined' || state === 'expired' || state === 'failed';
}
