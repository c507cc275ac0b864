import { describe, expect, it } from 'vitest';
import { isOpen, nextChange } from '../../../src/calendars/business-hours.js';
import type { BusinessCalendar } from '../../../src/calendars/calendar.js';
import type { BusinessHoursPort } from '../../../src/acd/ports.js';
import type { ExitAction } from '../../../src/acd/types.js';
import { eventsOf, harness, queue } from './harness.js';

// FakeClock starts Monday 2026-11-23 09:00 UTC; this calendar closes at 17:00 and opens at 08:00.
const DAY = [{ start: '08:00', end: '17:00' }];
const OFFICE: BusinessCalendar = { timeZone: 'UTC', weekly: { mon: DAY, tue: DAY, wed: DAY, thu: DAY, fri: DAY }, holidays: [] };
const UNTIL_CLOSE = 8 * 3600_000;

/** Queues named in `calendars` follow their calendar; every other queue is always open. */
function hours(calendars: Record<string, BusinessCalendar>): BusinessHoursPort & { asked: number } {
  const port = {
    asked: 0,
    isOpen: (q: string, now: number) => (calendars[q] ? isOpen(calendars[q], now) : true),
    nextChange: (q: string, now: number) => {
      port.asked++;
      const cal = calendars[q];
      return cal ? (nextChange(cal, now)?.at ?? null) : null;
    },
  };
  return port;
}

function officeQueue(closedAction: ExitAction, agents: string[] = []) {
  return queue('q', agents, { closedAction });
}

