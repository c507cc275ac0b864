import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../../accounts/audit.js';
import { AppError } from '../../../core/errors.js';
import { flowGraph } from '../../../ivr/diagram.js';
import type { FlowRegistry } from '../../../ivr/flow-registry.js';
import type { FlowVersionStore, TraceStore } from '../../../ivr/ports.js';
import { abandonPointsSchema, checkResultSchema, flowListSchema, flowNameParams, flowStateSchema, flowViewSchema, sourceBody, traceSchema, versionListSchema, versionSchema } from './ivr-schemas.js';

export interface IvrRouteDeps {
  registry: FlowRegistry;
  versions: FlowVersionStore;
  traces: TraceStore;
  audit?: AuditLog;
  /** Who a user id is, for the versions list (undefined: no such user any more). */
  userName?: (userId: string) => Promise<string | undefined>;
}

/**
 * IVR flows for admins (list, diagram, validation state, versions, save with the daemon's own
 * validation), the IVR path of a call for the screen-pop, and the abandon-point report. The page
 * is the app's /app/ivr (src/web/ivr); the old address /ivr-admin/ leads there.
 */
export async function registerIvrRoutes(app: FastifyInstance, deps: IvrRouteDeps): Promise<void> {
  const { registry } = deps;

  // Bookmarks of the old stand-alone page: the same flow opens in the app (which asks for a login).
  const oldPage = {
    config: { access: 'public' as const },
    schema: {
      summary: 'The old address of the IVR page: redirects to /app/ivr (no data)',
      tags: ['ivr'],
      querystring: { type: 'object', properties: { flow: { type: 'string', maxLength: 64 } } },
    },
  };
  const inApp = (flow: string | undefined) => (flow ? `/app/ivr?${new URLSearchParams({ flow }).toString()}` : '/app/ivr');
  app.get<{ Querystring: { flow?: string } }>('/ivr-admin', oldPage, async (request, reply) => reply.redirect(inApp(request.query.flow), 302));
  app.get<{ Querystring: { flow?: string } }>('/ivr-admin/', oldPage, async (request, reply) => reply.redirect(inApp(request.query.flow), 302));

  app.get(
    '/api/ivr/flows',
    {
      config: { permission: 'config.view' },
      schema: {
        summary: 'Every IVR flow with its running version and validation state',
        tags: ['ivr'],
        response: { 200: flowListSchema },
      },
    },
    async () => ({
      flows: registry.states().map((s) => {
        const running = registry.runningVersion(s.name)?.flow;
        return { ...s, description: running?.description ?? '', numbers: running?.numbers ?? [] };
      }),
    }),
  );

  app.get<{ Params: { name: string } }>(
    '/api/ivr/flows/:name',
    {
      config: { permission: 'config.view' },
      schema: {
        summary: 'One flow: its file as on disk, problems, diagram and the running version',
        tags: ['ivr'],
        params: flowNameParams,
        response: { 200: flowViewSchema },
      },
    },
    async (request) => {
      const { name } = request.params;
      const source = await registry.source(name);
      if (source === undefined) throw new AppError('IVR_FLOW_NOT_FOUND', `No IVR flow named ${name}`, { flow: name });
      const checked = await registry.validate(name, source);
      const flow = checked.flow ?? registry.runningVersion(name)?.flow;
      const state = registry.stateOf(name) ?? { name, file: '', version: null, loadedAt: null, problems: checked.problems };
      return { name, source, problems: checked.problems, graph: flow ? flowGraph(flow) : null, state };
    },
  );

  app.post<{ Params: { name: string }; Body: { source: string } }>(
    '/api/ivr/flows/:name/check',
    {
      config: { permission: 'ivr.edit' },
      schema: {
        summary: 'Validate a text as this flow, without saving it',
        tags: ['ivr'],
        params: flowNameParams,
        body: sourceBody,
        response: { 200: checkResultSchema },
      },
    },
    async (request) => {
      const checked = await registry.validate(request.params.name, request.body.source);
      return { problems: checked.problems, graph: checked.flow ? flowGraph(checked.flow) : null };
    },
  );

  app.put<{ Params: { name: string }; Body: { source: string } }>(
    '/api/ivr/flows/:name',
    {
      config: { permission: 'ivr.edit' },
      schema: {
        summary: 'Save a flow file; refused (422 IVR_FLOW_INVALID, details.problems: file, line, col, code, params, reason as in a check) when it does not validate',
        tags: ['ivr'],
        params: flowNameParams,
        body: sourceBody,
        response: { 200: flowStateSchema },
      },
    },
    async (request) => {
      const { name } = request.params;
      const by = request.principal?.userId ?? 'unknown';
      const state = await registry.save(name, request.body.source, by);
      await deps.audit?.record({ actorId: by, action: 'ivr.flow_saved', target: `ivr_flow:${name}`, details: { version: state.version }, ip: request.ip });
      return state;
    },
  );

  app.get<{ Params: { name: string } }>(
    '/api/ivr/flows/:name/versions',
    {
      config: { permission: 'config.view' },
      schema: {
        summary: 'Every stored version of a flow, newest first',
        tags: ['ivr'],
        params: flowNameParams,
        response: { 200: versionListSchema },
      },
    },
    async (request) => {
      const versions = await deps.versions.listVersions(request.params.name);
      const ids = [...new Set(versions.flatMap((v) => (v.changedBy === null ? [] : [v.changedBy])))];
      const names = new Map(await Promise.all(ids.map(async (id) => [id, (await deps.userName?.(id)) ?? null] as const)));
      return { versions: versions.map((v) => ({ ...v, changedByName: v.changedBy === null ? null : (names.get(v.changedBy) ?? null) })) };
    },
  );

  app.get<{ Params: { name: string; version: number } }>(
    '/api/ivr/flows/:name/versions/:version',
    {
      config: { permission: 'config.view' },
      schema: {
        summary: 'One stored version of a flow, with its text',
        tags: ['ivr'],
        params: { ...flowNameParams, required: ['name', 'version'], properties: { ...flowNameParams.properties, version: { type: 'integer', minimum: 1 } } },
        response: { 200: versionSchema },
      },
    },
    async (request) => {
      const v = await deps.versions.getVersion(request.params.name, request.params.version);
      if (!v) throw new AppError('NOT_FOUND', `Flow ${request.params.name} has no version ${request.params.version}`);
      return v;
    },
  );

  app.get<{ Params: { callId: string } }>(
    '/api/ivr/traces/:callId',
    {
      config: { permission: 'customer.view' },
      schema: {
        summary: "A call's path through the IVR (screen-pop)",
        tags: ['ivr'],
        params: { type: 'object', required: ['callId'], properties: { callId: { type: 'string', minLength: 1, maxLength: 200 } } },
        response: { 200: traceSchema },
      },
    },
    async (request) => {
      const t = await deps.traces.getTrace(request.params.callId);
      if (!t) throw new AppError('NOT_FOUND', `No IVR trace for call ${request.params.callId}`);
      return t;
    },
  );

  app.get<{ Querystring: { from: number; to: number; flow?: string } }>(
    '/api/ivr/reports/abandon-points',
    {
      config: { permission: 'records.view' },
      schema: {
        summary: 'Where callers hung up inside the IVR, most frequent first',
        tags: ['ivr'],
        querystring: {
          type: 'object',
          required: ['from', 'to'],
          additionalProperties: false,
          properties: { from: { type: 'integer', minimum: 0 }, to: { type: 'integer', minimum: 0 }, flow: { type: 'string', maxLength: 64 } },
        },
        response: { 200: abandonPointsSchema },
      },
    },
    async (request) => ({ points: await deps.traces.abandonPoints(request.query.from, request.query.to, request.query.flow) }),
  );
}
