/**
 * The day so far (GET /api/realtime/today) and its 15-minute trends (GET /api/realtime/trends),
 * folded by src/supervision/today-service.ts from the stored day and kept fresh by events: a read
 * costs no query. Team leads get their teams, the queues those teams serve and no center row.
 * `realtime.today_changed` on /api/ws says when to read again.
 */
import type { FastifyInstance } from 'fastify';
import type { Principal } from '../../../accounts/principal.js';
import type { TodayService } from '../../../supervision/today-service.js';
import { seesAllTeams } from '../../team-scope.js';
import { errorBodySchema } from '../schemas.js';
import { todayFiguresSchema, todayTrendsSchema } from './today-schemas.js';

export interface TodayRouteDeps {
  today: Pick<TodayService, 'today' | 'trends'>;
}

const tags = ['realtime', 'supervision'];
/** undefined: every team (supervisors, admins); else the teams the lead leads. */
const ledTeams = (p: Principal | undefined): readonly string[] | undefined => (seesAllTeams(p) ? undefined : (p?.ledTeamIds ?? []));

export async function registerTodayRoutes(app: FastifyInstance, deps: TodayRouteDeps): Promise<void> {
  app.get(
    '/api/realtime/today',
    {
      config: { permission: 'realtime.view' },
      schema: {
        summary:
          "Today so far (local day of the center) for the center, each queue and each team: offered, answered, abandoned in queue and in the IVR, answer rate, service level (answered within the queue's threshold / offered), average and longest wait, average handle time, callbacks pending; team leads see their teams and their queues only",
        tags,
        response: { 200: todayFiguresSchema, 403: errorBodySchema },
      },
    },
    async (request) => deps.today.today(ledTeams(request.principal)),
  );
  app.get(
    '/api/realtime/trends',
    {
      config: { permission: 'realtime.view' },
      schema: {
        summary: "Today per 15-minute interval: inbound offered / answered / abandoned, outbound dialed / answered, agents per state at each interval's end; team leads: their queues and agents",
        tags,
        response: { 200: todayTrendsSchema, 403: errorBodySchema },
      },
    },
    async (request) => deps.today.trends(ledTeams(request.principal)),
  );
}
