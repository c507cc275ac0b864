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

/** `waitingSince`: the routing engine's waiting contacts, by contact id (enqueue time in the current queue). */
export function floorCallOf(call: CallInfoLike, waitingSince: ReadonlyMap<string, number>): FloorCall {
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
  return { callId: null, media: item.media, caller: null, callerName: null, queueId: item.queueId, since: item.acceptedAt ?? item.since };
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

