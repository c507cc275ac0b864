/**
 * The agent toolbar's own reads (agent.self): the agent's day, the transfer picker's directory,
 * the caller ids they may present, and the numbers they recently talked with.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OfferHistoryReader } from '../../../acd/ports.js';
import { summarizeAgentDay } from '../../../calls/agent-day.js';
import type { CallHistoryReader } from '../../../calls/history-ports.js';
import type { Clock } from '../../../core/clock.js';
import { AppError } from '../../../core/errors.js';
import { errorBodySchema } from '../schemas.js';
import { buildDirectory, type DirectorySource } from './directory.js';
import { callerIdsSchema, directorySchema, recentNumbersSchema, todaySchema } from './toolbar-schemas.js';

export interface ToolbarRouteDeps {
  clock: Clock;
  /** Local midnight (the center's time zone) starting the day of `at`. */
  startOfDay(at: number): number;
  history: Pick<CallHistoryReader, 'answeredLegsSince' | 'recentNumbers'>;
  offers: OfferHistoryReader;
  directory: DirectorySource;
  /** SWITCHBOARD_CALLER_IDS; the first is the default. */
  callerIds: readonly string[];
}

const RECENT_NUMBERS = 10;

function selfAgent(request: FastifyRequest): string {
  const agentId = request.principal?.agentId;
  if (!agentId) throw new AppError('NOT_AN_AGENT', 'You are not set up as an agent', { userId: request.principal?.userId });
  return agentId;
}

export async function registerToolbarRoutes(app: FastifyInstance, deps: ToolbarRouteDeps): Promise<void> {
  const self = { permission: 'agent.self' } as const;
  const tags = ['toolbar'];

  app.get(
    '/api/agent/today',
    {
      config: self,
      schema: {
        summary: "My day since local midnight (the server's time zone): calls handled, offers missed, talk time; from the stored calls, so a restart changes nothing",
        tags,
        response: { 200: todaySchema, 403: errorBodySchema },
      },
    },
    async (request) => {
      const agentId = selfAgent(request);
      const now = deps.clock.now();
      const since = deps.startOfDay(now);
      const [legs, missed] = await Promise.all([deps.history.answeredLegsSince(agentId, since), deps.offers.missedOffersSince(agentId, since, ['voice', 'callback'])]);
      return summarizeAgentDay(legs, missed, since, now);
    },
  );

  app.get(
    '/api/agent/directory',
    {
      config: self,
      schema: {
        summary:
          'Transfer and consult picker: every enabled agent of the center with live state, whatever their team (any agent may transfer to any other), and every queue with its waiting count. Read-only; names and live figures only',
        tags,
        response: { 200: directorySchema },
      },
    },
    async () => buildDirectory(deps.directory),
  );

  app.get(
    '/api/agent/caller-ids',
    { config: self, schema: { summary: 'Numbers I may show customers on click-to-dial (SWITCHBOARD_CALLER_IDS); the first is the default', tags, response: { 200: callerIdsSchema } } },
    async () => ({ callerIds: [...deps.callerIds], default: deps.callerIds[0] ?? null }),
  );

  app.get(
    '/api/agent/recent-numbers',
    {
      config: self,
      schema: {
        summary: 'The last 10 different numbers I talked with (callers and numbers I dialed), newest first, for redial',
        tags,
        response: { 200: recentNumbersSchema, 403: errorBodySchema },
      },
    },
    async (request) => ({ numbers: await deps.history.recentNumbers(selfAgent(request), RECENT_NUMBERS) }),
  );
}
