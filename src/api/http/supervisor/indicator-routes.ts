/**
 * Issue 11's settings and reads around the floor indicators:
 * - GET/PUT /api/supervision/indicator-settings[/{audience}]: what each role (and the wall display)
 *   sees on its strip and where its alerts are (config.view to read, config.edit, admins, to change;
 *   audited, announced as config.changed).
 * - GET /api/supervision/my-indicators: the caller's strip; a team lead's figures count their teams.
 * - GET /api/wallboard: the wall display's figures; also open to a wallboard token.
 * - GET/POST/DELETE /api/wallboard/tokens: read-only tokens for wall PCs (admins; audited).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../../../accounts/principal.js';
import type { WallboardTokenService } from '../../../accounts/wallboard-tokens.js';
import type { Clock } from '../../../core/clock.js';
import type { FloorQueueFigures } from '../../../core/events.js';
import { floorCounts } from '../../../supervision/floor-indicators.js';
import { chatValues } from '../../../supervision/floor-chat.js';
import { centerInput, chatInput, teamInput, type FloorSnapshot } from '../../../supervision/floor-scope.js';
import type { IndicatorSettingsService } from '../../../supervision/indicator-settings-service.js';
import { INDICATOR_MEDIA, INDICATORS, LOW_IS_BAD, MAX_INDICATORS, indicatorValues, type Audience } from '../../../supervision/indicators.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { seesAllTeams } from '../../team-scope.js';
import {
  allSettingsSchema,
  audienceParamsSchema,
  audienceSettingsSchema,
  createdTokenSchema,
  myIndicatorsSchema,
  newTokenSchema,
  tokenViewSchema,
  wallboardSchema,
} from './indicator-schemas.js';

export interface IndicatorRouteDeps {
  clock: Clock;
  settings: IndicatorSettingsService;
  tokens: WallboardTokenService;
  snapshot(): FloorSnapshot;
  queues(): FloorQueueFigures[];
  queueNames(): Promise<Map<string, string>>;
}

/** The strip a user sees: their most senior role's. */
export function audienceOf(p: Principal): Audience {
  for (const role of ['admin', 'supervisor', 'team_lead'] as const) if (p.roles.includes(role)) return role;
  return 'agent';
}

const actorOf = (request: FastifyRequest) => ({ ...(request.principal ? { userId: request.principal.userId } : {}), ip: request.ip });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema } as const;

export async function registerIndicatorRoutes(app: FastifyInstance, deps: IndicatorRouteDeps): Promise<void> {
  app.get(
    '/api/supervision/indicator-settings',
    {
      config: { permission: 'config.view' },
      schema: { summary: 'Indicators and alert thresholds of every audience (roles and the wallboard), with the catalogue of indicators', tags: ['supervision', 'config'], response: { 200: allSettingsSchema, ...errors } },
    },
    async () => ({ audiences: await deps.settings.all(), indicators: [...INDICATORS], media: [...INDICATOR_MEDIA], maxIndicators: MAX_INDICATORS, lowIsBad: [...LOW_IS_BAD] }),
  );

  app.put<{ Params: { audience: string }; Body: { indicators: unknown[]; thresholds: Record<string, Record<string, unknown>>; stateLimits?: Record<string, unknown> } }>(
    '/api/supervision/indicator-settings/:audience',
    {
      config: { permission: 'config.edit' },
      schema: {
        summary: "Set an audience's indicators (up to 4) and thresholds per indicator and media; refused with VALIDATION_FAILED whose problems carry a rule (too_many_indicators, unknown_indicator, negative_threshold, ...)",
        tags: ['supervision', 'config'],
        params: audienceParamsSchema,
        body: audienceSettingsSchema,
        response: { 200: audienceSettingsSchema, ...errors },
      },
    },
    async (request) => deps.settings.update(request.params.audience, request.body, actorOf(request)),
  );

  app.get(
    '/api/supervision/my-indicators',
    {
      config: { access: 'authenticated' },
      schema: { summary: "The caller's status strip: their role's indicators and thresholds with the live values (a team lead's count their teams)", tags: ['supervision'], response: { 200: myIndicatorsSchema, ...errors } },
    },
    async (request) => {
      const principal = request.principal as Principal;
      const audience = audienceOf(principal);
      const snapshot = deps.snapshot();
      const center = seesAllTeams(principal) || audience !== 'team_lead';
      const input = center ? centerInput(snapshot) : teamInput(snapshot, principal.ledTeamIds);
      const chat = chatValues(center ? chatInput(snapshot) : chatInput(snapshot, principal.ledTeamIds));
      const settings = (await deps.settings.all())[audience];
      return { audience, at: snapshot.now, settings, values: indicatorValues(floorCounts(input)), chat };
    },
  );

  app.get(
    '/api/wallboard',
    {
      config: { permission: 'realtime.view', wallboard: true },
      schema: { summary: 'The wallboard: indicator values of the whole center, queue figures with names, the wallboard thresholds (also readable with a wallboard token)', tags: ['supervision', 'realtime'], response: { 200: wallboardSchema, ...errors } },
    },
    async () => {
      const snapshot = deps.snapshot();
      const [names, settings] = await Promise.all([deps.queueNames(), deps.settings.all()]);
      const queues = deps.queues().map((q) => ({ ...q, name: names.get(q.queueId) ?? q.queueId }));
      return { at: snapshot.now, values: indicatorValues(floorCounts(centerInput(snapshot))), chat: chatValues(chatInput(snapshot)), queues, settings: settings.wallboard };
    },
  );

  app.get(
    '/api/wallboard/tokens',
    { config: { permission: 'config.edit' }, schema: { summary: 'Wallboard tokens (never the tokens themselves), revoked ones with their time', tags: ['supervision'], response: { 200: { type: 'array', items: tokenViewSchema }, ...errors } } },
    async () => deps.tokens.list(),
  );

  app.post<{ Body: { name: string } }>(
    '/api/wallboard/tokens',
    {
      config: { permission: 'config.edit' },
      schema: { summary: 'Create a read-only wallboard token for a wall PC; the token is in this answer only', tags: ['supervision'], body: newTokenSchema, response: { 201: createdTokenSchema, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await deps.tokens.create(request.body.name, actorOf(request))),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/wallboard/tokens/:id',
    { config: { permission: 'config.edit' }, schema: { summary: 'Revoke a wallboard token (its open wallboards are closed at their next heartbeat)', tags: ['supervision'], params: idParamsSchema, response: { 204: { type: 'null' }, 404: errorBodySchema, ...errors } } },
    async (request, reply) => {
      await deps.tokens.revoke(request.params.id, actorOf(request));
      return reply.status(204).send();
    },
  );
}
