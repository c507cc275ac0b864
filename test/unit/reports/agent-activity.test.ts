/** Issue 14, reports: the agents report folded from the agent-state trail. */
import { describe, expect, it } from 'vitest';
import type { AnsweredLeg } from '../../../src/calls/history-ports.js';
import { agentReport } from '../../../src/reports/agent-activity.js';
import type { AgentChange, AgentRows } from '../../../src/reports/ports.js';

const H = 3_600_000;
const M = 60_000;
// Local midnight of 29 March 2026 in Berlin, the day clocks go forward (23 hours).
const D1 = Date.parse('2026-03-28T23:00:00Z');
const D2 = Date.parse('2026-03-29T22:00:00Z');
const ch = (at: number, from: AgentChange['from'], to: AgentChange['to'], reason: string | null = null): AgentChange => ({ agentId: 'alice', at, from, to, reason });
const leg = (answeredAt: number): AnsweredLeg => ({ callId: `c${answeredAt}`, role: 'agent', direction: 'inbound', answeredAt, endedAt: answeredAt + 5 * M });

const rows: AgentRows = {
  atStart: [{ agentId: 'bob', state: 'available', reason: null }],
  changes: [
    ch(D1 + 8 * H, 'logged_out', 'available'),
    ch(D1 + 9 * H, 'available', 'offered'),
    ch(D1 + 9 * H + 10_000, 'offered', 'on_contact'),
    ch(D1 + 9 * H + 30 * M, 'on_contact', 'wrap_up'),
    ch(D1 + 9 * H + 40 * M, 'wrap_up', 'not_ready', 'lunch'),
    ch(D1 + 10 * H + 40 * M, 'not_ready', 'not_ready', 'training'),
    ch(D1 + 11 * H, 'not_ready', 'available'),
    ch(D1 + 12 * H, 'available', 'logged_out'),
    // Logged in again late and through midnight into the next day.
    ch(D1 + 22 * H, 'logged_out', 'available'),
    ch(D2 + 1 * H, 'available', 'logged_out'),
  ],
  legs: new Map([['alice', [leg(D1 + 9 * H + 10_000), leg(D2 + 30 * M)]]]),
  missedOffers: [
    { agentId: 'alice', at: D1 + 8 * H + 30 * M },
    { agentId: 'bob', at: D1 + 8 * H },
  ],
};

describe('agents report', () => {
  it('given a day of an agent when folded then logged-in, available, not-ready by reason, occupancy, handled per hour and first/last login are per local day', () => {
    const r = agentReport(rows, { from: D1, to: D2 + 24 * H, timeZone: 'Europe/Berlin', now: D2 + 30 * H }, { agentName: (id) => ({ alice: 'Alice', bob: 'Bob' })[id] });
    const alice = r.filter((x) => x.agentId === 'alice');
    expect(alice.map((x) => x.date)).toEqual(['2026-03-29', '2026-03-30']);
    const [d1, d2] = alice;
    // 08:00-12:00, then from 22 hours after midnight (23:00 local: the day lost an hour) to midnight.
    expect(d1).toMatchObject({
      loggedInMs: 4 * H + (D2 - (D1 + 22 * H)),
      availableMs: H + H + (D2 - (D1 + 22 * H)),
      notReadyMs: 80 * M,
      notReadyByReason: { lunch: 60 * M, training: 20 * M },
      onContactMs: 30 * M,
      wrapUpMs: 10 * M,
      handled: 1,
      missedOffers: 1,
      firstLogin: D1 + 8 * H,
      lastLogout: D1 + 12 * H,
    });
    expect(d1!.occupancy).toBeCloseTo((40 * M) / (40 * M + d1!.availableMs));
    expect(d1!.handledPerHour).toBeCloseTo(1 / (d1!.loggedInMs / H));
    // The next day: logged in since before midnight (no first login), out at 01:00, one call.
    expect(d2).toMatchObject({ loggedInMs: H, availableMs: H, firstLogin: null, lastLogout: D2 + H, handled: 1, missedOffers: 0 });
    // Bob: available from before the range, never changed: all of it until the range's end.
    const bob = r.filter((x) => x.agentId === 'bob');
    expect(bob.map((x) => [x.date, x.availableMs, x.missedOffers])).toEqual([
      ['2026-03-29', D2 - D1, 1],
      ['2026-03-30', 24 * H, 0],
    ]);
  });

  it("given today under way when folded then the open state runs until now, not the range's end", () => {
    const r = agentReport({ ...rows, changes: rows.changes.slice(0, 2) }, { from: D1, to: D2, timeZone: 'Europe/Berlin', now: D1 + 9 * H + 30 * M }, { agentName: () => undefined });
    expect(r.find((x) => x.agentId === 'alice')).toMatchObject({ loggedInMs: 90 * M, availableMs: H, onContactMs: 30 * M, lastLogout: null });
  });

  it("given a team lead's agents when folded then other agents are left out", () => {
    const r = agentReport(rows, { from: D1, to: D2, timeZone: 'Europe/Berlin', now: D2 }, { agentIds: new Set(['bob']), agentName: () => undefined });
    expect(r.map((x) => x.agentId)).toEqual(['bob']);
  });
});
