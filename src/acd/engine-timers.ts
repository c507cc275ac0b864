import type { EngineContext } from './engine-core.js';
import { countDecline } from './engine-core.js';
import { offerNoAnswer } from './engine-contacts.js';
import { emit, touch } from './engine-effects.js';
import { hoursChanged } from './engine-hours.js';
import { offerView } from './engine-offers.js';
import { finishWrap, maxWait, relax, repool } from './engine-queueing.js';
import type { TimerKey } from './timer-keys.js';

/**
 * A timer the engine set is due. Each kind checks it is still wanted (the offer still open, the
 * decline still ending now): a timer cancelled too late or set again later does nothing.
 */
export function fire(cx: EngineContext, key: TimerKey): void {
  const { state } = cx;
  switch (key.kind) {
    case 'offer': {
      const o = state.offers.get(key.offerId);
      if (!o) return;
      // The engine alone owns the no-answer deadline: the channel layer hears it as a withdrawal.
      const view = offerView(o);
      offerNoAnswer(cx, key.offerId);
      emit(cx, { kind: 'withdraw', offer: view, reason: 'no_answer' });
      return;
    }
    case 'maxwait': {
      const c = state.contacts.get(key.contactId);
      if (c && c.rec.state !== 'connected') maxWait(cx, c);
      return;
    }
    case 'relax': {
      const c = state.contacts.get(key.contactId);
      if (c && c.rec.state !== 'connected') relax(cx, c);
      return;
    }
    case 'decline': {
      const c = state.contacts.get(key.contactId);
      const agentId = key.agentId;
      if (!c || (c.rec.declinedUntil[agentId] ?? 0) > cx.now) return;
      const { [agentId]: gone, ...rest } = c.rec.declinedUntil;
      c.rec.declinedUntil = rest;
      if (gone !== undefined) countDecline(cx, agentId, -1);
      touch(cx, c);
      if (c.pool) repool(cx, c);
      return;
    }
    case 'wrap': {
      const a = state.agents.get(key.agentId);
      const item = a?.rec.work.find((w) => w.contactId === key.contactId && w.phase === 'wrap_up');
      if (a && item && (item.wrapUpEndsAt ?? 0) <= cx.now) finishWrap(cx, a, key.contactId);
      return;
    }
    case 'hours':
      return hoursChanged(cx, key.queueId);
  }
}
