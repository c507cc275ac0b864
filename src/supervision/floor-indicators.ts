/**
 * The supervisor console's floor counts (issue 11), as one pure function of the live state: the
 * routing engine's agents, call handling's live calls and the supervision sessions. Each agent,
 * call and monitoring supervisor lands in exactly one count of its group (test/unit/supervision/
 * floor-indicators.test.ts walks a table of every situation), so a tile never counts anybody twice.
 *
 * Definitions (after the Sobot 2019-03 release notes):
 * - online: every agent not logged out (the sum of the agent counts below).
 * - available / not ready (per reason) / wrap-up / outbound idle: the agent's own state, when no
 *   live call involves them.
 * - handling (inbound) and dialing out (outbound), each ringing / talking / on hold: the agent who
 *   has the customer. On inbound, `ringing` is the offer ringing at the agent; on outbound,
 *   `dialing` is the agent's phone or the customer's ringing. An agent consulting a colleague has
 *   put the customer on hold (consultation) and counts as on hold until the three-way starts
 *   (then talking). After a completed transfer the receiving agent is the call's agent, so counts
 *   here, not under "consulted".
 * - consulted (transferred to): the colleague a consultation rings (`ringing`, also when the first
 *   agent already left: a transfer ringing), talking with the consulting agent only
 *   (`transferConsult`) or in the three-way with the customer (`threeWay`).
 * - an agent with no call but a live contact (a chat, a callback being set up) counts by its work:
 *   an open offer as handling ringing, a live contact as handling talking.
 * - supervisors monitoring: `listening` (listen and whisper: the customer hears nothing of the
 *   supervisor either way) or `barging` (a three-way with agent and customer); a supervisor with
 *   several sessions counts once, barging first. A supervisor left alone with the customer (the
 *   agent force-released while the supervisor is on the call) counts as handling / dialing out
 *   talking instead.
 * - calls: inbound in progress (someone of ours talks with the caller: connected, on hold, in a
 *   consultation or three-way, a transfer ringing), waiting in queue (queued or an offer ringing:
 *   the routing engine's "waiting") with the longest current wait, in the IVR, and outbound in
 *   progress (every click-to-dial call).
 */
import type { AgentStateName } from '../core/events.js';
import type { CallStateName } from '../calls/call-model.js';
import type { SupervisionMode } from '../pbx/port.js';

export interface FloorAgent {
  agentId: string;
  state: AgentStateName;
  /** Not-ready reason code; null otherwise. */
  reason: string | null;
}

export interface FloorCall {
  callId: string;
  direction: 'inbound' | 'outbound';
  state: CallStateName;
  /** The agent who has (or is being offered) the customer; undefined when none. */
  agentId?: string;
  /** The agent a consultation reaches (consult / conference / transfer ringing), when an agent. */
  consultAgentId?: string;
  /** When the caller began to wait in the current queue (the routing engine's time), for the longest wait. */
  waitingSince?: number;
}

export interface FloorMonitoring {
  supervisorId: string;
  callId: string;
  mode: SupervisionMode;
  /** Only `active` sessions count: a supervisor whose phone still rings monitors nothing yet. */
  state: 'dialing' | 'joining' | 'active' | 'ended';
}

export interface FloorInput {
  now: number;
  agents: readonly FloorAgent[];
  calls: readonly FloorCall[];
  monitoring: readonly FloorMonitoring[];
}

export interface PhaseCounts {
  ringing: number;
  talking: number;
  onHold: number;
}

export interface FloorCounts {
  agents: {
    online: number;
    available: number;
    /** Per reason code; an agent not ready without a reason counts under `unknown`. */
    notReady: Record<string, number>;
    wrapUp: number;
    /** Chose outbound and is on no call yet. */
    outboundIdle: number;
    handling: PhaseCounts;
    /** `ringing` here is dialing (the agent's phone, then the customer's). */
    dialingOut: PhaseCounts;
    consulted: { ringing: number; threeWay: number; transferConsult: number };
  };
  supervisors: { listening: number; barging: number; handling: number; dialingOut: number };
  calls: { inboundInProgress: number; waiting: number; longestWaitMs: number; inIvr: number; outboundInProgress: number };
}

/** Where one agent lands; exported for the agent list, which shows the same words as the tiles. */
export type AgentActivity =
  | { group: 'available' | 'wrapUp' | 'outboundIdle' }
  | { group: 'notReady'; reason: string }
  | { group: 'handling' | 'dialingOut'; phase: keyof PhaseCounts }
  | { group: 'consulted'; phase: keyof FloorCounts['agents']['consulted'] };

const CONSULT_STATES: ReadonlySet<CallStateName> = new Set(['consult_ringing', 'consulting', 'conference', 'transfer_ringing']);
const IN_PROGRESS: ReadonlySet<CallStateName> = new Set(['connected', 'held', 'consult_ringing', 'consulting', 'conference', 'transfer_ringing']);

