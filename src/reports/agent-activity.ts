/**
 * The agents report: per agent and local day, folded from the agent-state trail
 * (acd_agent_transitions), the answered legs and the missed offers. Pure.
 *
 *   logged in        time in any state but logged_out.
 *   available        time available (idle, waiting for a contact).
 *   not ready        time not ready, per reason (the break reason entered with it; '' for none).
 *   on contact       time offered (ringing), on a contact or dialing out.
 *   wrap-up          time in wrap-up.
 *   occupancy        (on contact + wrap-up) / (on contact + wrap-up + available): the share of the
 *                    time ready for work spent working; null without any.
 *   handled          calls handled (the toolbar's definition, calls/agent-day.ts) answered that day.
 *   handled per hour handled / logged-in hours; null when never logged in that day.
 *   missed offers    offers that rang out or were refused that day (as the toolbar counts them).
 *   first login      the first change out of logged_out that day (null: logged in since before).
 *   last logout      the last change to logged_out that day (null: still logged in at its end).
 * A state's time is cut at day boundaries and at the range's end (or now, for today).
 */
import { summarizeAgentDay } from '../calls/agent-day.js';
import type { AnsweredLeg } from '../calls/history-ports.js';
import type { AgentStateName } from '../core/events.js';
import { bucketIndex, bucketsOf, localDate, type Bucket } from './intervals.js';
import type { AgentRows } from './ports.js';

export interface AgentDayRow {
  agentId: string;
  agentName: string;
  /** Local date YYYY-MM-DD. */
  date: string;
  dayStart: number;
  loggedInMs: number;
  availableMs: number;
  notReadyMs: number;
  notReadyByReason: Record<string, number>;
  onContactMs: number;
  wrapUpMs: number;
  occupancy: number | null;
  handled: number;
  handledPerHour: number | null;
  missedOffers: number;
  firstLogin: number | null;
  lastLogout: number | null;
}

export interface AgentQuery {
  from: number;
  to: number;
  timeZone: string;
  /** Spans still open run to min(to, now). */
  now: number;
}

export interface AgentContext {
  /** Agents the reader may see; undefined: every agent. */
  agentIds?: ReadonlySet<string>;
  agentName: (agentId: string) => string | undefined;
}

interface Acc {
  loggedIn: number;
  available: number;
  notReady: number;
  byReason: Map<string, number>;
  onContact: number;
  wrapUp: number;
  firstLogin: number | null;
  lastLogout: number | null;
  missed: number;
  handled: number;
}

const ON_CONTACT: ReadonlySet<AgentStateName> = new Set(['offered', 'on_contact', 'outbound']);

function emptyAcc(): Acc {
  return { loggedIn: 0, available: 0, notReady: 0, byReason: new Map(), onContact: 0, wrapUp: 0, firstLogin: null, lastLogout: null, missed: 0, handled: 0 };
}

