import { describe, expect, it } from 'vitest';
import type { CallLeg } from '../../../src/calls/call-model.js';
import type { CallInfoLike } from '../../../src/calls/call-view.js';
import { currentContactOf, floorCallOf, monitorsByAgent, waitingContactsOf } from '../../../src/supervision/floor-sources.js';

const leg = (id: string, role: CallLeg['role'], agentId: string | undefined, extra: Partial<CallLeg> = {}): CallLeg => ({ id, callId: 'c1', role, endpoint: id, createdAt: 100, ...(agentId ? { agentId } : {}), ...extra });
const call = (extra: Partial<CallInfoLike>): CallInfoLike => ({
  id: 'c1',
  direction: 'inbound',
  state: 'connected',
  from: '+4930111',
  to: '+15550100',
  callerName: '',
  ivrPath: [],
  variables: {},
  startedAt: 50,
  muted: false,
  recording: false,
  recordingPaused: false,
  legs: [],
  ...extra,
});

describe('floor sources', () => {
  it('given a consultation to a colleague when mapped then the live consult leg names the consulted agent, an ended one does not', () => {
    const consulting = call({ state: 'consulting', agentId: 'a1', legs: [leg('l1', 'agent', 'a1'), leg('l2', 'consult', 'a2')] });
    expect(floorCallOf(consulting, new Map())).toEqual({ callId: 'c1', direction: 'inbound', state: 'consulting', agentId: 'a1', consultAgentId: 'a2' });
    const over = call({ agentId: 'a1', legs: [leg('l1', 'agent', 'a1'), leg('l2', 'consult', 'a2', { endedAt: 200 })] });
    expect(floorCallOf(over, new Map()).consultAgentId).toBeUndefined();
  });

  it("given a waiting caller when mapped then the wait runs from the routing engine's enqueue time", () => {
    expect(floorCallOf(call({ state: 'queued', contactId: 'k1' }), new Map([['k1', 77]])).waitingSince).toBe(77);
  });

  it("given an agent on a call when their contact is read then it is the customer's number, the queue and the agent's own answer time; a consulted colleague sees the same call", () => {
    const c = call({ agentId: 'a1', contactId: 'k1', callerName: 'ZHANG', queueId: 'q1', legs: [leg('l1', 'agent', 'a1', { answeredAt: 120 }), leg('l2', 'consult', 'a2', { answeredAt: 150 })], state: 'consulting' });
    expect(currentContactOf('a1', [c], [])).toEqual({ contactId: 'k1', callId: 'c1', media: 'voice', caller: '+4930111', callerName: 'ZHANG', queueId: 'q1', since: 120 });
    expect(currentContactOf('a2', [c], [])?.since).toBe(150);
  });

  it('given an agent with a chat and no call when read then the chat is the contact; wrap-up alone is no contact', () => {
    const chat = { contactId: 'k2', media: 'chat' as const, queueId: 'qc', phase: 'talking', since: 10, acceptedAt: 12 };
    expect(currentContactOf('a1', [], [chat])).toEqual({ contactId: 'k2', callId: null, media: 'chat', caller: null, callerName: null, queueId: 'qc', since: 12 });
    expect(currentContactOf('a1', [], [{ ...chat, phase: 'wrap_up' }])).toBeNull();
  });

  it('given a waiting call, a waiting chat and an ended call when the line is read then longest wait comes first and only the call has a caller', () => {
    const waiting = [
      { contactId: 'k1', queueId: 'q1', since: 300 },
      { contactId: 'k2', queueId: 'qc', since: 100 },
    ];
    const calls = [call({ id: 'c1', state: 'queued', contactId: 'k1', callerName: 'LI' }), call({ id: 'c0', state: 'ended', contactId: 'k2' })];
    expect(waitingContactsOf(waiting, calls)).toEqual([
      { contactId: 'k2', callId: null, caller: null, callerName: null, queueId: 'qc', since: 100 },
      { contactId: 'k1', callId: 'c1', caller: '+4930111', callerName: 'LI', queueId: 'q1', since: 300 },
    ]);
  });

  it("given a supervision session on a call when monitors are read then the call's agent is the one monitored", () => {
    const monitors = monitorsByAgent([{ supervisorId: 's1', callId: 'c1', mode: 'whisper', state: 'active' }], [call({ agentId: 'a1' })]);
    expect([...monitors]).toEqual([['a1', { supervisorId: 's1', mode: 'whisper', state: 'active' }]]);
  });
});
