import { AppError } from '../core/errors.js';
import type { Presence } from '../agents/agent-state.js';
import { agentOf, agentScope, applyAgent, ensureAgent, type EngineContext } from './engine-core.js';
import { cancelTimer, publish, timer } from './engine-effects.js';
import { unwait } from './engine-matching.js';
import type { AgentEntry } from './engine-model.js';
import { createOffer, offerView } from './engine-offers.js';
import { finishWrap, inLine, roomFor } from './engine-queueing.js';
import { withdrawAgentOffers } from './engine-removal.js';
import type { OfferView } from './types.js';

/** The agent's desk: login and presence, wrap-up, taking a contact, click-to-dial. */

const LOGGED_IN: readonly Presence[] = ['available', 'not_ready'];

/** The reason an agent is `outbound` because they clicked to dial (not by their own choice). */
export const CLICK_TO_DIAL = 'click-to-dial';

export type LoginOptions = { phone?: string; state?: 'available' | 'not_ready'; reason?: string; chatCapacity?: number; by?: string };

export function login(cx: EngineContext, agentId: string, opts: LoginOptions = {}): void {
  if (cx.state.removedAgents.has(agentId)) throw new AppError('NOT_FOUND', `agent ${agentId} was removed from the configuration`, { agentId });
  const a = ensureAgent(cx, agentId);
  const chatCapacity = opts.chatCapacity ?? a.profile.defaultChatCapacity;
  applyAgent(cx, a, { kind: 'login', presence: opts.state ?? 'available', ...(opts.phone ? { phone: opts.phone } : {}), ...(opts.reason ? { reason: opts.reason } : {}), ...(chatCapacity !== undefined ? { chatCapacity } : {}) }, opts.by);
  publish(cx, { type: 'agent.logged_in', at: cx.now, scope: agentScope(a), agentId, ...(opts.phone ? { phone: opts.phone } : {}) });
}

export function logout(cx: EngineContext, agentId: string, opts: { by?: string; force?: boolean } = {}): void {
  const a = agentOf(cx, agentId);
  const force = opts.force ?? false;
  const live = a.rec.work.some((w) => w.phase === 'talking' || w.phase === 'held' || w.phase === 'consulted');
  if (a.rec.presence === 'logged_out' || (live && !force)) {
    throw new AppError('INVALID_TRANSITION', `agent ${agentId} cannot log out now (${a.rec.state}${live ? ', on a live contact' : ''})`, { agentId, state: a.rec.state });
  }
  withdrawAgentOffers(cx, a, 'agent_logged_out');
  for (const w of a.rec.work) if (w.phase === 'wrap_up') cancelTimer(cx, { kind: 'wrap', agentId, contactId: w.contactId });
  applyAgent(cx, a, { kind: 'logout', force }, opts.by);
  publish(cx, { type: 'agent.logged_out', at: cx.now, scope: agentScope(a), agentId, ...(opts.by ? { by: opts.by } : {}) });
}

/**
 * A colleague's consultation rings `agentId` about `contactId`: the agent holds a voice slot
 * (work phase `consulted`) so nothing else is offered to them meanwhile. An agent the engine does
 * not know or who is logged out is only a phone to the engine: nothing to hold.
 */
export function consultStarted(cx: EngineContext, agentId: string, contactId: string): void {
  const a = cx.state.agents.get(agentId);
  if (!a || a.rec.presence === 'logged_out' || consultedOn(a, contactId)) return;
  const queueId = cx.state.contacts.get(contactId)?.rec.queueId ?? '';
  applyAgent(cx, a, { kind: 'consult_started', contactId, queueId });
}

/** The consultation ended without a take-over (cancelled, hung up, failed): the slot is free again. */
export function consultEnded(cx: EngineContext, agentId: string, contactId: string): void {
  const a = cx.state.agents.get(agentId);
  // Nothing held any more: the transfer completed (the item became the contact) or the daemon restarted.
  if (!a || !consultedOn(a, contactId)) return;
  applyAgent(cx, a, { kind: 'consult_ended', contactId });
}

