import { describe, expect, it } from 'vitest';
import type { BreakReason, ListedAgent } from '../../../src/web/api/types.js';
import { freeAgents, visibleAgents } from '../../../src/web/supervisor/agent-sorting.js';
import { isLate } from '../../../src/web/supervisor/thresholds.js';

const NOW = 10_000_000;
const listed = (agentId: string, name: string, state: ListedAgent['state'], sinceAgo: number, handled: number, team = 'Sales'): ListedAgent => ({
  agentId,
  name,
  number: agentId,
  teams: [{ id: team, name: team }],
  state,
  reason: null,
  stateSince: NOW - sinceAgo,
  activity: null,
  contact: null,
  monitor: null,
  today: { handled, missed: 0 },
});
const AGENTS = [listed('1001', 'Carol', 'available', 5_000, 3), listed('1002', 'alice', 'on_contact', 60_000, 7, 'Care'), listed('1003', 'Bob', 'not_ready', 1_000, 1)];
const names = (a: ListedAgent[]) => a.map((x) => x.name);

describe('the console agent list', () => {
  it('given agents when sorted by name, by time in state or by handled (twice: reversed) then the order follows', () => {
    expect(names(visibleAgents(AGENTS, { text: '', state: '' }, { key: 'name', descending: false }, NOW))).toEqual(['alice', 'Bob', 'Carol']);
    expect(names(visibleAgents(AGENTS, { text: '', state: '' }, { key: 'timeInState', descending: true }, NOW))).toEqual(['alice', 'Carol', 'Bob']);
    expect(names(visibleAgents(AGENTS, { text: '', state: '' }, { key: 'handled', descending: false }, NOW))).toEqual(['Bob', 'Carol', 'alice']);
  });

  it('given a text or a state filter then only matching agents stay (name, number or team; the exact state)', () => {
    expect(names(visibleAgents(AGENTS, { text: 'care', state: '' }, { key: 'name', descending: false }, NOW))).toEqual(['alice']);
    expect(names(visibleAgents(AGENTS, { text: '1003', state: '' }, { key: 'name', descending: false }, NOW))).toEqual(['Bob']);
    expect(names(visibleAgents(AGENTS, { text: '', state: 'available' }, { key: 'name', descending: false }, NOW))).toEqual(['Carol']);
  });

  it('given a short break with a 15 minute maximum when 16 minutes passed then the agent is late; wrap-up is late after 3 minutes; available never', () => {
    const reasons = [{ code: 'short_break', maxMinutes: 15 }] as BreakReason[];
    expect(isLate('not_ready', 'short_break', NOW - 16 * 60_000, NOW, reasons)).toBe(true);
    expect(isLate('not_ready', 'short_break', NOW - 14 * 60_000, NOW, reasons)).toBe(false);
    expect(isLate('wrap_up', null, NOW - 181_000, NOW, reasons)).toBe(true);
    expect(isLate('available', null, NOW - 86_400_000, NOW, reasons)).toBe(false);
  });

  it("given an admin's limit of 60 s for wrap-up when 61 s passed then the agent is late; a state without a limit keeps the built-in one; a break reason's maximum still wins", () => {
    const reasons = [{ code: 'short_break', maxMinutes: 15 }] as BreakReason[];
    const limits = { wrap_up: 60, not_ready: 60, on_contact: null };
    expect(isLate('wrap_up', null, NOW - 61_000, NOW, reasons, limits)).toBe(true);
    expect(isLate('wrap_up', null, NOW - 59_000, NOW, reasons, limits)).toBe(false);
    expect(isLate('on_contact', null, NOW - 14 * 60_000, NOW, reasons, limits)).toBe(false);
    expect(isLate('on_contact', null, NOW - 16 * 60_000, NOW, reasons, limits)).toBe(true);
    expect(isLate('not_ready', 'short_break', NOW - 10 * 60_000, NOW, reasons, limits)).toBe(false);
    expect(isLate('not_ready', 'meeting', NOW - 61_000, NOW, reasons, limits)).toBe(true);
  });
});

describe('who a supervisor can hand a contact to', () => {
  it('given agents in every state when the assign and transfer pickers list them then only available and not-ready agents appear, available first, then by name', () => {
    const listed = [
      { name: 'Zoe', state: 'available' },
      { name: 'Bob', state: 'on_contact' },
      { name: 'Ann', state: 'not_ready' },
      { name: 'Cai', state: 'wrap_up' },
      { name: 'Dan', state: 'offered' },
      { name: 'Eve', state: 'logged_out' },
      { name: 'Abe', state: 'available' },
      { name: 'Fay', state: 'outbound' },
    ] as const;
    expect(freeAgents([...listed]).map((a) => a.name)).toEqual(['Abe', 'Zoe', 'Ann']);
  });
});
