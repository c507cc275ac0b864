/**
 * The agent's wrap-up of a call: the disposition picked from the configured list and a note.
 *
 * Who and when: only an agent who handled the call (see handledBy), while
 * the call lasts, while they are in wrap-up for it, or within 24 hours of its end. Later, the call
 * is history and stays as it was.
 *
 * What: fields left out keep their stored value, so a note sent alone never clears the outcome;
 * `disposition: null` and `note: ''` clear. Only an active disposition can be picked; its code
 * and label are copied onto the call.
 */
import type { Clock } from '../core/clock.js';
import { AppError, validationError } from '../core/errors.js';
import type { CallLeg, CallWrapUp } from './call-model.js';
import type { CallInfoLike } from './call-view.js';
import type { CallWrapUpStore } from './history-ports.js';
import type { CallRecordReader } from './ports.js';

export const WRAP_UP_WINDOW_MS = 24 * 3600_000;

export interface WrapUpChange {
  /** A disposition id; null clears; omitted keeps. */
  disposition?: string | null;
  /** '' clears; omitted keeps. */
  note?: string;
}

export interface DispositionCatalog {
  find(id: string): Promise<{ id: string; code: string; label: string; active: boolean } | undefined>;
}

export interface WrapUpDeps {
  clock: Clock;
  records: Pick<CallRecordReader, 'get'>;
  store: CallWrapUpStore;
  dispositions: DispositionCatalog;
  liveCall(callId: string): CallInfoLike | undefined;
  /** The routing engine's contacts the agent is in wrap-up for now. */
  wrapUpContacts(agentId: string): string[];
}

export class WrapUpService {
  constructor(private readonly deps: WrapUpDeps) {}

  async set(callId: string, agentId: string, change: WrapUpChange): Promise<CallWrapUp> {
    const live = this.deps.liveCall(callId);
    const stored = await this.deps.records.get(callId);
    if (!stored) throw new AppError('NOT_FOUND', `No call ${callId}`, { callId });
    if (!handledBy(agentId, live?.legs ?? stored.legs, live?.agentId ?? stored.call.agentId)) throw new AppError('FORBIDDEN', 'This call is not yours', { callId });
    const now = this.deps.clock.now();
    const call = stored.call;
    const contactIds = new Set([callId, ...(call.contactId ? [call.contactId] : [])]);
    const inWrapUp = this.deps.wrapUpContacts(agentId).some((c) => contactIds.has(c) || c.startsWith(`${callId}:`));
    const ongoing = live !== undefined && live.state !== 'ended';
    const recent = call.endedAt !== undefined && now - call.endedAt <= WRAP_UP_WINDOW_MS;
    if (!ongoing && !inWrapUp && !recent) {
      throw new AppError('INVALID_TRANSITION', 'The wrap-up of a call can be changed until 24 hours after it ended', { callId, endedAt: call.endedAt });
    }
    const before = call.wrapUp;
    const next: CallWrapUp = {
      disposition: change.disposition === undefined ? (before?.disposition ?? null) : await this.pick(change.disposition),
      note: change.note === undefined ? (before?.note ?? null) : change.note === '' ? null : change.note,
      by: agentId,
      at: now,
    };
    if (!(await this.deps.store.saveWrapUp(callId, next))) throw new AppError('NOT_FOUND', `No call ${callId}`, { callId });
    return next;
  }

  private async pick(id: string | null): Promise<CallWrapUp['disposition']> {
    if (id === null) return null;
    const found = await this.deps.dispositions.find(id);
    if (!found) throw validationError([{ where: '/disposition', reason: `no disposition ${id}` }]);
    if (!found.active) throw validationError([{ where: '/disposition', reason: `disposition ${found.code} is no longer offered` }]);
    return { id: found.id, code: found.code, label: found.label };
  }
}

/**
 * The agent answered their own leg of the call, or was consulted and took it over (an attended
 * transfer leaves them as the call's agent). A consultation that went back to the first agent
 * does not make the call theirs to wrap up.
 */
function handledBy(agentId: string, legs: readonly CallLeg[], lastAgentId: string | undefined): boolean {
  const answered = legs.filter((l) => l.agentId === agentId && l.answeredAt !== undefined);
  return answered.some((l) => l.role === 'agent') || (lastAgentId === agentId && answered.some((l) => l.role === 'consult'));
}