/** What the call's own agent is doing in it; undefined when the call does not (or no longer) involve them. */
function ownerActivity(call: FloorCall): AgentActivity | undefined {
  const group = call.direction === 'inbound' ? 'handling' : 'dialingOut';
  switch (call.state) {
    case 'offering':
    case 'dialing_agent':
    case 'dialing_customer':
      return { group, phase: 'ringing' };
    case 'connected':
    case 'conference':
      return { group, phase: 'talking' };
    case 'held':
    case 'consult_ringing':
    case 'consulting':
      return { group, phase: 'onHold' };
    default:
      // transfer_ringing: the first agent has left; queued (a blind transfer in flight), ivr, ended: no agent of theirs.
      return undefined;
  }
}

function consultActivity(call: FloorCall): AgentActivity | undefined {
  if (call.state === 'consult_ringing' || call.state === 'transfer_ringing') return { group: 'consulted', phase: 'ringing' };
  if (call.state === 'consulting') return { group: 'consulted', phase: 'transferConsult' };
  if (call.state === 'conference') return { group: 'consulted', phase: 'threeWay' };
  return undefined;
}

function ownState(agent: FloorAgent): AgentActivity | undefined {
  switch (agent.state) {
    case 'available':
      return { group: 'available' };
    case 'not_ready':
      return { group: 'notReady', reason: agent.reason ?? 'unknown' };
    case 'wrap_up':
      return { group: 'wrapUp' };
    case 'outbound':
      return { group: 'outboundIdle' };
    case 'offered':
      return { group: 'handling', phase: 'ringing' };
    case 'on_contact':
      return { group: 'handling', phase: 'talking' };
    default:
      return undefined;
  }
}

/** What each logged-in agent is doing, by agent id: a live call first, else the agent's own state. */
export function agentActivities(input: Pick<FloorInput, 'agents' | 'calls'>): Map<string, AgentActivity> {
  const byCall = new Map<string, AgentActivity>();
  for (const call of input.calls) {
    if (call.agentId) {
      const a = ownerActivity(call);
      if (a) byCall.set(call.agentId, a);
    }
    if (call.consultAgentId && CONSULT_STATES.has(call.state)) {
      const a = consultActivity(call);
      if (a) byCall.set(call.consultAgentId, a);
    }
  }
  const out = new Map<string, AgentActivity>();
  for (const agent of input.agents) {
    if (agent.state === 'logged_out') continue;
    const a = byCall.get(agent.agentId) ?? ownState(agent);
    if (a) out.set(agent.agentId, a);
  }
  return out;
}

const phases = (): PhaseCounts => ({ ringing: 0, talking: 0, onHold: 0 });

export function floorCounts(input: FloorInput): FloorCounts {
  const counts: FloorCounts = {
    agents: {
      online: 0,
      available: 0,
      notReady: {},
      wrapUp: 0,
      outboundIdle: 0,
      handling: phases(),
      dialingOut: phases(),
      consulted: { ringing: 0, threeWay: 0, transferConsult: 0 },
    },
    supervisors: { listening: 0, barging: 0, handling: 0, dialingOut: 0 },
    calls: { inboundInProgress: 0, waiting: 0, longestWaitMs: 0, inIvr: 0, outboundInProgress: 0 },
  };
  const a = counts.agents;
  for (const activity of agentActivities(input).values()) {
    a.online++;
    switch (activity.group) {
      case 'notReady':
        a.notReady[activity.reason] = (a.notReady[activity.reason] ?? 0) + 1;
        break;
      case 'handling':
      case 'dialingOut':
        a[activity.group][activity.phase]++;
        break;
      case 'consulted':
        a.consulted[activity.phase]++;
        break;
      default:
        a[activity.group]++;
    }
  }

  const c = counts.calls;
  const callsById = new Map<string, FloorCall>();
  for (const call of input.calls) {
    callsById.set(call.callId, call);
    if (call.direction === 'outbound') {
      if (call.state !== 'ended') c.outboundInProgress++;
    } else if (call.state === 'ivr') c.inIvr++;
    else if (call.state === 'queued' || call.state === 'offering') {
      c.waiting++;
      if (call.waitingSince !== undefined) c.longestWaitMs = Math.max(c.longestWaitMs, input.now - call.waitingSince);
    } else if (IN_PROGRESS.has(call.state)) c.inboundInProgress++;
  }

  // One count per supervisor: alone with the customer first, then barging, then listening.
  const rank = { listening: 1, barging: 2, handling: 3, dialingOut: 3 } as const;
  const bySupervisor = new Map<string, keyof FloorCounts['supervisors']>();
  for (const m of input.monitoring) {
    if (m.state !== 'active') continue;
    const call = callsById.get(m.callId);
    if (!call || call.state === 'ended') continue;
    const alone = call.agentId === undefined && IN_PROGRESS.has(call.state);
    const kind: keyof FloorCounts['supervisors'] = alone ? (call.direction === 'inbound' ? 'handling' : 'dialingOut') : m.mode === 'barge' ? 'barging' : 'listening';
    const prev = bySupervisor.get(m.supervisorId);
    if (!prev || rank[kind] > rank[prev]) bySupervisor.set(m.supervisorId, kind);
  }
  for (const kind of bySupervisor.values()) counts.supervisors[kind]++;
  return counts;
}
