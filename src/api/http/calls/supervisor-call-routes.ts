/** Supervisor actions on live calls: listen, whisper, barge, stop, force-release. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Permission } from '../../../accounts/permissions.js';
import { AppError } from '../../../core/errors.js';
import type { SupervisionMode } from '../../../pbx/port.js';
import { errorBodySchema } from '../schemas.js';
import { maySupervise, userOf, type CallRouteDeps } from './call-route-deps.js';
import { callIdParams, liveCallSchema, releaseBody, sessionSchema } from './call-schemas.js';

const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const MODES: { mode: SupervisionMode; permission: Permission; summary: string }[] = [
  { mode: 'listen', permission: 'supervise.listen', summary: 'Listen to the call (nobody hears the supervisor)' },
  { mode: 'whisper', permission: 'supervise.whisper', summary: 'Coach the agent (the customer does not hear the supervisor)' },
  { mode: 'barge', permission: 'supervise.barge', summary: 'Barge in: a three-way call with agent and customer' },
];

export async function registerSupervisorCallRoutes(app: FastifyInstance, deps: CallRouteDeps): Promise<void> {
  const { supervision } = deps;
  const ownSession = (callId: string, userId: string) => supervision.list().find((s) => s.callId === callId && s.supervisorId === userId);
  /** A team lead acting on a call outside their teams gets FORBIDDEN (an unknown call: NOT_FOUND). */
  const guard = (request: FastifyRequest, callId: string): void => {
    const call = deps.activeCalls().find((c) => c.id === callId);
    if (!call) throw new AppError('NOT_FOUND', `No call ${callId} is in progress`, { callId });
    if (!maySupervise(request, call, deps.teamsOfAgent)) throw new AppError('FORBIDDEN', 'This call is not one of your teams', { callId });
  };

  app.get(
    '/api/calls',
    {
      config: { permission: 'supervise.listen' },
      schema: { summary: 'Live calls', tags: ['calls'], response: { 200: { type: 'object', required: ['calls'], properties: { calls: { type: 'array', items: liveCallSchema } } } } },
    },
    async (request) => ({ calls: deps.activeCalls().filter((c) => maySupervise(request, c, deps.teamsOfAgent)) }),
  );

  for (const { mode, permission, summary } of MODES) {
    app.post<{ Params: { id: string } }>(
      `/api/calls/:id/supervise/${mode}`,
      {
        config: { permission },
        schema: {
          summary: `${summary}; the supervisor's phone rings first. On a call already supervised, switches the mode.`,
          tags: ['calls', 'supervision'],
          params: callIdParams,
          response: { 200: { type: 'object', required: ['session'], properties: { session: sessionSchema } }, ...errors },
        },
      },
      async (request) => {
        const userId = userOf(request);
        guard(request, request.params.id);
        await deps.preparePhone?.(userId);
        const existing = ownSession(request.params.id, userId);
        const session = existing ? await supervision.setMode(existing.id, mode) : supervision.start(request.params.id, userId, mode);
        await deps.audit.record({ actorId: userId, action: `call.supervise_${mode}`, target: `call:${request.params.id}`, ...(request.ip ? { ip: request.ip } : {}) });
        return { session };
      },
    );
  }

  app.delete<{ Params: { id: string } }>(
    '/api/calls/:id/supervise',
    {
      config: { permission: 'supervise.listen' },
      schema: { summary: "End the caller's own supervision of this call", tags: ['calls', 'supervision'], params: callIdParams, response: { 204: { type: 'null' }, ...errors } },
    },
    async (request, reply) => {
      const session = ownSession(request.params.id, userOf(request));
      if (!session) throw new AppError('NOT_FOUND', 'You are not supervising this call', { callId: request.params.id });
      await supervision.stop(session.id);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: string }; Body: { scope: 'agent' | 'call' } }>(
    '/api/calls/:id/release',
    {
      config: { permission: 'supervise.barge' },
      schema: { summary: "Force-release: free the agent (the caller queues again) or end the whole call", tags: ['calls', 'supervision'], params: callIdParams, body: releaseBody, response: { 204: { type: 'null' }, ...errors } },
    },
    async (request, reply) => {
      const userId = userOf(request);
      guard(request, request.params.id);
      supervision.forceRelease(request.params.id, request.body.scope, userId);
      await deps.audit.record({ actorId: userId, action: 'call.force_release', target: `call:${request.params.id}`, details: { scope: request.body.scope }, ...(request.ip ? { ip: request.ip } : {}) });
      return reply.status(204).send();
    },
  );
}
