/**
 * Quality scoring, application layer (issue 14): scorecards, samples, evaluations, disputes and
 * the report. Who may do what:
 *   qa.manage    define scorecards (a change is a new version; evaluations keep theirs)
 *   qa.evaluate  sample, evaluate and resolve disputes, for agents in scope (a team lead: the
 *                agents of the teams they lead; supervisors and admins: everyone)
 *   an agent     reads their own evaluations once submitted, accepts or disputes them
 * A dispute is resolved by a second reviewer: neither the evaluator nor the agent. Nobody
 * evaluates a contact they handled themselves. Every change is audited with the change itself.
 */
import type { AuditLog } from '../accounts/audit.js';
import type { Clock } from '../core/clock.js';
import { AppError, validationError } from '../core/errors.js';
import { bucketStart, type ReportInterval } from '../reports/intervals.js';
import { nextEvaluationState, type EvaluationEvent, type EvaluationState } from './evaluation-state.js';
import type { Assignment, ContactContext, ContactRef, Evaluation } from './model.js';
import type { EvaluationFilter, QaStore } from './ports.js';
import { qaReport, type QaGrouping, type QaReport } from './qa-report.js';
import { MAX_PER_AGENT, sampleContacts, sampleKey, type SampleCandidate } from './sampling.js';
import { checkScorecard, type QaMedia, type Scorecard, type ScorecardInput } from './scorecard.js';
import { checkAnswers, scoreOf, type Answers } from './scoring.js';

export interface QaActor {
  userId: string;
  /** The agent this user is, if any: their own evaluations. */
  agentId?: string;
  canEvaluate: boolean;
  canManage: boolean;
  /** Whether an agent is in this user's scope (team_scope.ts agentInScope). */
  inScope(agentId: string): boolean;
  /** Agents in scope, or undefined for every agent. */
  scopeAgents?: string[];
  /** Teams in scope (the teams a lead leads), or undefined for every team. */
  scopeTeams?: string[];
  ip?: string;
}

/** Another user a sample is assigned to, as the route resolved them. */
export interface QaAssignee {
  userId: string;
  agentId?: string;
  canEvaluate: boolean;
  inScope(agentId: string): boolean;
}

/** Which handled contacts a sample or a pick considers: started in [from, to), of these media, narrowed by the rest. */
export interface ContactFilter {
  from: number;
  to: number;
  media: QaMedia[];
  /** Only contacts of these queues, of agents in these teams, of these agents, handled at least this long. */
  queueIds?: string[];
  teamIds?: string[];
  agentIds?: string[];
  minSeconds?: number;
}

export interface SampleInput extends ContactFilter {
  perAgent: number;
  /** perAgent for each week (Monday to Monday in timeZone) the range touches, not for the range. */
  perWeek?: boolean;
  timeZone: string;
  /** Whom the sample is for; absent: the asker. */
  evaluator?: QaAssignee;
}

export interface QaServiceDeps {
  store: QaStore;
  audit: AuditLog;
  clock: Clock;
  newId: () => string;
  teamsOf: (agentId: string) => string[];
}

export const REASON_MAX = 2000;
const MAX_SAMPLE_RANGE_MS = 92 * 86_400_000;

export class QaService {
  constructor(private readonly d: QaServiceDeps) {}

  // ---- scorecards ----

  async scorecards(includeArchived: boolean): Promise<Scorecard[]> {
    return this.d.store.scorecards(includeArchived);
  }

  async scorecard(id: string, version?: number): Promise<Scorecard> {
    const card = await this.d.store.scorecard(id, version);
    if (!card) throw new AppError('QA_SCORECARD_NOT_FOUND', undefined, { scorecardId: id, ...(version ? { version } : {}) });
    return card;
  }

  async createScorecard(input: ScorecardInput, actor: QaActor): Promise<Scorecard> {
    this.mustManage(actor);
    const card: Scorecard = { ...checkScorecard(input), id: this.d.newId(), version: 1, archived: false, createdBy: actor.userId, createdAt: this.d.clock.now() };
    await this.d.store.saveScorecard(card, this.entry(actor, 'qa.scorecard_create', `scorecard:${card.id}`, { name: card.name, version: 1 }), this.d.audit);
    return card;
  }

