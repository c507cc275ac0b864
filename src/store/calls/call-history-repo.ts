/** The toolbar's reads over stored calls (see src/calls/history-ports.ts). */
import { sql, type Kysely } from 'kysely';
import type { CallDirection, CallRecord } from '../../calls/call-model.js';
import type { AnsweredLeg, CallHistoryReader } from '../../calls/history-ports.js';
import type { Database } from '../schema.js';
import { toRecord } from './call-repository.js';

const AGENT_ROLES = ['agent', 'consult'] as const;

export class KyselyCallHistory implements CallHistoryReader {
  constructor(private readonly db: Kysely<Database>) {}

  async answeredLegsSince(agentId: string, since: number): Promise<AnsweredLeg[]> {
    return (await answeredLegsSince(this.db, since, agentId)).get(agentId) ?? [];
  }

  async recentNumbers(agentId: string, limit: number): Promise<string[]> {
    const far = sql<string>`case when c.direction = 'inbound' then c.from_number else c.to_number end`;
    const rows = await this.db
      .selectFrom('calls as c')
      .select([far.as('number'), (eb) => eb.fn.max('c.started_at').as('last')])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('call_legs as l')
            .select(sql`1`.as('one'))
            .whereRef('l.call_id', '=', 'c.id')
            .where('l.agent_id', '=', agentId)
            .where('l.role', 'in', AGENT_ROLES)
            .where('l.answered_at', 'is not', null),
        ),
      )
      .where(far, '<>', '')
      .groupBy(far)
      .orderBy('last', 'desc')
      .orderBy('number')
      .limit(limit)
      .execute();
    return rows.map((r) => r.number);
  }

  async callsWithNumber(numbers: readonly string[], before: number, excludeCallId: string, limit: number): Promise<CallRecord[]> {
    if (numbers.length === 0) return [];
    const list = [...numbers];
    const rows = await this.db
      .selectFrom('calls')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb('direction', '=', 'inbound'), eb('from_number', 'in', list)]),
          eb.and([eb('direction', '=', 'outbound'), eb('to_number', 'in', list)]),
        ]),
      )
      .where('started_at', '<', new Date(before))
      .where('id', '<>', excludeCallId)
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }

  async callOfContact(contactId: string): Promise<string | undefined> {
    const bound = await this.db.selectFrom('calls').select('id').where('contact_id', '=', contactId).orderBy('started_at', 'desc').limit(1).executeTakeFirst();
    if (bound) return bound.id;
    const visitOf = contactId.split(':')[0] ?? contactId;
    return (await this.db.selectFrom('calls').select('id').where('id', '=', visitOf).executeTakeFirst())?.id;
  }
}

/**
 * Legs answered at or after `since` (and before `until`, when given) by agents (their own or a
 * consultation), oldest first, per agent: one agent's (the toolbar) or everyone's in one query
 * (the supervisor's day, the reports' range).
 */
export async function answeredLegsSince(db: Kysely<Database>, since: number, agentId?: string, until?: number): Promise<Map<string, AnsweredLeg[]>> {
  let q = db
    .selectFrom('call_legs as l')
    .innerJoin('calls as c', 'c.id', 'l.call_id')
    .select(['l.agent_id', 'l.call_id', 'l.role', 'l.answered_at', 'l.ended_at', 'c.direction', 'c.answered_at as call_answered_at', 'c.ended_at as call_ended_at', 'c.agent_id as call_agent_id'])
    .where('l.role', 'in', AGENT_ROLES)
    .where('l.answered_at', '>=', new Date(since));
  if (until !== undefined) q = q.where('l.answered_at', '<', new Date(until));
  q = agentId === undefined ? q.where('l.agent_id', 'is not', null) : q.where('l.agent_id', '=', agentId);
  const rows = await q.orderBy('l.answered_at').orderBy('l.id').execute();
  const out = new Map<string, AnsweredLeg[]>();
  for (const r of rows) {
    if (r.answered_at === null || r.agent_id === null) continue;
    const leg: AnsweredLeg = { callId: r.call_id, role: r.role as AnsweredLeg['role'], direction: r.direction as CallDirection, answeredAt: r.answered_at.getTime() };
    if (r.ended_at !== null) leg.endedAt = r.ended_at.getTime();
    if (r.call_answered_at !== null) leg.callAnsweredAt = r.call_answered_at.getTime();
    if (r.call_ended_at !== null) leg.callEndedAt = r.call_ended_at.getTime();
    if (r.role === 'consult' && r.call_agent_id === r.agent_id) leg.tookOver = true;
    // Appended in place: copying the list per leg made a month of an agent's legs quadratic.
    const list = out.get(r.agent_id);
    if (list) list.push(leg);
    else out.set(r.agent_id, [leg]);
  }
  return out;
}
