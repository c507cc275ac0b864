/**
 * The whole Today table (center, every queue, every team) from the day's rows, and the part of it
 * a team lead may see. Pure: the service (today-service.ts) calls it once per change of the day,
 * never per reader.
 */
import { DEFAULT_SERVICE_LEVEL_MS, groupFigures, wrapUpByCall } from './today-aggregation.js';
import { chatFigures } from './today-chat.js';
import type { DayRows, TodayFigures, TodayQueueFigures, TodayTeamFigures } from './today-figures.js';

export interface TodayContext {
  since: number;
  now: number;
  timeZone: string;
  /** Every configured queue (a queue without calls today still gets its row). */
  queues: readonly { id: string; name: string; serviceLevelMs?: number | undefined }[];
  teams: readonly { id: string; name: string }[];
  /** The queues served by a team's agents. */
  queuesOfTeam: (teamId: string) => readonly string[];
}

export function foldToday(rows: DayRows, ctx: TodayContext): TodayFigures {
  const sl = new Map(ctx.queues.map((q) => [q.id, q.serviceLevelMs ?? DEFAULT_SERVICE_LEVEL_MS]));
  const serviceLevelMs = (queueId: string): number => sl.get(queueId) ?? DEFAULT_SERVICE_LEVEL_MS;
  const wrapUp = wrapUpByCall(rows.calls, rows.agentChanges);
  const callbacks = new Map(rows.callbacksPending.map((c) => [c.queueId, c.count]));
  const callbacksOf = (queueIds: Iterable<string>): number => [...queueIds].reduce((n, q) => n + (callbacks.get(q) ?? 0), 0);
  const base = { wrapUp, serviceLevelMs };
  const messages = new Map(rows.chatMessages.map((m) => [m.queueId, m.count]));
  const messagesOf = (queueId: string): number => messages.get(queueId) ?? 0;
  const chatsOf = (queueIds: ReadonlySet<string>) => chatFigures(rows.chats.filter((c) => queueIds.has(c.queueId)), messagesOf, queueIds, ctx.since);

  const queueNames = new Map(ctx.queues.map((q) => [q.id, q.name]));
  // A queue removed since its calls still counts for the center and gets a row of its own.
  for (const c of rows.calls) if (c.queueId !== null && !queueNames.has(c.queueId)) queueNames.set(c.queueId, c.queueId);
  for (const c of rows.chats) if (!queueNames.has(c.queueId)) queueNames.set(c.queueId, c.queueId);
  const queues: TodayQueueFigures[] = [...queueNames].map(([queueId, name]) => ({
    queueId,
    name,
    serviceLevelMs: serviceLevelMs(queueId),
    ...groupFigures({ ...base, calls: rows.calls.filter((c) => c.queueId === queueId), callbacksPending: callbacks.get(queueId) ?? 0, withIvr: false }),
    chats: chatsOf(new Set([queueId])),
  }));
  queues.sort((a, b) => a.name.localeCompare(b.name) || a.queueId.localeCompare(b.queueId));

  const teams: TodayTeamFigures[] = ctx.teams.map((t) => {
    const queueIds = [...new Set(ctx.queuesOfTeam(t.id))].sort();
    const set = new Set(queueIds);
    return {
      teamId: t.id,
      name: t.name,
      queueIds,
      ...groupFigures({ ...base, calls: rows.calls.filter((c) => c.queueId !== null && set.has(c.queueId)), callbacksPending: callbacksOf(set), withIvr: false }),
      chats: chatsOf(set),
    };
  });
  teams.sort((a, b) => a.name.localeCompare(b.name) || a.teamId.localeCompare(b.teamId));

  const center = {
    ...groupFigures({ ...base, calls: rows.calls, callbacksPending: callbacksOf(callbacks.keys()), withIvr: true }),
    chats: chatFigures(rows.chats, messagesOf, messages.keys(), ctx.since),
  };
  return { since: ctx.since, at: ctx.now, timeZone: ctx.timeZone, center, queues, teams };
}

/** What a team lead sees: the teams they lead and the queues those teams serve, no center row. */
export function todayForTeams(all: TodayFigures, ledTeamIds: readonly string[]): TodayFigures {
  const led = new Set(ledTeamIds);
  const teams = all.teams.filter((t) => led.has(t.teamId));
  const queueIds = new Set(teams.flatMap((t) => t.queueIds));
  return { ...all, center: null, teams, queues: all.queues.filter((q) => queueIds.has(q.queueId)) };
}
