/**
 * From what the routing engine, call handling and supervision hold to the floor's inputs
 * (floor-indicators.ts) and the console's agent list: which call each agent is on, who monitors
 * whom. Pure: the route passes the snapshots in.
 */
import type { CallInfoLike } from '../calls/call-view.js';
import { customerNumber } from '../calls/call-model.js';
import type { Media } from '../core/events.js';
import type { SupervisionMode } from '../pbx/port.js';
import type { FloorCall, FloorMonitoring } from './floor-indicators.js';

/** The agent a consultation of this call reaches: the live consult leg's agent. */
function consultAgentOf(call: CallInfoLike): string | undefined {
  return call.legs.find((l) => l.role === 'consult' && l.agentId !== undefined && l.endedAt === undefined)?.agentId;
}

/**
 * `waitingSince`: when the routing engine's waiting contacts began to wait, by contact id (a map, or
 * the engine's own lookup, so the floor need not list every waiting contact).
 */
export function floorCallOf(call: CallInfoLike, waitingSince: Pick<ReadonlyMap<string, number>, 'get'>): FloorCall {
  const consultAgentId = consultAgentOf(call);
  const since = call.contactId === undefined ? undefined : waitingSince.get(call.contactId);
  return {
    callId: call.id,
    direction: call.direction,
    state: call.state,
    ...(call.agentId !== undefined ? { agentId: call.agentId } : {}),
    ...(consultAgentId !== undefined ? { consultAgentId } : {}),
    ...(since !== undefined ? { waitingSince: since } : {}),
  };
}

export interface AgentContact {
  /** The routing engine's contact (what a supervisor's force-transfer names), null for a call outside routing. */
  contactId: string | null;
  callId: string | null;
  media: Media;
  /** The customer's number (a call), null for a contact without one. */
  caller: string | null;
  callerName: string | null;
  queueId: string | null;
  /** When the contact reached this agent (answered, or offered while it rings). */
  since: number;
}

export interface AgentWork {
  contactId: string;
  media: Media;
  queueId: string;
  phase: string;
  since: number;
  acceptedAt: number | null;
}

/**
 * The contact shown in an agent's row: their call (own or consulted), else the first live work
 * item (a chat), else none. Wrap-up work is not a current contact.
 */
export function currentContactOf(agentId: string, calls: readonly CallInfoLike[], work: readonly AgentWork[]): AgentContact | null {
  const call = calls.find((c) => c.state !== 'ended' && (c.agentId === agentId || consultAgentOf(c) === agentId));
  if (call) {
    const leg = call.legs.find((l) => l.agentId === agentId && l.endedAt === undefined);
    return {
      contactId: call.contactId ?? null,
      callId: call.id,
      media: 'voice',
      caller: customerNumber(call),
      callerName: call.callerName === '' ? null : call.callerName,
      queueId: call.queueId ?? null,
      since: leg?.answeredAt ?? leg?.createdAt ?? call.answeredAt ?? call.startedAt,
    };
  }
  const item = work.find((w) => w.phase !== 'wrap_up');
  if (!item) return null;
  return { contactId: item.contactId, callId: null, media: item.media, caller: null, callerName: null, queueId: item.queueId, since: item.acceptedAt ?? item.since };
}

export interface WaitingContact {
  contactId: string;
  /** The waiting call, null for a contact that is not a call (a chat, a callback). */
  callId: string | null;
  caller: string | null;
  callerName: string | null;
  queueId: string;
  /** Enqueued in the current queue. */
  since: number;
}

/**
 * The contacts waiting in line (or ringing an agent, not yet answered), longest wait first, with the
 * caller of those that are calls: what a supervisor picks from to assign to an agent.
 */
export function waitingContactsOf(waiting: readonly { contactId: string; queueId: string; since: number }[], calls: readonly CallInfoLike[]): WaitingContact[] {
  const callOf = new Map(calls.filter((c) => c.contactId !== undefined && c.state !== 'ended').map((c) => [c.contactId as string, c]));
  return waiting
    .map((w) => {
      const call = callOf.get(w.contactId);
      return {
        contactId: w.contactId,
        callId: call?.id ?? null,
        caller: call ? customerNumber(call) : null,
        callerName: call && call.callerName !== '' ? call.callerName : null,
        queueId: w.queueId,
        since: w.since,
      };
    })
    .sort((a, b) => a.since - b.since || a.contactId.localeCompare(b.contactId));
}

export interface Monitor {
  supervisorId: string;
  mode: SupervisionMode;
  state: FloorMonitoring['state'];
}

/** Who monitors each agent (by the supervised call's agent). */
export function monitorsByAgent(sessions: readonly (FloorMonitoring & { callId: string })[], calls: readonly CallInfoLike[]): Map<string, Monitor> {
  const agentOfCall = new Map(calls.map((c) => [c.id, c.agentId]));
  const out = new Map<string, Monitor>();
  for (const s of sessions) {
    const agentId = agentOfCall.get(s.callId);
    if (agentId !== undefined && s.state !== 'ended') out.set(agentId, { supervisorId: s.supervisorId, mode: s.mode, state: s.state });
  }
  return out;
}

