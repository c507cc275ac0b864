/**
 * The customer timeline's sources (src/customers/timeline-ports.ts) over the calls, chats and
 * tickets tables: each newest first, strictly before the cursor, ids compared in byte order
 * (`collate "C"`) so that the service's merge orders ties exactly as the database does.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { MessagingId } from '../../customers/model.js';
import type { CustomerTimelineSource, TicketScope, TimelineCall, TimelineChat, TimelineCursor, TimelineTicket } from '../../customers/timeline-ports.js';
import type { Database } from '../schema.js';

const byteOrderId = (column: string) => sql`${sql.ref(column)} collate "C"`;

function before(atColumn: string, idColumn: string, c: TimelineCursor | undefined): Expression<SqlBool> {
  if (!c) return sql<SqlBool>`true`;
  const at = new Date(c.at);
  return sql<SqlBool>`(${sql.ref(atColumn)} < ${at} or (${sql.ref(atColumn)} = ${at} and ${byteOrderId(idColumn)} < ${c.id}))`;
}

const ms = (d: Date | null) => (d ? d.getTime() : undefined);

export class CustomerTimelineRepo implements CustomerTimelineSource {
  constructor(private readonly db: Kysely<Database>) {}

  async calls(numbers: string[], cursor: TimelineCursor | undefined, limit: number): Promise<TimelineCall[]> {
    const rows = await this.db
      .selectFrom('calls')
      .selectAll()
      .where((eb) => eb.or([eb.and([eb('direction', '=', 'inbound'), eb('from_number', 'in', numbers)]), eb.and([eb('direction', '=', 'outbound'), eb('to_number', 'in', numbers)])]))
      .where(before('started_at', 'id', cursor))
      .orderBy('started_at', 'desc')
      .orderBy(byteOrderId('id'), 'desc')
      .limit(limit)
      .execute();
    if (rows.length === 0) return [];
    const survey = await this.db
      .selectFrom('ivr_call_data')
      .select(['call_id', 'name', 'value'])
      .where(
        'call_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    return rows.map((r) => ({
      kind: 'call' as const,
      id: r.id,
      at: r.started_at.getTime(),
      direction: r.direction as 'inbound' | 'outbound',
      number: r.direction === 'inbound' ? r.from_number : r.to_number,
      ...(r.answered_at ? { answeredAt: r.answered_at.getTime() } : {}),
      ...(r.ended_at ? { endedAt: r.ended_at.getTime() } : {}),
      ...(r.outcome ? { outcome: r.outcome } : {}),
      ...(r.agent_id ? { agentId: r.agent_id } : {}),
      ...(r.queue_id ? { queueId: r.queue_id } : {}),
      ivrPath: r.ivr_path,
      survey: Object.fromEntries(survey.filter((s) => s.call_id === r.id).map((s) => [s.name, s.value])),
      recordingIds: r.recording_ids,
    }));
  }

  async chats(who: { visitorIds: string[]; messaging: MessagingId[] }, cursor: TimelineCursor | undefined, limit: number): Promise<TimelineChat[]> {
    const rows = await this.db
      .selectFrom('chats')
      .leftJoin('chat_surveys as s', 's.chat_id', 'chats.id')
      .selectAll('chats')
      .select(['s.score as survey_score', 's.comment as survey_comment'])
      .where((eb) =>
        eb.or([
          ...(who.visitorIds.length > 0 ? [eb('visitor_id', 'in', who.visitorIds)] : []),
          // A platform user may reach several connectors of the same platform: each is a visitor.
          ...who.messaging.map((m) =>
            eb('visitor_id', 'in', eb.selectFrom('messaging_visitors').select('visitor_id').where('platform', '=', m.platform).where('platform_user_id', '=', m.id)),
          ),
        ]),
      )
      .where(before('chats.created_at', 'chats.id', cursor))
      .orderBy('chats.created_at', 'desc')
      .orderBy(byteOrderId('chats.id'), 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => {
      const endedAt = ms(r.ended_at);
      return {
        kind: 'chat' as const,
        id: r.id,
        at: r.created_at.getTime(),
        state: r.state,
        queueId: r.queue_id,
        ...(endedAt !== undefined ? { endedAt } : {}),
        ...(r.outcome ? { outcome: r.outcome } : {}),
        ...(r.end_reason ? { endReason: r.end_reason } : {}),
        ...(r.agent_id ? { agentId: r.agent_id } : {}),
        ...(r.survey_score !== null ? { survey: { rating: String(r.survey_score), ...(r.survey_comment ? { comment: r.survey_comment } : {}) } } : {}),
      };
    });
  }

  async tickets(customerId: string, scope: TicketScope | undefined, cursor: TimelineCursor | undefined, limit: number): Promise<TimelineTicket[]> {
    let q = this.db.selectFrom('tickets').select(['id', 'created_at', 'subject', 'status', 'priority']).where('customer_id', '=', customerId).where('status', '<>', 'deleted').where(before('created_at', 'id', cursor));
    if (scope) {
      q = q.where((eb) =>
        eb.or([
          eb('team_id', 'is', null),
          ...(scope.teamIds.length > 0 ? [eb('team_id', 'in', scope.teamIds)] : []),
          ...(scope.agentId !== null ? [eb('assignee_id', '=', scope.agentId)] : []),
        ]),
      );
    }
    const rows = await q.orderBy('created_at', 'desc').orderBy(byteOrderId('id'), 'desc').limit(limit).execute();
    return rows.map((r) => ({ kind: 'ticket' as const, id: r.id, at: r.created_at.getTime(), subject: r.subject, status: r.status, priority: r.priority }));
  }
}
