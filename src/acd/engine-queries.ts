import { agentOf, contactOf, queueOf, type EngineContext } from './engine-core.js';
import { contactView, offerView } from './engine-offers.js';
import { averageHandle, estimate, inLine, positionOf } from './engine-queueing.js';
import type { AgentSnapshot, QueueSnapshot } from './routing-api.js';
import type { ContactView, OfferView, PositionInfo } from './types.js';

/** Read-only views of the engine for the desk, supervisors and the API. */

export function contactViewOf(cx: EngineContext, contactId: string): ContactView {
  return contactView(contactOf(cx, contactId));
}

export function position(cx: EngineContext, contactId: string): PositionInfo {
  return positionOf(cx, inLine(cx, contactId));
}

export function queueSnapshot(cx: EngineContext, queueId: string): QueueSnapshot {
  const q = queueOf(cx, queueId);
  const line = [...q.line].sort((x, y) => x.rec.rank - y.rec.rank || x.rec.seq - y.rec.seq);
  const staffed = { voice: 0, chat: 0 };
  const available = { voice: 0, chat: 0 };
  for (const id of q.members.keys()) {
    const a = cx.state.agents.get(id);
    if (!a || a.rec.presence === 'logged_out') continue;
    staffed.voice += 1;
    staffed.chat += a.rec.chatCapacity;
    if (a.idle.voice) available.voice += 1;
    if (a.idle.chat) available.chat += 1;
  }
  return {
    queueId,
    strategy: q.config.strategy,
    contacts: line.map((c, i) => ({ ...contactView(c), position: i + 1, waitedMs: cx.now - c.rec.enqueuedAt })),
    staffed,
    available,
    averageHandleMs: Math.round(averageHandle(cx, q)),
    estimatedWaitMs: estimate(cx, q, 'voice', line.length + 1, available.voice),
  };
}

export function agentSnapshot(cx: EngineContext, agentId: string): AgentSnapshot {
  const a = agentOf(cx, agentId);
  return { ...a.rec, work: a.rec.work.map((w) => ({ ...w })), profile: a.profile, openOffers: [...a.offers].map((o) => offerView(o)) };
}

export function openOfferViews(cx: EngineContext, agentId?: string): OfferView[] {
  const out: OfferView[] = [];
  for (const o of cx.state.offers.values()) if (!agentId || o.rec.agentId === agentId) out.push(offerView(o));
  return out;
}