  /** A change is a new version: evaluations made on the old one are still read against it. */
  async updateScorecard(id: string, input: ScorecardInput, actor: QaActor): Promise<Scorecard> {
    this.mustManage(actor);
    const old = await this.scorecard(id);
    if (old.archived) throw new AppError('QA_SCORECARD_ARCHIVED', undefined, { scorecardId: id });
    const card: Scorecard = { ...checkScorecard(input), id, version: old.version + 1, archived: false, createdBy: actor.userId, createdAt: this.d.clock.now() };
    await this.d.store.saveScorecard(card, this.entry(actor, 'qa.scorecard_update', `scorecard:${id}`, { name: card.name, version: card.version }), this.d.audit);
    return card;
  }

  async archiveScorecard(id: string, actor: QaActor): Promise<void> {
    this.mustManage(actor);
    if (!(await this.d.store.archiveScorecard(id, this.entry(actor, 'qa.scorecard_archive', `scorecard:${id}`), this.d.audit))) {
      throw new AppError('QA_SCORECARD_NOT_FOUND', undefined, { scorecardId: id });
    }
  }

  // ---- samples ----

  /**
   * Tops each agent in scope up to perAgent handled contacts from [from, to) (per agent and week
   * with perWeek), narrowed by the filters, and assigns them to the asker or to the evaluator
   * named. Assigning to someone else reaches only agents both may evaluate: a team lead hands out
   * their own teams' contacts, and never to a user who could not open them.
   */
  async sample(input: SampleInput, actor: QaActor): Promise<Assignment[]> {
    this.mustEvaluate(actor);
    checkRange(input);
    if (!Number.isInteger(input.perAgent) || input.perAgent < 1 || input.perAgent > MAX_PER_AGENT) throw validationError([{ where: '/perAgent', reason: `1 to ${MAX_PER_AGENT}` }]);
    const assignee = input.evaluator ?? actor;
    if (input.evaluator && !input.evaluator.canEvaluate) throw new AppError('QA_NOT_EVALUATOR', undefined, { where: '/evaluatorId', userId: input.evaluator.userId });
    const candidates = await this.matching(input, actor, assignee);
    const periodOf = input.perWeek ? (at: number) => bucketStart(input.timeZone, 'week', at) : undefined;
    const held = new Map<string, number>();
    for (const a of await this.d.store.assignments(assignee.userId, false, { from: input.from, to: input.to })) {
      if (!input.media.includes(a.contact.kind)) continue;
      const key = sampleKey(a.agentId, a.startedAt, periodOf);
      held.set(key, (held.get(key) ?? 0) + 1);
    }
    const now = this.d.clock.now();
    const picked = sampleContacts(candidates, input.perAgent, `${assignee.userId}:${input.from}:${input.to}`, held, periodOf).map(
      (c): Assignment => ({ id: this.d.newId(), evaluatorId: assignee.userId, contact: { kind: c.kind, id: c.id }, agentId: c.agentId, startedAt: c.startedAt, createdAt: now, evaluationId: null }),
    );
    if (picked.length > 0) {
      const filters = { ...(input.queueIds ? { queueIds: input.queueIds } : {}), ...(input.teamIds ? { teamIds: input.teamIds } : {}), ...(input.agentIds ? { agentIds: input.agentIds } : {}), ...(input.minSeconds ? { minSeconds: input.minSeconds } : {}) };
      await this.d.store.saveAssignments(
        picked,
        this.entry(actor, 'qa.sample', undefined, { from: input.from, to: input.to, perAgent: input.perAgent, perWeek: input.perWeek === true, media: input.media, evaluatorId: assignee.userId, ...filters, picked: picked.length }),
        this.d.audit,
      );
    }
    return picked;
  }

