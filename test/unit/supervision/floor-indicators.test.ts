import { describe, expect, it } from 'vitest';
import type { AgentStateName } from '../../../src/core/events.js';
import { floorCounts, type FloorAgent, type FloorCall, type FloorCounts, type FloorMonitoring } from '../../../src/supervision/floor-indicators.js';

/**
 * Every indicator's definition against a table of states (issue 11): one row per situation, and
 * each situation lands in exactly one count of each group it touches (agents, calls, supervisors).
 */
const NOW = 1_000_000;

interface Row {
  situation: string;
  agents?: FloorAgent[];
  calls?: FloorCall[];
  monitoring?: FloorMonitoring[];
  /** The one agent count (path under `agents`), the one call count, the one supervisor count. */
  agent?: string;
  call?: string;
  supervisor?: string;
}

const agent = (state: AgentStateName, reason: string | null = null, agentId = 'a1'): FloorAgent => ({ agentId, state, reason });
const call = (state: FloorCall['state'], extra: Partial<FloorCall> = {}): FloorCall => ({ callId: 'c1', direction: 'inbound', state, ...extra });
const watching = (mode: FloorMonitoring['mode'], state: FloorMonitoring['state'] = 'active'): FloorMonitoring => ({ supervisorId: 'sup1', callId: 'c1', mode, state });
/** Agent a1 on call c1 (in state `on_contact`, as the engine shows an agent on a call). */
const onCall = (state: FloorCall['state'], extra: Partial<FloorCall> = {}) => ({ agents: [agent('on_contact')], calls: [call(state, { agentId: 'a1', ...extra })] });
/** Agent a2 consulted by a1 on call c1. */
const consulted = (state: FloorCall['state']) => ({ agents: [agent('offered', null, 'a2')], calls: [call(state, { consultAgentId: 'a2' })] });

const ROWS: Row[] = [
  { situation: 'an agent available', agents: [agent('available')], agent: 'available' },
  { situation: 'an agent not ready on a short break', agents: [agent('not_ready', 'short_break')], agent: 'notReady.short_break' },
  { situation: 'an agent not ready for an activity', agents: [agent('not_ready', 'activity')], agent: 'notReady.activity' },
  { situation: 'an agent not ready for training', agents: [agent('not_ready', 'training')], agent: 'notReady.training' },
  { situation: 'an agent not ready for a meal', agents: [agent('not_ready', 'meal')], agent: 'notReady.meal' },
  { situation: 'an agent not ready for a meeting', agents: [agent('not_ready', 'meeting')], agent: 'notReady.meeting' },
  { situation: 'an agent not ready without a reason', agents: [agent('not_ready')], agent: 'notReady.unknown' },
  { situation: 'an agent in wrap-up', agents: [agent('wrap_up')], agent: 'wrapUp' },
  { situation: 'an agent who chose outbound and dials nobody yet', agents: [agent('outbound')], agent: 'outboundIdle' },
  { situation: 'an agent logged out', agents: [agent('logged_out')] },
  { situation: 'an inbound offer ringing at the agent', agents: [agent('offered')], calls: [call('offering', { agentId: 'a1', waitingSince: NOW - 5_000 })], agent: 'handling.ringing', call: 'waiting' },
  { situation: 'an inbound call the agent talks on', ...onCall('connected'), agent: 'handling.talking', call: 'inboundInProgress' },
  { situation: 'an inbound call the agent holds', ...onCall('held'), agent: 'handling.onHold', call: 'inboundInProgress' },
  { situation: 'an inbound call whose agent consults a colleague (the caller on hold)', ...onCall('consulting'), agent: 'handling.onHold', call: 'inboundInProgress' },
  { situation: 'an inbound call in a three-way, seen from its agent', ...onCall('conference'), agent: 'handling.talking', call: 'inboundInProgress' },
  { situation: "a click-to-dial ringing the agent's phone", ...onCall('dialing_agent', { direction: 'outbound' }), agent: 'dialingOut.ringing', call: 'outboundInProgress' },
  { situation: "a click-to-dial ringing the customer's phone", ...onCall('dialing_customer', { direction: 'outbound' }), agent: 'dialingOut.ringing', call: 'outboundInProgress' },
  { situation: 'an outbound call the agent talks on', ...onCall('connected', { direction: 'outbound' }), agent: 'dialingOut.talking', call: 'outboundInProgress' },
  { situation: 'an outbound call the agent holds', ...onCall('held', { direction: 'outbound' }), agent: 'dialingOut.onHold', call: 'outboundInProgress' },
  { situation: 'a consultation ringing at a colleague', ...consulted('consult_ringing'), agent: 'consulted.ringing', call: 'inboundInProgress' },
  { situation: 'a transfer ringing at a colleague after the first agent left', ...consulted('transfer_ringing'), agent: 'consulted.ringing', call: 'inboundInProgress' },
  { situation: 'a colleague in a transfer consultation', ...consulted('consulting'), agent: 'consulted.transferConsult', call: 'inboundInProgress' },
  { situation: 'a colleague in a three-way consultation', ...consulted('conference'), agent: 'consulted.threeWay', call: 'inboundInProgress' },
  {
    situation: 'the colleague after a completed transfer (now the agent of the inbound call)',
    agents: [agent('on_contact', null, 'a2')],
    calls: [call('connected', { agentId: 'a2', consultAgentId: 'a2' })],
    agent: 'handling.talking',
    call: 'inboundInProgress',
  },
  {
    situation: 'the colleague after a completed transfer of an outbound call',
    agents: [agent('on_contact', null, 'a2')],
    calls: [call('connected', { direction: 'outbound', agentId: 'a2', consultAgentId: 'a2' })],
    agent: 'dialingOut.talking',
    call: 'outboundInProgress',
  },
  { situation: 'an agent on a chat (no call)', agents: [agent('on_contact')], agent: 'handling.talking' },
  { situation: 'a caller in the IVR', calls: [call('ivr')], call: 'inIvr' },
  { situation: 'a caller waiting in queue', calls: [call('queued', { waitingSince: NOW - 42_000 })], call: 'waiting' },
  { situation: 'a supervisor listening', ...onCall('connected'), monitoring: [watching('listen')], agent: 'handling.talking', call: 'inboundInProgress', supervisor: 'listening' },
  { situation: 'a supervisor whispering (with listening)', ...onCall('connected'), monitoring: [watching('whisper')], agent: 'handling.talking', call: 'inboundInProgress', supervisor: 'listening' },
  { situation: 'a supervisor barged in', ...onCall('connected'), monitoring: [watching('barge')], agent: 'handling.talking', call: 'inboundInProgress', supervisor: 'barging' },
  { situation: "a supervisor whose phone still rings (not yet monitoring)", ...onCall('connected'), monitoring: [watching('listen', 'dialing')], agent: 'handling.talking', call: 'inboundInProgress' },
  { situation: 'a supervisor left with the caller after force-releasing the agent', calls: [call('connected')], monitoring: [watching('barge')], call: 'inboundInProgress', supervisor: 'handling' },
  {
    situation: 'a supervisor left with the customer of an outbound call after force-releasing the agent',
    calls: [call('connected', { direction: 'outbound' })],
    monitoring: [watching('barge')],
    call: 'outboundInProgress',
    supervisor: 'dialingOut',
  },
];