describe('business hours for contacts already waiting', () => {
  it('given contacts waiting when the calendar closes then each gets the closed action in line order, and not a moment before', () => {
    const h = harness({ businessHours: hours({ q: OFFICE }) });
    h.acd.upsertQueue(officeQueue({ action: 'voicemail' }));
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    h.clock.advance(60_000);
    h.acd.enqueue({ id: 'c2', media: 'chat', queueId: 'q' });
    h.clock.advance(UNTIL_CLOSE - 60_000 - 1);
    expect(h.delivery.exits).toEqual([]);
    h.clock.advance(1);
    expect(h.delivery.exits.map((e) => [e.contact.id, e.reason, e.action.action])).toEqual([
      ['c1', 'closed', 'voicemail'],
      ['c2', 'closed', 'voicemail'],
    ]);
    expect(eventsOf(h.events, 'contact.exited').map((e) => e.reason)).toEqual(['closed', 'closed']);
    expect(h.acd.queueSnapshot('q').contacts).toEqual([]);
  });

  it('given a closed action to another queue when the calendar closes then the contacts move there keeping their first arrival', () => {
    const h = harness({ businessHours: hours({ q: OFFICE }) });
    h.acd.upsertQueue(officeQueue({ action: 'queue', target: 'night' }, ['day-agent']));
    h.acd.upsertQueue(queue('night', ['night-agent']));
    h.acd.enqueue({ id: 'early', media: 'voice', queueId: 'q' });
    h.clock.advance(UNTIL_CLOSE - 1000);
    h.acd.enqueue({ id: 'late-night', media: 'voice', queueId: 'night' });
    h.clock.advance(1000);
    expect(eventsOf(h.events, 'contact.overflowed')).toEqual([expect.objectContaining({ contactId: 'early', fromQueueId: 'q', toQueueId: 'night' })]);
    expect(h.acd.queueSnapshot('night').contacts.map((c) => c.id)).toEqual(['early', 'late-night']);
    // Gone from the closed queue entirely: its own agent does not get it.
    h.acd.login('day-agent');
    expect(h.delivery.delivered).toEqual([]);
    h.acd.login('night-agent');
    expect(h.delivery.lastFor('night-agent').contactId).toBe('early');
  });

  it('given an offer ringing when the calendar closes then it is withdrawn and the contact gets the closed action', () => {
    const h = harness({ businessHours: hours({ q: OFFICE }), config: { defaultOfferTimeoutMs: 60_000 } });
    h.acd.upsertQueue(officeQueue({ action: 'ticket' }, ['a1']));
    h.clock.advance(UNTIL_CLOSE - 10_000);
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'chat', queueId: 'q' });
    h.acd.setChatCapacity('a1', 1);
    const offer = h.delivery.lastFor('a1');
    h.clock.advance(10_000);
    expect(h.delivery.withdrawn).toEqual([expect.objectContaining({ offer: expect.objectContaining({ id: offer.id }), reason: 'closed' })]);
    expect(h.delivery.exits).toEqual([expect.objectContaining({ reason: 'closed', action: { action: 'ticket' } })]);
    expect(h.acd.agentSnapshot('a1').state).toBe('available');
  });

  it('given a callback closed action when the calendar closes then the caller leaves the line as a callback request, as at arrival', () => {
    const h = harness({ businessHours: hours({ q: OFFICE }) });
    h.acd.upsertQueue(officeQueue({ action: 'callback' }));
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q', attributes: { callerNumber: '+15550100' } });
    h.acd.enqueue({ id: 'cb', media: 'voice', queueId: 'q' });
    h.acd.convertToCallback('cb', '+15550199');
    h.clock.advance(UNTIL_CLOSE);
    expect(h.delivery.exits.map((e) => [e.contact.id, e.action.action])).toEqual([['c1', 'callback']]);
    // A callback already waiting keeps its place: nobody is on the line.
    expect(h.acd.queueSnapshot('q').contacts.map((c) => c.id)).toEqual(['cb']);
  });

  it('given many arrivals in one open period then the calendar is asked once, and again after the next opening', () => {
    const port = hours({ q: OFFICE });
    const h = harness({ businessHours: port });
    h.acd.upsertQueue(officeQueue({ action: 'voicemail' }));
    for (let i = 0; i < 20; i++) h.acd.enqueue({ id: `c${i}`, media: 'voice', queueId: 'q' });
    expect(port.asked).toBe(1);
    h.clock.advance(UNTIL_CLOSE);
    expect(h.delivery.exits).toHaveLength(20);
    h.clock.advance(15 * 3600_000);
    h.acd.enqueue({ id: 'next-day', media: 'voice', queueId: 'q' });
    expect(port.asked).toBe(2);
    h.clock.advance(9 * 3600_000);
    expect(h.delivery.exits.at(-1)?.contact.id).toBe('next-day');
  });

  it('given the calendar edited to close earlier when the queue is re-applied then waiting contacts follow the new hours', () => {
    const calendars: Record<string, BusinessCalendar> = { q: OFFICE };
    const h = harness({ businessHours: hours(calendars) });
    h.acd.upsertQueue(officeQueue({ action: 'voicemail' }));
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    const NOON = [{ start: '08:00', end: '12:00' }];
    calendars.q = { timeZone: 'UTC', weekly: { mon: NOON }, holidays: [] };
    h.acd.upsertQueue(officeQueue({ action: 'voicemail' }));
    h.clock.advance(3 * 3600_000);
    expect(h.delivery.exits.map((e) => e.contact.id)).toEqual(['c1']);
    // Edited to closed right now: the next contact already waiting leaves at once.
    calendars.q = OFFICE;
    h.acd.upsertQueue(officeQueue({ action: 'voicemail' }));
    h.acd.enqueue({ id: 'c2', media: 'voice', queueId: 'q' });
    calendars.q = { timeZone: 'UTC', weekly: {}, holidays: [] };
    h.acd.upsertQueue(officeQueue({ action: 'voicemail' }));
    expect(h.delivery.exits.map((e) => e.contact.id)).toEqual(['c1', 'c2']);
  });

  it('given the engine was down over the closing time when it recovers then the contacts still waiting get the closed action', async () => {
    const h = harness({ businessHours: hours({ q: OFFICE }) });
    h.acd.upsertQueue(officeQueue({ action: 'voicemail' }));
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    const next = await h.restart();
    h.clock.advance(UNTIL_CLOSE + 3600_000);
    next.upsertQueue(officeQueue({ action: 'voicemail' }));
    await next.recover();
    expect(h.delivery.exits).toEqual([expect.objectContaining({ reason: 'closed', contact: expect.objectContaining({ id: 'c1' }) })]);
  });

  it('given a max-wait exit to another queue then the contact leaves the first queue entirely', () => {
    const h = harness();
    h.acd.upsertQueue(queue('a', ['x'], { maxWaitMs: 1000, maxWaitAction: { action: 'queue', target: 'b' } }));
    h.acd.upsertQueue(queue('b', ['y']));
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'a' });
    h.clock.advance(1000);
    expect(h.acd.queueSnapshot('a').contacts).toEqual([]);
    h.acd.login('x');
    expect(h.delivery.delivered).toEqual([]);
    h.acd.login('y');
    expect(h.delivery.lastFor('y').contactId).toBe('c1');
  });
});