  /**
   * Contacts to pick by hand: handled calls and chats in scope matching the filters, neither
   * sampled nor evaluated yet, newest first (at most `limit`). Nothing is assigned: evaluating one
   * is the pick.
   */
  async findContacts(input: ContactFilter & { limit: number }, actor: QaActor): Promise<SampleCandidate[]> {
    this.mustEvaluate(actor);
    checkRange(input);
    const found = await this.matching(input, actor, actor);
    return found.sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1)).slice(0, input.limit);
  }

  /** Handled contacts of [from, to) in both users' scope (never their own) that pass the filters. */
  private async matching(input: ContactFilter, actor: QaActor, assignee: QaAssignee): Promise<SampleCandidate[]> {
    const outside = (input.agentIds ?? []).filter((a) => !actor.inScope(a));
    if (outside.length > 0) throw new AppError('FORBIDDEN', 'Those agents are not in a team you lead', { agentIds: outside, problems: [{ where: '/agentIds', reason: 'not in a team you lead' }] });
    const teams = input.teamIds ? new Set(input.teamIds) : undefined;
    const queues = input.queueIds ? new Set(input.queueIds) : undefined;
    const minMs = (input.minSeconds ?? 0) * 1000;
    return (await this.d.store.candidates(input.from, input.to, input.media, input.agentIds ?? actor.scopeAgents)).filter(
      (c) =>
        actor.inScope(c.agentId) &&
        assignee.inScope(c.agentId) &&
        c.agentId !== actor.agentId &&
        c.agentId !== assignee.agentId &&
        (!teams || this.d.teamsOf(c.agentId).some((t) => teams.has(t))) &&
        (!queues || (c.queueId != null && queues.has(c.queueId))) &&
        (minMs === 0 || (c.handledMs ?? 0) >= minMs),
    );
  }

  async myAssignments(actor: QaActor): Promise<Assignment[]> {
    this.mustEvaluate(actor);
    return this.d.store.assignments(actor.userId, true);
  }

  /** Every evaluator's open assignments of agents in scope: who holds what, to share out the week's work. */
  async openAssignments(actor: QaActor): Promise<Assignment[]> {
    this.mustEvaluate(actor);
    return (await this.d.store.openAssignments(actor.scopeAgents)).filter((a) => actor.inScope(a.agentId));
  }

  /**
   * Hands an open assignment (of an agent in scope) to another evaluator who may evaluate that
   * agent and is not that agent: the one holding it is away, or holds too many.
   */
  async reassign(id: string, to: QaAssignee, actor: QaActor): Promise<Assignment> {
    this.mustEvaluate(actor);
    const a = await this.d.store.assignment(id);
    if (!a || !actor.inScope(a.agentId)) throw new AppError('QA_ASSIGNMENT_NOT_FOUND', undefined, { assignmentId: id });
    if (a.evaluationId) throw new AppError('CONFLICT', 'The assignment is being evaluated already', { assignmentId: id, evaluationId: a.evaluationId });
    if (!to.canEvaluate || !to.inScope(a.agentId) || to.agentId === a.agentId) throw new AppError('QA_NOT_EVALUATOR', 'That user cannot evaluate this agent', { where: '/evaluatorId', userId: to.userId });
    if (to.userId === a.evaluatorId) return a;
    const moved = await this.d.store.reassign(id, to.userId, this.entry(actor, 'qa.assignment_reassign', `assignment:${id}`, { from: a.evaluatorId, to: to.userId, contact: `${a.contact.kind}:${a.contact.id}` }), this.d.audit);
    if (!moved) throw new AppError('CONFLICT', 'The assignment was evaluated meanwhile', { assignmentId: id });
    return { ...a, evaluatorId: to.userId };
  }

  // ---- evaluations ----

  async start(input: { scorecardId: string; contact: ContactRef; assignmentId?: string }, actor: QaActor): Promise<Evaluation> {
    this.mustEvaluate(actor);
    const card = await this.scorecard(input.scorecardId);
    if (card.archived) throw new AppError('QA_SCORECARD_ARCHIVED', undefined, { scorecardId: card.id });
    if (!card.media.includes(input.contact.kind)) throw validationError([{ where: '/contact/kind', reason: `the scorecard is for ${card.media.join(' and ')}` }]);
    const facts = await this.d.store.contact(input.contact);
    // A contact outside the scope reads as absent: its existence is not the evaluator's business.
    if (!facts || !actor.inScope(facts.agentId)) throw new AppError('QA_CONTACT_NOT_FOUND', undefined, { where: '/contact', ...input.contact });
    if (facts.agentId === actor.agentId) throw new AppError('QA_OWN_CONTACT', undefined, { where: '/contact' });
    if (input.assignmentId) {
      const a = await this.d.store.assignment(input.assignmentId);
      if (a?.evaluatorId !== actor.userId || a.contact.kind !== input.contact.kind || a.contact.id !== input.contact.id) {
        throw validationError([{ where: '/assignmentId', reason: 'not your assignment for this contact' }]);
      }
    }
    const now = this.d.clock.now();
    const e: Evaluation = {
      id: this.d.newId(),
      scorecardId: card.id,
      scorecardVersion: card.version,
      contact: input.contact,
      contactStartedAt: facts.startedAt,
      agentId: facts.agentId,
      evaluatorId: actor.userId,
      state: 'draft',
      answers: {},
      comment: '',
      score: null,
      criticalFailed: false,
      fractions: {},
      dispute: null,
      resolution: null,
      assignmentId: input.assignmentId ?? null,
      createdAt: now,
      updatedAt: now,
      submittedAt: null,
    };
    await this.d.store.insertEvaluation(e, this.entry(actor, 'qa.evaluation_start', `evaluation:${e.id}`, { contact: `${e.contact.kind}:${e.contact.id}`, agentId: e.agentId }), this.d.audit);
    return e;
  }

  /** Keeps a draft's answers so far (any subset, each checked). */
  async save(id: string, input: { answers: Answers; comment?: string }, actor: QaActor): Promise<Evaluation> {
    const e = await this.ownDraft(id, actor);
    const card = await this.scorecard(e.scorecardId, e.scorecardVersion);
    const problems = checkAnswers(card, input.answers, false);
    if (problems.length > 0) throw validationError(problems);
    return this.move(e, 'save', { answers: input.answers, comment: checkText(input.comment ?? e.comment, '/comment') }, actor);
  }

  /** Every item answered: the score is fixed and the agent sees it. */
  async submit(id: string, input: { answers: Answers; comment?: string }, actor: QaActor): Promise<Evaluation> {
    const e = await this.ownDraft(id, actor);
    const card = await this.scorecard(e.scorecardId, e.scorecardVersion);
    const result = scoreOf(card, input.answers);
    return this.move(e, 'submit', { answers: input.answers, comment: checkText(input.comment ?? e.comment, '/comment'), score: result.score, criticalFailed: result.criticalFailed, fractions: result.fractions, submittedAt: this.d.clock.now() }, actor, { score: result.score });
  }

  async accept(id: string, actor: QaActor): Promise<Evaluation> {
    return this.move(await this.agentsOwn(id, actor), 'accept', {}, actor);
  }

  async dispute(id: string, reason: string, actor: QaActor): Promise<Evaluation> {
    const e = await this.agentsOwn(id, actor);
    const text = checkText(reason, '/reason');
    if (!text) throw validationError([{ where: '/reason', reason: 'say what you dispute' }]);
    return this.move(e, 'dispute', { dispute: { reason: text, by: actor.userId, at: this.d.clock.now() } }, actor);
  }

  /** A second reviewer upholds the score or revises it with a complete set of answers. */
  async resolve(id: string, input: { outcome: 'upheld' | 'revised'; note: string; answers?: Answers }, actor: QaActor): Promise<Evaluation> {
    this.mustEvaluate(actor);
    const e = await this.visible(id, actor);
    if (e.evaluatorId === actor.userId || e.agentId === actor.agentId) throw new AppError('QA_SECOND_REVIEWER', undefined, { evaluationId: id });
    const note = checkText(input.note, '/note');
    const at = this.d.clock.now();
    if (input.outcome === 'upheld') {
      if (input.answers) throw validationError([{ where: '/answers', reason: 'an upheld score keeps the submitted answers' }]);
      return this.move(e, 'resolve', { resolution: { outcome: 'upheld', note, by: actor.userId, at } }, actor, { outcome: 'upheld' });
    }
    if (!input.answers) throw validationError([{ where: '/answers', reason: 'a revised score needs the answers it revises to' }]);
    const card = await this.scorecard(e.scorecardId, e.scorecardVersion);
    const r = scoreOf(card, input.answers);
    const resolution = { outcome: 'revised' as const, note, by: actor.userId, at, answers: input.answers, score: r.score, criticalFailed: r.criticalFailed };
    return this.move(e, 'resolve', { resolution, fractions: r.fractions }, actor, { outcome: 'revised', from: e.score, to: r.score });
  }

  async get(id: string, actor: QaActor): Promise<Evaluation> {
    return this.visible(id, actor);
  }

  /** The customer and, for a chat, the visitor's trail: whoever may read the evaluation reads them beside it. */
  async context(id: string, actor: QaActor): Promise<ContactContext> {
    const e = await this.visible(id, actor);
    const c = await this.d.store.contactContext(e.contact);
    if (!c) throw new AppError('QA_CONTACT_NOT_FOUND', undefined, { kind: e.contact.kind, id: e.contact.id });
    return c;
  }

  /** Evaluators list their scope's; an agent without qa.evaluate lists their own, drafts excepted. */
  async list(filter: Omit<EvaluationFilter, 'agentIds'> & { agentId?: string }, actor: QaActor): Promise<Evaluation[]> {
    const { agentId, ...rest } = filter;
    if (actor.canEvaluate) {
      if (agentId && !actor.inScope(agentId)) return [];
      const agentIds = agentId ? [agentId] : actor.scopeAgents;
      return this.d.store.evaluations({ ...rest, ...(agentIds ? { agentIds } : {}) });
    }
    if (!actor.agentId) throw new AppError('NOT_AN_AGENT');
    const states = (rest.states ?? ['submitted', 'accepted', 'disputed', 'resolved']).filter((s) => s !== 'draft');
    return this.d.store.evaluations({ ...rest, agentIds: [actor.agentId], states });
  }

  async report(q: { from: number; to: number; groupBy: QaGrouping; interval: ReportInterval; timeZone: string; scorecardId?: string }, actor: QaActor): Promise<QaReport> {
    this.mustEvaluate(actor);
    if (q.to <= q.from) throw new AppError('INVALID_RANGE', undefined, { problems: [{ where: '/from', reason: 'after /to' }] });
    const rows: Evaluation[] = [];
    let before: string | undefined;
    // Page through the range: a report reads every evaluation in it, 1,000 at a time.
    for (;;) {
      const page = await this.d.store.evaluations({
        from: q.from,
        to: q.to,
        states: ['submitted', 'accepted', 'disputed', 'resolved'],
        ...(actor.scopeAgents ? { agentIds: actor.scopeAgents } : {}),
        ...(q.scorecardId ? { scorecardId: q.scorecardId } : {}),
        limit: 1000,
        ...(before ? { before } : {}),
      });
      rows.push(...page);
      if (page.length < 1000) break;
      before = page[page.length - 1]?.id;
    }
    const cards = await this.d.store.scorecards(true);
    // A team lead's team rows are the teams they lead: an agent's other team is not theirs to see.
    const led = actor.scopeTeams ? new Set(actor.scopeTeams) : undefined;
    return qaReport(rows, cards, q, (agentId) => this.d.teamsOf(agentId).filter((t) => !led || led.has(t)));
  }

  // ---- helpers ----

  private async move(e: Evaluation, event: EvaluationEvent, change: Partial<Evaluation>, actor: QaActor, details: Record<string, unknown> = {}): Promise<Evaluation> {
    const from: EvaluationState = e.state;
    const next: Evaluation = { ...e, ...change, state: nextEvaluationState(from, event), updatedAt: this.d.clock.now() };
    await this.d.store.updateEvaluation(next, from, this.entry(actor, `qa.evaluation_${event}`, `evaluation:${e.id}`, { from, to: next.state, ...details }), this.d.audit);
    return next;
  }

  private async ownDraft(id: string, actor: QaActor): Promise<Evaluation> {
    this.mustEvaluate(actor);
    const e = await this.visible(id, actor);
    if (e.evaluatorId !== actor.userId) throw new AppError('FORBIDDEN', 'Only its evaluator changes a draft', { evaluationId: id });
    return e;
  }

  private async agentsOwn(id: string, actor: QaActor): Promise<Evaluation> {
    const e = await this.d.store.evaluation(id);
    if (!e || e.state === 'draft' || e.agentId !== actor.agentId) throw new AppError('QA_EVALUATION_NOT_FOUND', undefined, { evaluationId: id });
    return e;
  }

  /** Evaluators see their scope's; the agent sees their own once submitted; anyone else: not found. */
  private async visible(id: string, actor: QaActor): Promise<Evaluation> {
    const e = await this.d.store.evaluation(id);
    const mine = e !== undefined && e.agentId === actor.agentId && e.state !== 'draft';
    if (!e || !(mine || (actor.canEvaluate && actor.inScope(e.agentId)))) throw new AppError('QA_EVALUATION_NOT_FOUND', undefined, { evaluationId: id });
    return e;
  }

  private mustManage(actor: QaActor): void {
    if (!actor.canManage) throw new AppError('FORBIDDEN', undefined, { permission: 'qa.manage' });
  }

  private mustEvaluate(actor: QaActor): void {
    if (!actor.canEvaluate) throw new AppError('FORBIDDEN', undefined, { permission: 'qa.evaluate' });
  }

  private entry(actor: QaActor, action: string, target: string | undefined, details?: Record<string, unknown>) {
    return { actorId: actor.userId, action, ...(target ? { target } : {}), ...(details ? { details } : {}), ...(actor.ip ? { ip: actor.ip } : {}) };
  }
}

function checkRange(r: { from: number; to: number }): void {
  if (r.to <= r.from) throw new AppError('INVALID_RANGE', undefined, { problems: [{ where: '/from', reason: 'after /to' }] });
  if (r.to - r.from > MAX_SAMPLE_RANGE_MS) throw validationError([{ where: '/to', reason: 'a sample or a search covers at most 92 days' }]);
}

function checkText(text: string, where: string): string {
  const t = text.trim();
  if (t.length > REASON_MAX) throw validationError([{ where, reason: `at most ${REASON_MAX} characters` }]);
  return t;
}
