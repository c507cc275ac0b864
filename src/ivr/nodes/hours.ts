import type { HoursNode } from '../flow.js';
import type { NodeDef } from './node-def.js';
import { target } from './parse-helpers.js';

/** Branches on the business calendar: open, closed, or a holiday (which falls back to `closed`). */
export const hoursNode: NodeDef<HoursNode> = {
  kind: 'hours',
  fields: ['calendar', 'open', 'closed', 'holiday'],
  parse(v, base) {
    const calendar = v.string('calendar', true) ?? '';
    const closed = target(v, 'closed', true);
    return {
      kind: 'hours',
      ...base,
      calendar,
      calendarPos: v.valuePos('calendar'),
      open: target(v, 'open', true),
      closed,
      holiday: target(v, 'holiday', false) ?? closed,
    };
  },
  async run(node, ctx) {
    const state = await ctx.services.calendars.stateAt(node.calendar, ctx.clock.now());
    const t = state === 'open' ? node.open : state === 'holiday' ? node.holiday : node.closed;
    return { next: t.id, result: state };
  },
};