export function consultedOn(a: AgentEntry, contactId: string): boolean {
  return a.rec.work.some((w) => w.contactId === contactId && w.phase === 'consulted');
}

export function setState(cx: EngineContext, agentId: string, presence: Exclude<Presence, 'logged_out'>, opts: { reason?: string; by?: string } = {}): void {
  const a = agentOf(cx, agentId);
  applyAgent(cx, a, { kind: 'set_presence', presence, ...(opts.reason ? { reason: opts.reason } : {}) }, opts.by);
}

export function setChatCapacity(cx: EngineContext, agentId: string, capacity: number): void {
  applyAgent(cx, agentOf(cx, agentId), { kind: 'set_chat_capacity', capacity });
}

export function finishWrapUp(cx: EngineContext, agentId: string, contactId?: string): void {
  const a = agentOf(cx, agentId);
  finishWrap(cx, a, wrapItem(a, contactId));
}

export function extendWrapUp(cx: EngineContext, agentId: string, ms: number, contactId?: string): void {
  const a = agentOf(cx, agentId);
  const id = wrapItem(a, contactId);
  applyAgent(cx, a, { kind: 'extend_wrap_up', contactId: id, ms });
  const item = a.rec.work.find((w) => w.contactId === id);
  if (item?.wrapUpEndsAt != null) timer(cx, { kind: 'wrap', agentId, contactId: id }, item.wrapUpEndsAt);
}

export function takeContact(cx: EngineContext, agentId: string, contactId: string): OfferView {
  const a = agentOf(cx, agentId);
  const c = inLine(cx, contactId);
  if (c.rec.state !== 'waiting') throw new AppError('CONTACT_NOT_WAITING', `contact ${contactId} is being offered to another agent`, { contactId });
  roomFor(cx, a, c.rec.media, LOGGED_IN);
  unwait(c);
  return offerView(createOffer(cx, c, a, 'taken'));
}

/**
 * Click-to-dial: the agent is `outbound` until that call's contact ends (see endOutboundCall). An
 * agent who chose `outbound` themselves already is, and stays so after the call. The reason
 * CLICK_TO_DIAL is stored with the presence, so after a daemon restart (when the calls layer
 * announces its live outbound calls again) the end of the call still frees the agent.
 */
export function startOutbound(cx: EngineContext, agentId: string, contactId: string): void {
  const calls = cx.state.outboundCalls;
  if (calls.has(contactId)) throw new AppError('CONFLICT', `outbound call ${contactId} is already known`, { contactId });
  if (agentOf(cx, agentId).rec.presence !== 'outbound') setState(cx, agentId, 'outbound', { reason: CLICK_TO_DIAL });
  calls.set(contactId, agentId);
}

/**
 * The end of a click-to-dial call puts the agent it made outbound back to available (unless they
 * still dial another). False when the contact is no outbound call: it ends as a routed contact.
 */
export function endOutboundCall(cx: EngineContext, contactId: string): boolean {
  const calls = cx.state.outboundCalls;
  const agentId = calls.get(contactId);
  if (agentId === undefined) return false;
  calls.delete(contactId);
  const a = cx.state.agents.get(agentId);
  const stillDialing = [...calls.values()].includes(agentId);
  if (a?.rec.presence === 'outbound' && a.rec.reason === CLICK_TO_DIAL && !stillDialing) setState(cx, agentId, 'available', { reason: 'outbound call ended' });
  return true;
}

function wrapItem(a: AgentEntry, contactId?: string): string {
  const item = a.rec.work.find((w) => w.phase === 'wrap_up' && (!contactId || w.contactId === contactId));
  if (!item) throw new AppError('INVALID_TRANSITION', `agent ${a.rec.id} has no wrap-up${contactId ? ` for contact ${contactId}` : ''}`, { agentId: a.rec.id });
  return item.contactId;
}
