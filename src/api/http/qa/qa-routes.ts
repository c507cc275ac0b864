/**
 * Quality scoring over REST (issue 14), under /api/qa. Scorecards: qa.manage changes them,
 * evaluators list them, anyone signed in reads one version (an agent reading their evaluation
 * needs its questions). Samples, evaluations, resolutions and the report: qa.evaluate, team-scoped
 * for team leads (the agents of the teams they lead). An agent reads, accepts and disputes their
 * own submitted evaluations. The service (src/qa/qa-service.ts) holds the rules; this file turns a
 * request into its actor.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, type Principal } from '../../../accounts/principal.js';
import { canonicalTimeZone } from '../../../calendars/zoned-time.js';
import { AppError, validationError } from '../../../core/errors.js';
import type { EvaluationState } from '../../../qa/evaluation-state.js';
import type { ChatTranscript, ContactRef, Evaluation } from '../../../qa/model.js';
import type { QaActor, QaAssignee, QaService } from '../../../qa/qa-service.js';
import type { QaGrouping } from '../../../qa/qa-report.js';
import type { QaMedia, ScorecardInput } from '../../../qa/scorecard.js';
import type { Answers } from '../../../qa/scoring.js';
import type { ReportInterval } from '../../../reports/intervals.js';
import { agentInScope, seesAllTeams, type TeamsOfAgent } from '../../team-scope.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import {
  answersInput,
  assignmentListQuery,
  assignmentListSchema,
  assignmentProps,
  reassignInput,
  candidateListSchema,
  candidateQuery,
  contextSchema,
  disputeInput,
  evaluatorListSchema,
  evaluationListQuery,
  evaluationListSchema,
  evaluationSchema,
  reportQuery,
  reportSchema,
  resolveInput,
  sampleInput,
  scorecardInput,
  scorecardListQuery,
  scorecardSchema,
  startInput,
  transcriptSchema,
  versionQuery,
} from './qa-schemas.js';

export interface QaRouteDeps {
  qa: QaService;
  teamsOfAgent: TeamsOfAgent;
  agentsInTeams: (teamIds: string[]) => string[];
  /** The center's time zone: the report's default. */
  timeZone: string;
  /** Another user as their own session would see them (a sample assigned to them); undefined when unknown or disabled. */
  principalOfUser: (userId: string) => Promise<Principal | undefined>;
  /** Users holding qa.evaluate, to assign samples to. */
  evaluators: () => Promise<{ userId: string; name: string }[]>;
  /** Read without the chat routes' agent/supervisor reach: the evaluation's own scope decided. */
  chatTranscript: (chatId: string) => Promise<ChatTranscript | undefined>;
}

interface SampleBody {
  from: number;
  to: number;
  perAgent: number;
  media: QaMedia[];
  perWeek?: boolean;
  tz?: string;
  queueIds?: string[];
  teamIds?: string[];
  agentIds?: string[];
  minSeconds?: number;
  evaluatorId?: string;
}

const tags = ['qa'];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema } as const;
const evaluate = { permission: 'qa.evaluate' } as const;
const manage = { permission: 'qa.manage' } as const;
const signedIn = { access: 'authenticated' } as const;

