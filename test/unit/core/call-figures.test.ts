/**
 * The wrap-up of each call (core/call-figures.ts wrapUpByCall) is found by binary search per agent
 * so that a report over a month costs what a day did. It must give what the definition says, the
 * plain scan below: each spell belongs to the agent's answered call that ended last before the
 * spell began (1 s of slack), the first such call when several ended at that moment.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wrapUpByCall, type FigureAgentChange, type FigureCall } from '../../../src/core/call-figures.js';

function byDefinition(calls: readonly FigureCall[], changes: readonly FigureAgentChange[]): Map<string, number> {
  const out = new Map<string, number>();
  const ended = calls.filter((c) => c.answeredAt !== null && c.endedAt !== null && c.agentId !== null);
  const open = new Map<string, number>();
  for (const ch of [...changes].sort((a, b) => a.at - b.at)) {
    const start = open.get(ch.agentId);
    if (ch.from === 'wrap_up' && start !== undefined) {
      open.delete(ch.agentId);
      let best: FigureCall | undefined;
      for (const c of ended) {
        if (c.agentId !== ch.agentId || (c.endedAt ?? 0) > start + 1_000) continue;
        if (!best || (c.endedAt ?? 0) > (best.endedAt ?? 0)) best = c;
      }
      if (best) out.set(best.id, (out.get(best.id) ?? 0) + Math.max(0, ch.at - start));
    }
    if (ch.to === 'wrap_up') open.set(ch.agentId, ch.at);
  }
  return out;
}

const agent = fc.constantFrom('a1', 'a2', 'a3');
const callArb = fc.record({
  agentId: fc.option(agent, { nil: null }),
  answered: fc.boolean(),
  end: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
});
const changeArb = fc.record({ agentId: agent, at: fc.integer({ min: 0, max: 10 }), into: fc.boolean() });

describe('wrap-up per call', () => {
  it('given any calls and agent changes when the wrap-up is attributed then it is what the plain scan of the definition gives', () => {
    fc.assert(
      fc.property(fc.array(callArb, { maxLength: 30 }), fc.array(changeArb, { maxLength: 40 }), (cs, chs) => {
        // Times in whole seconds over a few seconds, so that ties (equal ends, the 1 s slack) happen often.
        const calls: FigureCall[] = cs.map((c, i) => ({
          id: `c${i}`,
          direction: 'inbound',
          queueId: 'q',
          startedAt: 0,
          queuedAt: 0,
          answeredAt: c.answered ? 0 : null,
          endedAt: c.end === null ? null : c.end * 1_000,
          outcome: null,
          agentId: c.agentId,
        }));
        const changes: FigureAgentChange[] = chs.map((c) => (c.into ? { agentId: c.agentId, at: c.at * 1_000, from: 'on_contact', to: 'wrap_up' } : { agentId: c.agentId, at: c.at * 1_000, from: 'wrap_up', to: 'available' }));
        expect(wrapUpByCall(calls, changes)).toEqual(byDefinition(calls, changes));
      }),
      { numRuns: 500 },
    );
  });
});
