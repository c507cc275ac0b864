/**
 * Quality scoring in the database (sql/096). Scorecards keep every version; an evaluation moves
 * only from the state it was read in (a second writer meanwhile gets CONFLICT), and an evaluation
 * answering an assignment marks it in the same transaction.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditEntry, AuditLog } from '../../accounts/audit.js';
import { AppError } from '../../core/errors.js';
import type { EvaluationState } from '../../qa/evaluation-state.js';
import type { Assignment, ContactFacts, ContactRef, Evaluation } from '../../qa/model.js';
import type { EvaluationFilter, QaStore } from '../../qa/ports.js';
import type { SampleCandidate } from '../../qa/sampling.js';
import type { QaMedia, Scorecard } from '../../qa/scorecard.js';
import { transactWithAudit } from '../accounts/unit-of-work.js';
import { epochMs } from '../config/repo-deps.js';
import { isUniqueViolation } from '../pg-errors.js';
import type { Database } from '../schema.js';
import type { QaAssignmentsTable, QaEvaluationsTable, QaScorecardsTable } from '../tables/qa.js';

const msOrNull = (d: Date | null) => (d === null ? null : epochMs(d));

function toScorecard(r: Selectable<QaScorecardsTable>): Scorecard {
  return {
    id: r.id,
    version: r.version,
    name: r.name,
    ...(r.description ? { description: r.description } : {}),
    media: r.media as Scorecard['media'],
    sections: r.sections as Scorecard['sections'],
    archived: r.archived,
    createdBy: r.created_by,
    createdAt: epochMs(r.created_at),
  };
}

function toAssignment(r: Selectable<QaAssignmentsTable>): Assignment {
  return {
    id: r.id,
    evaluatorId: r.evaluator_id,
    contact: { kind: r.contact_kind as QaMedia, id: r.contact_id },
    agentId: r.agent_id,
    startedAt: epochMs(r.started_at),
    createdAt: epochMs(r.created_at),
    evaluationId: r.evaluation_id,
  };
}

function toEvaluation(r: Selectable<QaEvaluationsTable>): Evaluation {
  return {
    id: r.id,
    scorecardId: r.scorecard_id,
    scorecardVersion: r.scorecard_version,
    contact: { kind: r.contact_kind as QaMedia, id: r.contact_id },
    contactStartedAt: epochMs(r.contact_started_at),
    agentId: r.agent_id,
    evaluatorId: r.evaluator_id,
    state: r.state as EvaluationState,
    answers: r.answers as Evaluation['answers'],
    comment: r.comment,
    score: r.score === null ? null : Number(r.score),
    criticalFailed: r.critical_failed,
    fractions: r.fractions as Evaluation['fractions'],
    dispute: (r.dispute ?? null) as Evaluation['dispute'],
    resolution: (r.resolution ?? null) as Evaluation['resolution'],
    assignmentId: r.assignment_id,
    createdAt: epochMs(r.created_at),
    updatedAt: epochMs(r.updated_at),
    submittedAt: msOrNull(r.submitted_at),
  };
}

function evaluationRow(e: Evaluation) {
  return {
    state: e.state,
    answers: JSON.stringify(e.answers),
    comment: e.comment,
    score: e.score,
    critical_failed: e.criticalFailed,
    fractions: JSON.stringify(e.fractions),
    dispute: e.dispute ? JSON.stringify(e.dispute) : null,
    resolution: e.resolution ? JSON.stringify(e.resolution) : null,
    updated_at: new Date(e.updatedAt),
    submitted_at: e.submittedAt === null ? null : new Date(e.submittedAt),
  };
}

export class QaRepo implements QaStore {
  constructor(private readonly db: Kysely<Database>) {}

  async scorecards(includeArchived: boolean): Promise<Scorecard[]> {
    let q = this.db
      .selectFrom('qa_scorecards as s')
      .selectAll('s')
      .where('s.version', '=', (eb) => eb.selectFrom('qa_scorecards as n').select((n) => n.fn.max('n.version').as('v')).whereRef('n.id', '=', 's.id'));
    if (!includeArchived) q = q.where('s.archived', '=', false);
    return (await q.orderBy('s.name').execute()).map(toScorecard);
  }

  async scorecard(id: string, version?: number): Promise<Scorecard | undefined> {
    let q = this.db.selectFrom('qa_scorecards').selectAll().where('id', '=', id);
    q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
    const row = await q.executeTakeFirst();
    return row ? toScorecard(row) : undefined;
  }

  async saveScorecard(card: Scorecard, entry: AuditEntry, log: AuditLog): Promise<void> {
    try {
      await transactWithAudit(this.db, log, async (trx, audit) => {
        await trx
          .insertInto('qa_scorecards')
          .values({
            id: card.id,
            version: card.version,
            name: card.name,
            description: card.description ?? '',
            media: JSON.stringify(card.media),
            sections: JSON.stringify(card.sections),
            archived: false,
            created_by: card.createdBy,
            created_at: new Date(card.createdAt),
          })
          .execute();
        await audit.record(entry);
      });
    } catch (err) {
      // Two admins saving from the same version: the second would overwrite what it never saw.
      if (isUniqueViolation(err)) throw new AppError('CONFLICT', 'The scorecard was changed meanwhile: reload it', { scorecardId: card.id, version: card.version });
      throw err;
    }
  }

  async archiveScorecard(id: string, entry: AuditEntry, log: AuditLog): Promise<boolean> {
    return transactWithAudit(this.db, log, async (trx, audit) => {
      const r = await trx.updateTable('qa_scorecards').set({ archived: true }).where('id', '=', id).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      await audit.record(entry);
      return true;
    });
  }

  async contact(ref: ContactRef): Promise<ContactFacts | undefined> {
    if (ref.kind === 'call') {
      const c = await this.db.selectFrom('calls').select(['id', 'agent_id', 'queue_id', 'started_at', 'answered_at']).where('id', '=', ref.id).executeTakeFirst();
      if (!c?.agent_id || !c.answered_at) return undefined;
      return { kind: 'call', id: c.id, agentId: c.agent_id, queueId: c.queue_id, startedAt: epochMs(c.started_at) };
    }
    const c = await this.db.selectFrom('chats').select(['id', 'agent_id', 'queue_id', 'created_at']).where('id', '=', ref.id).executeTakeFirst();
    if (!c?.agent_id) return undefined;
    return { kind: 'chat', id: c.id, agentId: c.agent_id, queueId: c.queue_id, startedAt: epochMs(c.created_at) };
  }

  async candidates(from: number, to: number, media: QaMedia[], agentIds: string[] | undefined): Promise<SampleCandidate[]> {
    if (agentIds?.length === 0) return [];
    const out: SampleCandidate[] = [];
    const [lo, hi] = [new Date(from), new Date(to)];
    if (media.includes('call')) {
      let q = this.db
        .selectFrom('calls as c')
        .select(['c.id', 'c.agent_id', 'c.started_at'])
        .where('c.started_at', '>=', lo)
        .where('c.started_at', '<', hi)
        .where('c.answered_at', 'is not', null)
        .where('c.agent_id', 'is not', null)
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('qa_assignments as a').select('a.id').where('a.contact_kind', '=', 'call').whereRef('a.contact_id', '=', 'c.id'))))
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('qa_evaluations as e').select('e.id').where('e.contact_kind', '=', 'call').whereRef('e.contact_id', '=', 'c.id'))));
      if (agentIds) q = q.where('c.agent_id', 'in', agentIds);
      for (const r of await q.execute()) if (r.agent_id) out.push({ kind: 'call', id: r.id, agentId: r.agent_id, startedAt: epochMs(r.started_at) });
    }
    if (media.includes('chat')) {
      let q = this.db
        .selectFrom('chats as c')
        .select(['c.id', 'c.agent_id', 'c.created_at'])
        .where('c.created_at', '>=', lo)
        .where('c.created_at', '<', hi)
        .where('c.agent_id', 'is not', null)
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('qa_assignments as a').select('a.id').where('a.contact_kind', '=', 'chat').whereRef('a.contact_id', '=', 'c.id'))))
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('qa_evaluations as e').select('e.id').where('e.contact_kind', '=', 'chat').whereRef('e.contact_id', '=', 'c.id'))));
      if (agentIds) q = q.where('c.agent_id', 'in', agentIds);
      for (const r of await q.execute()) if (r.agent_id) out.push({ kind: 'chat', id: r.id, agentId: r.agent_id, startedAt: epochMs(r.created_at) });
    }
    return out;
  }

  async saveAssignments(list: Assignment[], entry: AuditEntry, log: AuditLog): Promise<void> {
    await transactWithAudit(this.db, log, async (trx, audit) => {
      await trx
        .insertInto('qa_assignments')
        .values(
          list.map((a) => ({
            id: a.id,
            evaluator_id: a.evaluatorId,
            contact_kind: a.contact.kind,
            contact_id: a.contact.id,
            agent_id: a.agentId,
            started_at: new Date(a.startedAt),
            created_at: new Date(a.createdAt),
            evaluation_id: null,
          })),
        )
        // Two sample requests at once: the second one's overlap is dropped, not an error.
        .onConflict((oc) => oc.columns(['evaluator_id', 'contact_kind', 'contact_id']).doNothing())
        .execute();
      await audit.record(entry);
    });
  }

  async assignments(evaluatorId: string, openOnly: boolean, range?: { from: number; to: number }): Promise<Assignment[]> {
    let q = this.db.selectFrom('qa_assignments').selectAll().where('evaluator_id', '=', evaluatorId);
    if (openOnly) q = q.where('evaluation_id', 'is', null);
    if (range) q = q.where('started_at', '>=', new Date(range.from)).where('started_at', '<', new Date(range.to));
    return (await q.orderBy('started_at').limit(1000).execute()).map(toAssignment);
  }

  async assignment(id: string): Promise<Assignment | undefined> {
    const r = await this.db.selectFrom('qa_assignments').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toAssignment(r) : undefined;
  }

  async evaluation(id: string): Promise<Evaluation | undefined> {
    const r = await this.db.selectFrom('qa_evaluations').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toEvaluation(r) : undefined;
  }

  async insertEvaluation(e: Evaluation, entry: AuditEntry, log: AuditLog): Promise<void> {
    try {
      await transactWithAudit(this.db, log, async (trx, audit) => {
        await trx
          .insertInto('qa_evaluations')
          .values({
            ...evaluationRow(e),
            id: e.id,
            scorecard_id: e.scorecardId,
            scorecard_version: e.scorecardVersion,
            contact_kind: e.contact.kind,
            contact_id: e.contact.id,
            contact_started_at: new Date(e.contactStartedAt),
            agent_id: e.agentId,
            evaluator_id: e.evaluatorId,
            assignment_id: e.assignmentId,
            created_at: new Date(e.createdAt),
          })
          .execute();
        if (e.assignmentId) await trx.updateTable('qa_assignments').set({ evaluation_id: e.id }).where('id', '=', e.assignmentId).execute();
        await audit.record(entry);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('CONFLICT', 'That assignment already has an evaluation', { where: '/assignmentId', assignmentId: e.assignmentId });
      throw err;
    }
  }

  async updateEvaluation(e: Evaluation, from: EvaluationState, entry: AuditEntry, log: AuditLog): Promise<void> {
    await transactWithAudit(this.db, log, async (trx, audit) => {
      const r = await trx.updateTable('qa_evaluations').set(evaluationRow(e)).where('id', '=', e.id).where('state', '=', from).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw new AppError('CONFLICT', 'The evaluation was changed meanwhile: reload it', { evaluationId: e.id, expected: from });
      await audit.record(entry);
    });
  }

  async evaluations(f: EvaluationFilter): Promise<Evaluation[]> {
    if (f.agentIds?.length === 0) return [];
    let q = this.db.selectFrom('qa_evaluations').selectAll();
    if (f.agentIds) q = q.where('agent_id', 'in', f.agentIds);
    if (f.evaluatorId) q = q.where('evaluator_id', '=', f.evaluatorId);
    if (f.states) q = q.where('state', 'in', f.states);
    if (f.from !== undefined) q = q.where('contact_started_at', '>=', new Date(f.from));
    if (f.to !== undefined) q = q.where('contact_started_at', '<', new Date(f.to));
    if (f.scorecardId) q = q.where('scorecard_id', '=', f.scorecardId);
    if (f.before) {
      const last = await this.db.selectFrom('qa_evaluations').select(['contact_started_at', 'id']).where('id', '=', f.before).executeTakeFirst();
      if (last) q = q.where(sql<boolean>`(contact_started_at, id) < (${last.contact_started_at}, ${last.id})`);
    }
    return (await q.orderBy('contact_started_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute()).map(toEvaluation);
  }
}
