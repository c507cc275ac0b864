import { AppError } from '../core/errors.js';
import type { Presence } from '../agents/agent-state.js';
import { agentOf, applyAgent, moveContact, queueOf, type EngineContext } from './engine-core.js';
import { acceptOffer, holdBack } from './engine-contacts.js';
import { unwait } from './engine-matching.js';
import { createOffer, offerView, withdrawAll } from './engine-offers.js';
import { consultedOn } from './engine-agents.js';
import { connectedContact, enter, inLine, presenceFor, roomFor } from './engine-queueing.js';
import type { AgentEntry, ContactEntry, QueueEntry } from './engine-model.js';
import type { OfferView } from './types.js';

/** A supervisor or an attended transfer moves a contact to a named agent or back into a queue. */

const LOGGED_IN: readonly Presence[] = ['available', 'not_ready'];
/** A transfer target may be on the consultation call of an attended transfer (presence outbound). */
const TRANSFER_TARGET: readonly Presence[] = ['available', 'not_ready', 'outbound'];

export function assignContact(cx: EngineContext, contactId: string, agentId: string, by: string): OfferView {
  const a = agentOf(cx, agentId);
  const c = inLine(cx, contactId);
  if ([...c.offers].some((o) => o.agent === a)) throw new AppError('CONFLICT', `contact ${contactId} is already offered to agent ${agentId}`, { contactId, agentId });
  roomFor(cx, a, c.rec.media, LOGGED_IN);
  withdrawAll(cx, c, `reassigned_by:${by}`);
  unwait(c);
  return offerView(createOffer(cx, c, a, 'assigned'));
}

/**
 * Every refusal forceTransfer can give, without changing anything: a voice contact moves with its
 * call (call handling transfers the media first), so the supervisor's request is checked here
 * before any media moves, and a refusal is a coded answer rather than a caller rung back.
 */
export function checkTransfer(cx: EngineContext, contactId: string, target: TransferTarget): void {
  transferPlan(cx, contactId, target);
}

export function forceTransfer(cx: EngineContext, contactId: string, target: TransferTarget, by: string): OfferView | null {
  const plan = transferPlan(cx, contactId, target);
  if (plan.kind === 'agent') return offerView(createOffer(cx, plan.c, plan.to, 'transferred', plan.from.rec.id));
  applyAgent(cx, plan.from, { kind: 'transferred_away', contactId }, by);
  moveContact(plan.c, 'transferred_to_queue');
  holdBack(cx, plan.c, plan.from.rec.id);
  // Back in line with its first arrival time: a transferred customer does not start over.
  enter(cx, plan.c, plan.q, 0);
  return null;
}

type TransferTarget = { agentId: string } | { queueId: string };
type TransferPlan =
  | { kind: 'agent'; c: ContactEntry; from: AgentEntry; to: AgentEntry }
  | { kind: 'queue'; c: ContactEntry; from: AgentEntry; q: QueueEntry };

function transferPlan(cx: EngineContext, contactId: string, target: TransferTarget): TransferPlan {
  const c = connectedContact(cx, contactId);
  const from = agentOf(cx, c.rec.agentId as string);
  if ('agentId' in target) {
    const to = agentOf(cx, target.agentId);
    if (to === from) throw new AppError('CONFLICT', `contact ${contactId} is already with agent ${to.rec.id}`, { contactId });
    if (c.offers.size > 0) throw new AppError('CONFLICT', `contact ${contactId} already has a transfer ringing`, { contactId });
    roomFor(cx, to, c.rec.media, TRANSFER_TARGET);
    return { kind: 'agent', c, from, to };
  }
  const q = queueOf(cx, target.queueId);
  if (c.offers.size > 0) throw new AppError('CONFLICT', `contact ${contactId} already has a transfer ringing`, { contactId });
  if (q.config.disabled) throw new AppError('QUEUE_DISABLED', `queue ${q.config.id} is disabled and takes no new contacts`, { queueId: q.config.id });
  return { kind: 'queue', c, from, q };
}

/**
 * An attended transfer completed: the connected contact passes from its agent (to wrap-up-free
 * `transferred_away`) to `toAgentId` at once. The target already talks with the caller, so the
 * transfer offer is accepted in the same command and never delivered to be rung.
 */
export function handOver(cx: EngineContext, contactId: string, toAgentId: string): void {
  const c = connectedContact(cx, contactId);
  const from = agentOf(cx, c.rec.agentId as string);
  const to = agentOf(cx, toAgentId);
  if (to === from) throw new AppError('CONFLICT', `contact ${contactId} is already with agent ${to.rec.id}`, { contactId });
  if (c.offers.size > 0) throw new AppError('CONFLICT', `contact ${contactId} already has a transfer ringing`, { contactId });
  // A consulted target already holds its voice slot for this very contact (consultStarted): the
  // offer takes that slot over in place, so only the presence is checked.
  if (consultedOn(to, contactId)) presenceFor(to, TRANSFER_TARGET);
  else roomFor(cx, to, c.rec.media, TRANSFER_TARGET);
  const o = createOffer(cx, c, to, 'transferred', from.rec.id, false);
  acceptOffer(cx, o.rec.id);
}
