/**
 * /api/canned-replies: the canned replies of the chat workspace (chat.handle). Listing gives the
 * replies I may use (mine and those of the teams I belong to or lead), each marked `editable`;
 * personal replies are changed by their agent, team replies by that team's leads, supervisors and
 * admins (CannedReplyService checks, and audits every change).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CannedReplyInput, CannedViewer } from '../../../chat/canned-replies.js';
import type { CannedReplyService } from '../../../chat/canned-reply-service.js';
import { seesAllTeams, type TeamsOfAgent } from '../../team-scope.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { cannedListQuery, cannedReplyInputSchema, cannedReplySchema } from './chat-desk-schemas.js';

export interface CannedReplyRouteDeps {
  canned: Pick<CannedReplyService, 'list' | 'get' | 'create' | 'update' | 'remove'>;
  teamsOfAgent: TeamsOfAgent;
}

const tags = ['chat'];
const config = { permission: 'chat.handle' } as const;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema } as const;

export function cannedViewerOf(r: FastifyRequest, teamsOfAgent: TeamsOfAgent): CannedViewer {
  const p = r.principal;
  const agentId = p?.agentId;
  return {
    userId: p?.userId ?? 'unknown',
    ...(agentId ? { agentId } : {}),
    memberOf: agentId ? teamsOfAgent(agentId) : [],
    leads: p?.ledTeamIds ?? [],
    seesAllTeams: seesAllTeams(p),
    ip: r.ip,
  };
}

export async function registerCannedReplyRoutes(app: FastifyInstance, deps: CannedReplyRouteDeps): Promise<void> {
  const viewer = (r: FastifyRequest) => cannedViewerOf(r, deps.teamsOfAgent);

  app.get<{ Querystring: { team?: string } }>(
    '/api/canned-replies',
    { config, schema: { summary: "The canned replies I may use (mine and my teams'), by shortcut; one team's only when asked", tags, querystring: cannedListQuery, response: { 200: { type: 'array', items: cannedReplySchema }, ...errors } } },
    async (r) => deps.canned.list(viewer(r), r.query.team ? { teamId: r.query.team } : {}),
  );

  app.get<{ Params: { id: string } }>(
    '/api/canned-replies/:id',
    { config, schema: { summary: 'One canned reply I may use', tags, params: idParamsSchema, response: { 200: cannedReplySchema, 404: errorBodySchema, ...errors } } },
    async (r) => deps.canned.get(r.params.id, viewer(r)),
  );

  app.post<{ Body: CannedReplyInput }>(
    '/api/canned-replies',
    {
      config,
      schema: {
        summary: 'Add a personal reply, or a team reply (team leads of that team, supervisors, admins); CANNED_SHORTCUT_TAKEN when the owner already uses the shortcut',
        tags,
        body: cannedReplyInputSchema,
        response: { 201: cannedReplySchema, 409: errorBodySchema, ...errors },
      },
    },
    async (r, reply) => reply.code(201).send({ ...(await deps.canned.create(r.body, viewer(r))), editable: true }),
  );

  app.put<{ Params: { id: string }; Body: CannedReplyInput }>(
    '/api/canned-replies/:id',
    { config, schema: { summary: 'Replace a canned reply I may change', tags, params: idParamsSchema, body: cannedReplyInputSchema, response: { 200: cannedReplySchema, 404: errorBodySchema, 409: errorBodySchema, ...errors } } },
    async (r) => ({ ...(await deps.canned.update(r.params.id, r.body, viewer(r))), editable: true }),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/canned-replies/:id',
    { config, schema: { summary: 'Delete a canned reply I may change', tags, params: idParamsSchema, response: { 204: { type: 'null' }, 404: errorBodySchema, ...errors } } },
    async (r, reply) => {
      await deps.canned.remove(r.params.id, viewer(r));
      return reply.code(204).send();
    },
  );
}
