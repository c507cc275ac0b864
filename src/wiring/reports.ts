/** The reports wired to the store, the routing engine (team -> queues, agents) and the directory. */
import type { Kysely } from 'kysely';
import type { RoutingService } from '../acd/routing-service.js';
import type { CallService } from '../calls/call-service.js';
import type { Clock } from '../core/clock.js';
import { allItems } from '../core/paging.js';
import type { DirectoryReaders } from '../directory/ports.js';
import { DEFAULT_SERVICE_LEVEL_MS } from '../core/call-figures.js';
import { BucketSettler } from '../reports/bucket-settler.js';
import { ReportService } from '../reports/report-service.js';
import { KyselyVolumeBuckets } from '../store/reports/report-buckets-repo.js';
import { KyselyReportRows } from '../store/reports/report-rows-repo.js';
import type { Database } from '../store/schema.js';
import { queuesOfTeams } from './today-figures.js';

export interface ReportsWiring {
  db: Kysely<Database>;
  clock: Clock;
  timeZone: string;
  acd: Pick<RoutingService, 'agents' | 'memberQueues'>;
  calls: Pick<CallService, 'settledSoFar'>;
  directory: Pick<DirectoryReaders, 'queues' | 'teams' | 'agents'>;
}

export function createReportService(w: ReportsWiring): ReportService {
  const rows = new KyselyReportRows(w.db);
  const directory = async () => {
    const [queues, teams, agents] = await Promise.all([
      allItems((page) => w.directory.queues.list(page)),
      allItems((page) => w.directory.teams.list(page)),
      allItems((page) => w.directory.agents.list(page)),
    ]);
    return {
      queues: queues.map((q) => ({ id: q.id, name: q.name, serviceLevelMs: q.serviceLevelSeconds * 1000 })),
      teams: teams.map((t) => ({ id: t.id, name: t.name })),
      agents: agents.map((a) => ({ id: a.id, name: a.displayName })),
    };
  };
  const store = new KyselyVolumeBuckets(w.db);
  const settler = new BucketSettler({
    store,
    rows,
    serviceLevels: async () => {
      const sl = new Map((await directory()).queues.map((q) => [q.id, q.serviceLevelMs]));
      return (id) => sl.get(id) ?? DEFAULT_SERVICE_LEVEL_MS;
    },
  });
  return new ReportService({
    clock: w.clock,
    rows,
    timeZone: w.timeZone,
    directory,
    buckets: { store, settler },
    queuesOfTeams: () => queuesOfTeams(w.acd),
    writesSettled: () => w.calls.settledSoFar(),
    agentsInTeams: (teamIds) => w.acd.agents().filter((a) => a.profile?.teamIds.some((t) => teamIds.includes(t))).map((a) => a.id),
  });
}
