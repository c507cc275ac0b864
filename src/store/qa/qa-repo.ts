/**
 * Quality scoring in the database (sql/096). Scorecards keep every version; an evaluation moves
 * only from the state it was read in (a second writer meanwhile gets CONFLICT), and an evaluation
 * answering an assignment marks it in the same transaction.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditEntry, AuditLog } from '../../accounts/audit.js';
import { AppError } from '../../core/errors.js';
import type { EvaluationState } from '../../qa/evaluation-state.js';
import { TRAIL_PAGES_MAX, type Assignment, type ContactContext, type ContactFacts, type ContactRef, type CustomerSummary, type Evaluation, type VisitTrail } from '../../qa/model.js';
import { phoneLookupForms } from '../../customers/phone-number.js';
import type { EvaluationFilter, QaStore } from '../../qa/ports.js';
import type { SampleCandidate } from '../../qa/sampling.js';
import type { QaMedia, Scorecard } from '../../qa/scorecard.js';
import { transactWithAudit } from '../accounts/unit-of-work.js';
import { epochMs } from '../config/repo-deps.js';
import { isUniqueViolation } from '../pg-errors.js';
import type { Database } from '../schema.js';
import type { QaAssignmentsTable, QaEvaluationsTable, QaScorecardsTable } from '../tables/qa.js';

const msOrNull = (d: Date | null) => (d === null ? null : epochMs(d));
/** How long the agent had the contact: answer (or assignment) to end; null while it lasts. */
const spanMs = (from: Date | null, to: Date | null) => (from === null || to === null ? null : epochMs(to) - epochMs(from));

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

  async contactContext(ref: ContactRef): Promise<ContactContext | undefined> {
    if (ref.kind === 'call') {
      const c = await this.db
        .selectFrom('calls')
        .select(['direction', 'from_number', 'to_number', 'caller_name', 'queue_id', 'started_at', 'answered_at', 'ended_at', 'outcome', 'disposition_label', 'wrap_up_note'])
        .where('id', '=', ref.id)
        .executeTakeFirst();
      if (!c) return undefined;
      // As the screen-pop finds the customer: the caller of an inbound call, the number dialed of an outbound one.
      const number = c.direction === 'inbound' ? c.from_number : c.to_number;
      return {
        kind: 'call',
        direction: c.direction,
        number,
        callerName: c.caller_name,
        queueId: c.queue_id,
        startedAt: epochMs(c.started_at),
        answeredAt: msOrNull(c.answered_at),
        endedAt: msOrNull(c.ended_at),
        outcome: c.outcome,
        disposition: c.disposition_label ?? null,
        wrapUpNote: c.wrap_up_note ?? null,
        customer: await this.customerByPhone(number),
      };
    }
    const c = await this.db
      .selectFrom('chats')
      .select(['visitor_id', 'visitor_name', 'page', 'channel', 'queue_id', 'created_at', 'assigned_at', 'ended_at', 'outcome'])
      .where('id', '=', ref.id)
      .executeTakeFirst();
    if (!c) return undefined;
    const owner = await this.db.selectFrom('customer_identities').select('customer_id').where('kind', '=', 'chat').where('platform', '=', '').where('value', '=', c.visitor_id).executeTakeFirst();
    return {
      kind: 'chat',
      visitorName: c.visitor_name,
      page: c.page,
      channel: c.channel,
      queueId: c.queue_id,
      startedAt: epochMs(c.created_at),
      assignedAt: msOrNull(c.assigned_at),
      endedAt: msOrNull(c.ended_at),
      outcome: c.outcome,
      customer: owner ? await this.customer(owner.customer_id) : null,
      trail: await this.trail(c.visitor_id, c.created_at),
    };
  }

  private async customerByPhone(number: string): Promise<CustomerSummary | null> {
    const forms = phoneLookupForms(number);
    if (forms.length === 0) return null;
    // Two customers sharing a number: the first by id, as stable as the screen-pop's first.
    const row = await this.db.selectFrom('customer_phones').select('customer_id').where('phone', 'in', forms).orderBy('customer_id').executeTakeFirst();
    return row ? this.customer(row.customer_id) : null;
  }

  private async customer(id: string): Promise<CustomerSummary | null> {
    const r = await this.db.selectFrom('customers').select(['id', 'name', 'company', 'level', 'tags']).where('id', '=', id).executeTakeFirst();
    return r ? { id: r.id, name: r.name, company: r.company, level: r.level, tags: r.tags } : null;
  }

  /** The visit the chat started in: the visitor's latest one begun by the chat's start. */
  private async trail(visitorId: string, chatStart: Date): Promise<VisitTrail | null> {
    const v = await this.db.selectFrom('chat_visits').selectAll().where('visitor_id', '=', visitorId).where('started_at', '<=', chatStart).orderBy('started_at', 'desc').limit(1).executeTakeFirst();
    if (!v) return null;
    const pages = await this.db.selectFrom('chat_visit_pages').selectAll().where('visit_id', '=', v.id).orderBy('seq').limit(TRAIL_PAGES_MAX).execute();
    return {
      startedAt: epochMs(v.started_at),
      returning: v.returning_visitor,
      landingPage: v.landing_page,
      referrer: v.referrer,
      searchEngine: v.search_engine,
      searchKeywords: v.search_keywords,
      device: { type: v.device_type, browser: v.browser, os: v.os },
      region: v.country ? { country: v.country, region: v.region, city: v.city } : null,
      pages: pages.map((p) => ({ seq: p.seq, url: p.url, title: p.title, enteredAt: epochMs(p.entered_at), leftAt: msOrNull(p.left_at) })),
    };
  }

  async candidates(from: number, to: number, media: QaMedia[], agentIds: string[] | undefined): Promise<SampleCandidate[]> {
    if (agentIds?.length === 0) return [];
    const out: SampleCandidate[] = [];
    const [lo, hi] = [new Date(from), new Date(to)];
    if (media.includes('call')) {
      let q = this.db
        .selectFrom('calls as c')
        .select(['c.id', 'c.agent_id', 'c.started_at', 'c.queue_id', 'c.answered_at', 'c.ended_at'])
        .where('c.started_at', '>=', lo)
        .where('c.started_at', '<', hi)
        .where('c.answered_at', 'is not', null)
        .where('c.agent_id', 'is not', null)
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('qa_assignments as a').select('a.id').where('a.contact_kind', '=', 'call').whereRef('a.contact_id', '=', 'c.id'))))
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('qa_evaluations as e').select('e.id').where('e.contact_kind', '=', 'call').whereRef('e.contact_id', '=', 'c.id'))));
      if (agentIds) q = q.where('c.agent_id', 'in', agentIds);
      for (const r of await q.execute()) if (r.agent_id) out.push({ kind: 'call', id: r.id, agentId: r.agent_id, startedAt: epochMs(r.started_at), queueId: r.queue_id, handledMs: spanMs(r.answered_at, r.ended_at) });
    }
    if (media.includes('chat')) {
      let q = this.db
        .selectFrom('chats as c')
        .select(['c.id', 'c.agent_id', 'c.created_at', 'c.queue_id', 'c.assigned_at', 'c.ended_at'])
        .where('c.created_at', '>=', lo)
        .where('c.created_at', '<', hi)
        .where('c.agent_id', 'is not', null)
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('qa_assignments as a').select('a.id').where('a.contact_kind', '=', 'chat').whereRef('a.contact_id', '=', 'c.id'))))
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('qa_evaluations as e').select('e.id').where('e.contact_kind', '=', 'chat').whereRef('e.contact_id', '=', 'c.id'))));
      if (agentIds) q = q.where('c.agent_id', 'in', agentIds);
      for (const r of await q.execute()) if (r.agent_id) out.push({ kind: 'chat', id: r.id, agentId: r.agent_id, startedAt: epochMs(r.created_at), queueId: r.queue_id, handledMs: spanMs(r.assigned_at, r.ended_at) });
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

  async openAssignments(agentIds: string[] | undefined): Promise<Assignment[]> {
    if (agentIds?.length === 0) return [];
    let q = this.db.selectFrom('qa_assignments').selectAll().where('evaluation_id', 'is', null);
    if (agentIds) q = q.where('agent_id', 'in', agentIds);
    return (await q.orderBy('started_at').orderBy('id').limit(1000).execute()).map(toAssignment);
  }

  async reassign(id: string, evaluatorId: string, entry: AuditEntry, log: AuditLog): Promise<boolean> {
    try {
      return await transactWithAudit(this.db, log, async (trx, audit) => {
        const r = await trx.updateTable('qa_assignments').set({ evaluator_id: evaluatorId }).where('id', '=', id).where('evaluation_id', 'is', null).executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) return false;
        await audit.record(entry);
        return true;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('CONFLICT', 'That evaluator already holds this contact', { where: '/evaluatorId', assignmentId: id });
      throw err;
    }
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