export function agentReport(rows: AgentRows, q: AgentQuery, ctx: AgentContext): AgentDayRow[] {
  const days = bucketsOf(q.timeZone, 'day', q.from, q.to);
  const end = Math.min(q.to, Math.max(q.from, q.now));
  const visible = (agentId: string): boolean => ctx.agentIds === undefined || ctx.agentIds.has(agentId);
  const acc = new Map<string, Acc[]>();
  const at = (agentId: string, day: number): Acc | undefined => {
    let list = acc.get(agentId);
    if (!list) acc.set(agentId, (list = days.map(emptyAcc)));
    return list[day];
  };

  const addSpan = (agentId: string, state: AgentStateName, reason: string | null, a: number, b: number): void => {
    const from = Math.max(a, q.from);
    const to = Math.min(b, end);
    if (to <= from || state === 'logged_out') return;
    // Cut at day boundaries.
    let i = bucketIndex(days, from);
    while (i !== undefined && i < days.length) {
      const day = days[i] as Bucket;
      const s = Math.max(from, day.start);
      const e = Math.min(to, day.end);
      if (e > s) {
        const d = at(agentId, i);
        if (d) {
          const ms = e - s;
          d.loggedIn += ms;
          if (state === 'available') d.available += ms;
          else if (state === 'not_ready') {
            d.notReady += ms;
            const key = reason ?? '';
            d.byReason.set(key, (d.byReason.get(key) ?? 0) + ms);
          } else if (state === 'wrap_up') d.wrapUp += ms;
          else if (ON_CONTACT.has(state)) d.onContact += ms;
        }
      }
      if (day.end >= to) break;
      i++;
    }
  };

  const current = new Map<string, { state: AgentStateName; reason: string | null; since: number }>();
  for (const s of rows.atStart) if (visible(s.agentId)) current.set(s.agentId, { state: s.state, reason: s.reason, since: q.from });
  for (const ch of [...rows.changes].sort((a, b) => a.at - b.at)) {
    if (!visible(ch.agentId) || ch.at < q.from || ch.at >= q.to) continue;
    const was = current.get(ch.agentId);
    if (was) addSpan(ch.agentId, was.state, was.reason, was.since, ch.at);
    current.set(ch.agentId, { state: ch.to, reason: ch.to === 'not_ready' ? ch.reason : null, since: ch.at });
    const i = bucketIndex(days, ch.at);
    const d = i === undefined ? undefined : at(ch.agentId, i);
    if (!d) continue;
    if (ch.from === 'logged_out' && ch.to !== 'logged_out' && d.firstLogin === null && d.loggedIn === 0) d.firstLogin = ch.at;
    if (ch.to === 'logged_out') d.lastLogout = ch.at;
  }
  for (const [agentId, c] of current) addSpan(agentId, c.state, c.reason, c.since, end);

  for (const m of rows.missedOffers) {
    if (!visible(m.agentId)) continue;
    const i = bucketIndex(days, m.at);
    const d = i === undefined || m.at < q.from || m.at >= q.to ? undefined : at(m.agentId, i);
    if (d) d.missed++;
  }
  for (const [agentId, legs] of rows.legs) {
    if (!visible(agentId)) continue;
    // Each leg into its day once (a year of an agent's legs is not read once per day).
    const perDay = new Map<number, AnsweredLeg[]>();
    for (const l of legs) {
      if (l.answeredAt < q.from || l.answeredAt >= q.to) continue;
      const i = bucketIndex(days, l.answeredAt);
      if (i === undefined) continue;
      const list = perDay.get(i);
      if (list) list.push(l);
      else perDay.set(i, [l]);
    }
    for (const [i, inDay] of perDay) {
      const d = at(agentId, i);
      if (d) d.handled = summarizeAgentDay(inDay, 0, days[i]?.start ?? q.from, q.now).handled;
    }
  }

  const out: AgentDayRow[] = [];
  for (const [agentId, list] of acc) {
    list.forEach((d, i) => {
      const day = days[i];
      if (!day || (d.loggedIn === 0 && d.handled === 0 && d.missed === 0 && d.lastLogout === null)) return;
      const working = d.onContact + d.wrapUp;
      out.push({
        agentId,
        agentName: ctx.agentName(agentId) ?? agentId,
        date: localDate(q.timeZone, day.start),
        dayStart: day.start,
        loggedInMs: d.loggedIn,
        availableMs: d.available,
        notReadyMs: d.notReady,
        notReadyByReason: Object.fromEntries([...d.byReason].sort((a, b) => a[0].localeCompare(b[0]))),
        onContactMs: d.onContact,
        wrapUpMs: d.wrapUp,
        occupancy: working + d.available === 0 ? null : working / (working + d.available),
        handled: d.handled,
        handledPerHour: d.loggedIn === 0 ? null : d.handled / (d.loggedIn / 3_600_000),
        missedOffers: d.missed,
        firstLogin: d.firstLogin,
        lastLogout: d.lastLogout,
      });
    });
  }
  return out.sort((a, b) => a.dayStart - b.dayStart || a.agentName.localeCompare(b.agentName) || a.agentId.localeCompare(b.agentId));
}