/** Every leaf count of a group as `path -> n` (the sum `online` and the wait time are not counts of one meaning). */
function leaves(value: object, prefix = ''): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of Object.entries(value)) {
    if (k === 'online' || k === 'longestWaitMs') continue;
    if (typeof v === 'number') out.set(`${prefix}${k}`, v);
    else for (const [p, n] of leaves(v as object, `${prefix}${k}.`)) out.set(p, n);
  }
  return out;
}

function nonZero(group: object): Record<string, number> {
  return Object.fromEntries([...leaves(group)].filter(([, n]) => n !== 0));
}

describe('floor indicators', () => {
  it.each(ROWS)('given $situation when the floor is counted then it lands in exactly one count of each group', (row) => {
    const counts: FloorCounts = floorCounts({ now: NOW, agents: row.agents ?? [], calls: row.calls ?? [], monitoring: row.monitoring ?? [] });
    expect(nonZero(counts.agents)).toEqual(row.agent ? { [row.agent]: 1 } : {});
    expect(counts.agents.online).toBe(row.agent ? 1 : 0);
    expect(nonZero(counts.calls)).toEqual(row.call ? { [row.call]: 1 } : {});
    expect(nonZero(counts.supervisors)).toEqual(row.supervisor ? { [row.supervisor]: 1 } : {});
  });

  it('given the whole table on one floor when counted then online is the sum of the agent counts and the longest wait is the oldest waiting caller', () => {
    // Each row's ids made unique, so the rows live side by side.
    const agents: FloorAgent[] = [];
    const calls: FloorCall[] = [];
    const monitoring: FloorMonitoring[] = [];
    ROWS.forEach((row, i) => {
      const id = (x: string | undefined) => (x === undefined ? undefined : `${x}-${i}`);
      for (const a of row.agents ?? []) agents.push({ ...a, agentId: `${a.agentId}-${i}` });
      for (const c of row.calls ?? []) {
        const agentId = id(c.agentId);
        const consultAgentId = id(c.consultAgentId);
        calls.push({ ...c, callId: `${c.callId}-${i}`, ...(agentId ? { agentId } : {}), ...(consultAgentId ? { consultAgentId } : {}) });
      }
      for (const m of row.monitoring ?? []) monitoring.push({ ...m, callId: `${m.callId}-${i}`, supervisorId: `${m.supervisorId}-${i}` });
    });
    const counts = floorCounts({ now: NOW, agents, calls, monitoring });
    const sum = (group: object) => [...leaves(group).values()].reduce((a, b) => a + b, 0);
    expect(counts.agents.online).toBe(sum(counts.agents));
    expect(counts.agents.online).toBe(ROWS.filter((r) => r.agent).length);
    expect(sum(counts.calls)).toBe(ROWS.filter((r) => r.call).length);
    expect(sum(counts.supervisors)).toBe(ROWS.filter((r) => r.supervisor).length);
    expect(counts.calls.longestWaitMs).toBe(42_000);
  });

  it('given one supervisor listening on one call and barging on another when counted then they count once, as barging', () => {
    const counts = floorCounts({
      now: NOW,
      agents: [agent('on_contact', null, 'a1'), agent('on_contact', null, 'a2')],
      calls: [call('connected', { callId: 'c1', agentId: 'a1' }), call('held', { callId: 'c2', agentId: 'a2' })],
      monitoring: [watching('listen'), { ...watching('barge'), callId: 'c2' }],
    });
    expect(counts.supervisors).toEqual({ listening: 0, barging: 1, handling: 0, dialingOut: 0 });
  });
});
