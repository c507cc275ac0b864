/**
 * teamInputs (every team in one pass) against teamInput (one team, the console's filter) on a
 * generated floor: agents in zero, one or two teams serving several queues, calls of every kind
 * (own, consulted, waiting, ringing, unassigned), supervisors on some of them.
 */
import { describe, expect, it } from 'vitest';
import type { FloorSnapshot, WatchedAgent } from '../../../src/supervision/floor-scope.js';
import { floorInScope, teamInput, teamInputs } from '../../../src/supervision/floor-scope.js';
import type { FloorCall } from '../../../src/supervision/floor-indicators.js';

/** A small deterministic generator (no Math.random: the same floor every run). */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

function floor(seed: number): FloorSnapshot {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const teams = ['care', 'sales', 'vip', 'night'];
  const queues = ['q1', 'q2', 'q3', 'q4', 'q5'];
  const states: WatchedAgent['state'][] = ['available', 'not_ready', 'on_contact', 'wrap_up', 'offered'];
  const agents: WatchedAgent[] = Array.from({ length: 60 }, (_, i) => {
    const n = Math.floor(r() * 3);
    const teamIds = [...new Set(Array.from({ length: n }, () => pick(teams)))];
    return { agentId: `a${i}`, state: pick(states), reason: null, teamIds, queueIds: [...new Set([pick(queues), pick(queues)])] };
  });
  const callStates: FloorCall['state'][] = ['queued', 'offering', 'connected', 'held', 'consulting', 'transfer_ringing', 'ivr'];
  const calls: (FloorCall & { queueId?: string })[] = Array.from({ length: 80 }, (_, i) => {
    const c: FloorCall & { queueId?: string } = { callId: `c${i}`, direction: r() < 0.8 ? 'inbound' : 'outbound', state: pick(callStates) };
    if (r() < 0.6) c.agentId = `a${Math.floor(r() * 70)}`; // some agents are not on the floor
    if (r() < 0.2) c.consultAgentId = `a${Math.floor(r() * 60)}`;
    if (r() < 0.7) c.queueId = pick(queues);
    return c;
  });
  const monitoring = calls.filter(() => r() < 0.3).map((c, i) => ({ supervisorId: `s${i % 4}`, callId: c.callId, mode: 'listen' as const, state: 'active' as const }));
  return { now: 1_000, agents, calls, monitoring };
}

describe('teamInputs', () => {
  it('given generated floors when every team is split out in one pass then each team gets exactly what teamInput gives it, in the same order', () => {
    for (const seed of [1, 7, 42, 1234, 99_999]) {
      const s = floor(seed);
      const all = teamInputs(s);
      const teams = [...new Set(s.agents.flatMap((a) => a.teamIds))].sort();
      expect([...all.keys()].sort()).toEqual(teams);
      for (const t of teams) expect(all.get(t), `seed ${seed}, team ${t}`).toEqual(teamInput(s, [t]));
      // The generated floor is not trivial: some team has a waiting caller, a consultation and a monitored call.
      expect([...all.values()].some((i) => i.calls.some((c) => c.state === 'queued') && i.monitoring.length > 0)).toBe(true);
    }
  });
});

describe('floorInScope (the console read and the pushed counts scope through it)', () => {
  it('given a supervisor (no led teams) then the whole floor; given a lead of two teams then what teamInput gives those teams together', () => {
    const s = floor(7);
    expect(floorInScope(s, undefined)).toEqual({ now: s.now, agents: s.agents, calls: s.calls, monitoring: s.monitoring });
    const led = floorInScope(s, ['care', 'vip']);
    expect(led).toEqual(teamInput(s, ['care', 'vip']));
    expect(led.agents.every((a) => a.teamIds.includes('care') || a.teamIds.includes('vip'))).toBe(true);
    expect(led.agents.length).toBeLessThan(s.agents.length);
    expect(floorInScope(s, []).agents).toEqual([]);
  });
});
