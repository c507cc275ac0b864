/** The supervisor's Today figures wired to the store, the routing engine and the directory. */
import type { Kysely } from 'kysely';
import type { RoutingService } from '../acd/routing-service.js';
import { startOfDay } from '../acd/realtime-seed.js';
import type { CallService } from '../calls/call-service.js';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';
import { allItems } from '../core/paging.js';
import type { DirectoryReaders } from '../directory/ports.js';
import type { Database } from '../store/schema.js';
import { KyselyTodayRows } from '../store/supervision/today-rows-repo.js';
import { TodayService } from '../supervision/today-service.js';

export interface TodayWiring {
  db: Kysely<Database>;
  clock: Clock;
  bus: EventBus;
  logger: Logger;
  timeZone: string;
  acd: Pick<RoutingService, 'agents' | 'memberQueues' | 'teamsOf'>;
  calls: Pick<CallService, 'settledSoFar'>;
  directory: Pick<DirectoryReaders, 'queues' | 'teams'>;
}

export function createTodayService(w: TodayWiring): TodayService {
  return new TodayService({
    clock: w.clock,
    bus: w.bus,
    log: w.logger.child({ component: 'today-figures' }),
    rows: new KyselyTodayRows(w.db),
    timeZone: w.timeZone,
    startOfDay: (at) => startOfDay(w.timeZone, at),
    directory: async () => {
      const [queues, teams] = await Promise.all([allItems((page) => w.directory.queues.list(page)), allItems((page) => w.directory.teams.list(page))]);
      return { queues: queues.map((q) => ({ id: q.id, name: q.name, serviceLevelMs: q.serviceLevelSeconds * 1000 })), teams: teams.map((t) => ({ id: t.id, name: t.name })) };
    },
    queuesOfTeams: () => queuesOfTeams(w.acd),
    teamsOfAgent: (agentId) => w.acd.teamsOf(agentId),
    writesSettled: () => w.calls.settledSoFar(),
  });
}

/** Per team, the queues its agents serve: one pass over every agent (logged in or not). */
export function queuesOfTeams(acd: Pick<RoutingService, 'agents' | 'memberQueues'>): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const a of acd.agents()) {
    const queues = acd.memberQueues(a.id);
    for (const t of a.profile?.teamIds ?? []) {
      let set = out.get(t);
      if (!set) out.set(t, (set = new Set()));
      for (const q of queues) set.add(q);
    }
  }
  return new Map([...out].map(([t, set]) => [t, [...set]]));
}