export async function registerQaRoutes(app: FastifyInstance, deps: QaRouteDeps): Promise<void> {
  const qa = deps.qa;
  const actorOf = (r: FastifyRequest): QaActor => {
    const p = r.principal;
    if (!p) throw new AppError('UNAUTHENTICATED');
    const all = seesAllTeams(p);
    return {
      userId: p.userId,
      ...(p.agentId ? { agentId: p.agentId } : {}),
      canEvaluate: can(p, 'qa.evaluate'),
      canManage: can(p, 'qa.manage'),
      inScope: (agentId) => agentInScope(p, agentId, deps.teamsOfAgent),
      ...(all ? {} : { scopeAgents: deps.agentsInTeams(p.ledTeamIds), scopeTeams: p.ledTeamIds }),
      ...(r.ip ? { ip: r.ip } : {}),
    };
  };

  app.get<{ Querystring: { archived: boolean } }>(
    '/api/qa/scorecards',
    { config: evaluate, schema: { summary: 'Scorecards, newest version of each', tags, querystring: scorecardListQuery, response: { 200: { type: 'array', items: scorecardSchema }, ...errors } } },
    async (r) => qa.scorecards(r.query.archived),
  );

  app.get<{ Params: { id: string }; Querystring: { version?: number } }>(
    '/api/qa/scorecards/:id',
    { config: signedIn, schema: { summary: 'One scorecard: its newest version, or the one named', tags, params: idParamsSchema, querystring: versionQuery, response: { 200: scorecardSchema, ...errors } } },
    async (r) => qa.scorecard(r.params.id, r.query.version),
  );

  app.post<{ Body: ScorecardInput }>(
    '/api/qa/scorecards',
    {
      config: manage,
      schema: { summary: 'Define a scorecard; weighted items must add up to 100 (QA_WEIGHTS otherwise)', tags, body: scorecardInput, response: { 201: scorecardSchema, ...errors } },
    },
    async (r, reply) => reply.code(201).send(await qa.createScorecard(r.body, actorOf(r))),
  );

  app.put<{ Params: { id: string }; Body: ScorecardInput }>(
    '/api/qa/scorecards/:id',
    { config: manage, schema: { summary: 'Change a scorecard: stored as its next version; evaluations keep the version they answered', tags, params: idParamsSchema, body: scorecardInput, response: { 200: scorecardSchema, ...errors } } },
    async (r) => qa.updateScorecard(r.params.id, r.body, actorOf(r)),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/qa/scorecards/:id',
    { config: manage, schema: { summary: 'Archive a scorecard: no new evaluations; the old ones keep it', tags, params: idParamsSchema, response: { 204: { type: 'null' }, ...errors } } },
    async (r, reply) => {
      await qa.archiveScorecard(r.params.id, actorOf(r));
      return reply.code(204).send();
    },
  );

  const assigneeOf = async (userId: string): Promise<QaAssignee> => {
    const p = await deps.principalOfUser(userId);
    // Unknown, disabled and non-evaluators alike: the service refuses with QA_NOT_EVALUATOR.
    if (!p) return { userId, canEvaluate: false, inScope: () => false };
    return { userId, ...(p.agentId ? { agentId: p.agentId } : {}), canEvaluate: can(p, 'qa.evaluate'), inScope: (agentId) => agentInScope(p, agentId, deps.teamsOfAgent) };
  };

  app.post<{ Body: SampleBody }>(
    '/api/qa/samples',
    {
      config: evaluate,
      schema: {
        summary:
          'Sample up to perAgent handled calls and chats per agent in scope from [from, to) (per agent and week with perWeek), narrowed by queue, team, agent and handling time, for the asker or the evaluator named; counts what that evaluator already holds from the range: the same request again adds nothing',
        tags,
        body: sampleInput,
        response: { 201: assignmentListSchema, ...errors },
      },
    },
    async (r, reply) => {
      const { tz, evaluatorId, ...rest } = r.body;
      const timeZone = tz === undefined ? deps.timeZone : canonicalTimeZone(tz);
      if (timeZone === undefined) throw validationError([{ where: '/tz', reason: `unknown time zone ${tz ?? ''}` }]);
      const actor = actorOf(r);
      const evaluator = evaluatorId && evaluatorId !== actor.userId ? await assigneeOf(evaluatorId) : undefined;
      return reply.code(201).send(await qa.sample({ ...rest, timeZone, ...(evaluator ? { evaluator } : {}) }, actor));
    },
  );

  app.get<{ Querystring: { from: number; to: number; media?: QaMedia; queueId?: string; teamId?: string; agentId?: string; minSeconds?: number; limit: number } }>(
    '/api/qa/candidates',
    {
      config: evaluate,
      schema: {
        summary: 'Handled calls and chats in scope to pick by hand, newest first: started in [from, to), by media, queue, team, agent and handling time; those already sampled or evaluated are left out',
        tags,
        querystring: candidateQuery,
        response: { 200: candidateListSchema, ...errors },
      },
    },
    async (r) => {
      const { media, queueId, teamId, agentId, ...rest } = r.query;
      return qa.findContacts(
        { ...rest, media: media ? [media] : ['call', 'chat'], ...(queueId ? { queueIds: [queueId] } : {}), ...(teamId ? { teamIds: [teamId] } : {}), ...(agentId ? { agentIds: [agentId] } : {}) },
        actorOf(r),
      );
    },
  );

  app.get('/api/qa/evaluators', { config: evaluate, schema: { summary: 'Users who evaluate quality (qa.evaluate): whom a sample may be assigned to', tags, response: { 200: evaluatorListSchema, ...errors } } }, async () => deps.evaluators());

  app.get<{ Querystring: { holder: 'me' | 'anyone' } }>(
    '/api/qa/assignments',
    {
      config: evaluate,
      schema: {
        summary: "Sampled contacts not yet evaluated: mine, or (holder=anyone) every evaluator's for agents in my scope, to see who holds what",
        tags,
        querystring: assignmentListQuery,
        response: { 200: assignmentListSchema, ...errors },
      },
    },
    async (r) => (r.query.holder === 'anyone' ? qa.openAssignments(actorOf(r)) : qa.myAssignments(actorOf(r))),
  );

  app.put<{ Params: { id: string }; Body: { evaluatorId: string } }>(
    '/api/qa/assignments/:id',
    {
      config: evaluate,
      schema: {
        summary: 'Hand an open assignment of an agent in scope to another evaluator who may evaluate that agent',
        tags,
        params: idParamsSchema,
        body: reassignInput,
        response: { 200: { type: 'object', required: Object.keys(assignmentProps), properties: assignmentProps }, ...errors },
      },
    },
    async (r) => qa.reassign(r.params.id, await assigneeOf(r.body.evaluatorId), actorOf(r)),
  );

  app.post<{ Body: { scorecardId: string; contact: ContactRef; assignmentId?: string } }>(
    '/api/qa/evaluations',
    { config: evaluate, schema: { summary: 'Start evaluating a handled call or chat (a draft)', tags, body: startInput, response: { 201: evaluationSchema, ...errors } } },
    async (r, reply) => reply.code(201).send(await qa.start(r.body, actorOf(r))),
  );

  app.get<{ Querystring: { agentId?: string; evaluatorId?: string; state?: EvaluationState; scorecardId?: string; from?: number; to?: number; limit: number; before?: string } }>(
    '/api/qa/evaluations',
    {
      config: signedIn,
      schema: { summary: "Evaluations, newest contact first: an evaluator's scope, or an agent's own once submitted", tags, querystring: evaluationListQuery, response: { 200: evaluationListSchema, ...errors } },
    },
    async (r) => {
      const { state, from, to, ...rest } = r.query;
      if (from !== undefined && to !== undefined && to <= from) throw new AppError('INVALID_RANGE', undefined, { problems: [{ where: '/from', reason: 'after /to' }] });
      return qa.list({ ...rest, ...(state ? { states: [state] } : {}), ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }, actorOf(r));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/qa/evaluations/:id',
    { config: signedIn, schema: { summary: 'One evaluation', tags, params: idParamsSchema, response: { 200: evaluationSchema, ...errors } } },
    async (r) => qa.get(r.params.id, actorOf(r)),
  );

  app.get<{ Params: { id: string } }>(
    '/api/qa/evaluations/:id/transcript',
    { config: signedIn, schema: { summary: "The evaluated chat's messages (visitor, agent and system; never private notes)", tags, params: idParamsSchema, response: { 200: transcriptSchema, ...errors } } },
    async (r) => {
      const e: Evaluation = await qa.get(r.params.id, actorOf(r));
      if (e.contact.kind !== 'chat') throw validationError([{ where: '/id', reason: 'the evaluation is of a call: listen to its recording' }]);
      const t = await deps.chatTranscript(e.contact.id);
      if (!t) throw new AppError('QA_CONTACT_NOT_FOUND', undefined, { kind: 'chat', id: e.contact.id });
      return { kind: 'chat', ...t };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/qa/evaluations/:id/context',
    {
      config: signedIn,
      schema: {
        summary: "What to read beside the recording or transcript: the contact's facts, its customer (by the caller's number or the chat visitor), and for a chat the visit it started in with the pages viewed",
        tags,
        params: idParamsSchema,
        response: { 200: contextSchema, ...errors },
      },
    },
    async (r) => qa.context(r.params.id, actorOf(r)),
  );

  app.put<{ Params: { id: string }; Body: { answers: Answers; comment?: string } }>(
    '/api/qa/evaluations/:id',
    { config: evaluate, schema: { summary: "Keep a draft's answers so far", tags, params: idParamsSchema, body: answersInput, response: { 200: evaluationSchema, ...errors } } },
    async (r) => qa.save(r.params.id, r.body, actorOf(r)),
  );

  app.post<{ Params: { id: string }; Body: { answers: Answers; comment?: string } }>(
    '/api/qa/evaluations/:id/submit',
    { config: evaluate, schema: { summary: 'Submit with every item answered: the score is fixed and the agent sees it', tags, params: idParamsSchema, body: answersInput, response: { 200: evaluationSchema, ...errors } } },
    async (r) => qa.submit(r.params.id, r.body, actorOf(r)),
  );

  app.post<{ Params: { id: string } }>(
    '/api/qa/evaluations/:id/accept',
    { config: { permission: 'agent.self' }, schema: { summary: 'The agent accepts their evaluation', tags, params: idParamsSchema, response: { 200: evaluationSchema, ...errors } } },
    async (r) => qa.accept(r.params.id, actorOf(r)),
  );

  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/api/qa/evaluations/:id/dispute',
    { config: { permission: 'agent.self' }, schema: { summary: 'The agent disputes their evaluation, saying why; a second reviewer resolves it', tags, params: idParamsSchema, body: disputeInput, response: { 200: evaluationSchema, ...errors } } },
    async (r) => qa.dispute(r.params.id, r.body.reason, actorOf(r)),
  );

  app.post<{ Params: { id: string }; Body: { outcome: 'upheld' | 'revised'; note: string; answers?: Answers } }>(
    '/api/qa/evaluations/:id/resolve',
    {
      config: evaluate,
      schema: { summary: 'A second reviewer (neither the evaluator nor the agent) upholds or revises a disputed score', tags, params: idParamsSchema, body: resolveInput, response: { 200: evaluationSchema, ...errors } },
    },
    async (r) => qa.resolve(r.params.id, r.body, actorOf(r)),
  );

  app.get<{ Querystring: { from: number; to: number; groupBy: QaGrouping; interval: ReportInterval; tz?: string; scorecardId?: string } }>(
    '/api/qa/report',
    {
      config: evaluate,
      schema: {
        summary: 'Average final score by agent, team or item, and its trend per interval',
        description: 'Counts submitted evaluations (not drafts) of contacts started in [from, to); a dispute resolved as revised counts with its revised score. Item figures are the average share of the item earned, in percent.',
        tags,
        querystring: reportQuery,
        response: { 200: reportSchema, ...errors },
      },
    },
    async (r) => {
      const { tz, ...q } = r.query;
      const timeZone = tz === undefined ? deps.timeZone : canonicalTimeZone(tz);
      if (timeZone === undefined) throw validationError([{ where: '/tz', reason: `unknown time zone ${tz ?? ''}` }]);
      return qa.report({ ...q, timeZone }, actorOf(r));
    },
  );
}
