/** The toolbar's screen-pop of a call (customer.view): offered to or handled by the caller, or in their scope. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../../core/errors.js';
import type { ScreenPopService } from '../../../calls/screen-pop.js';
import { agentInScope, seesAllTeams, type TeamsOfAgent } from '../../team-scope.js';
import { errorBodySchema } from '../schemas.js';
import { callIdParams } from './call-schemas.js';
import { screenPopSchema } from './screen-pop-schemas.js';

export interface ScreenPopRouteDeps {
  pop: Pick<ScreenPopService, 'open'>;
  teamsOfAgent: TeamsOfAgent;
}

export async function registerScreenPopRoutes(app: FastifyInstance, deps: ScreenPopRouteDeps): Promise<void> {
  /** Supervisors and admins: any call; a team lead: their teams' agents' calls; anyone: calls they were rung for or on. */
  const mayRead = (request: FastifyRequest, parties: Set<string>): boolean => {
    const p = request.principal;
    if (seesAllTeams(p)) return true;
    if (p?.agentId && parties.has(p.agentId)) return true;
    return [...parties].some((a) => agentInScope(p, a, deps.teamsOfAgent));
  };

  app.get<{ Params: { id: string } }>(
    '/api/calls/:id/pop',
    {
      config: { permission: 'customer.view' },
      schema: {
        summary: 'Screen-pop of a call: caller, queue, wait, IVR path, customer and earlier calls of the number; from the moment the agent is rung',
        tags: ['calls'],
        params: callIdParams,
        response: { 200: screenPopSchema, 404: errorBodySchema },
      },
    },
    async (request) => {
      const callId = request.params.id;
      const opened = await deps.pop.open(callId);
      // A call the user may not see reads as one that does not exist.
      if (!opened || !mayRead(request, opened.parties)) throw new AppError('NOT_FOUND', `No call ${callId}`, { callId });
      return opened.build();
    },
  );
}
