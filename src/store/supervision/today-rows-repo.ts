/**
 * The stored rows of a day for the supervisor's Today figures (src/supervision/today-service.ts):
 * calls with their queue entry, the agents' state trail, pending callbacks and each agent's
 * handled / missed, the day's chats and messages. A handful of queries per read of the whole day, whatever the number of agents.
 */
import type { Kysely } from 'kysely';
import { summarizeAgentDay } from '../../calls/agent-day.js';
import type { AgentStateName } from '../../core/events.js';
import type { TodayRowsReader } from '../../supervision/ports.js';
import type { DayCallRow, DayChatRow, DayRows } from '../../supervision/today-figures.js';
import { answeredLegsSince } from '../calls/call-history-repo.js';
import type { Database } from '../schema.js';

const ms = (d: Date | null): number | null => (d === null ? null : d.getTime());

export class KyselyTodayRows implements TodayRowsReader {
  constructor(private readonly db: Kysely<Database>) {}

  async dayRows(since: number): Promise<DayRows> {
    const from = new Date(since);
    const [calls, changes, atStart, callbacks, legs, missed, chats, chatMessages] = await Promise.all([
      this.db
        .selectFrom('calls as c')
        .leftJoin('acd_contacts as k', 'k.id', 'c.contact_id')
        .select(['c.id', 'c.direction', 'c.queue_id', 'c.started_at', 'c.answered_at', 'c.ended_at', 'c.outcome', 'c.agent_id', 'k.enqueued_at'])
        .where('c.started_at', '>=', from)
        .orderBy('c.started_at')
        .execute(),
      this.db.selectFrom('acd_agent_transitions').select(['agent_id', 'at', 'from_state', 'to_state']).where('at', '>=', from).orderBy('at').orderBy('id').execute(),
      this.db
        .selectFrom('acd_agent_transitions')
        .distinctOn('agent_id')
        .select(['agent_id', 'to_state'])
        .where('at', '<', from)
        .orderBy('agent_id')
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .execute(),
      this.db
        .selectFrom('acd_contacts')
        .select(['queue_id', (eb) => eb.fn.countAll<string>().as('n')])
        .where('media', '=', 'callback')
        .where('state', '<>', 'ended')
        .groupBy('queue_id')
        .execute(),
      answeredLegsSince(this.db, since),
      this.db
        .selectFrom('acd_offers')
        .select(['agent_id', (eb) => eb.fn.countAll<string>().as('n')])
        .where('offered_at', '>=', from)
        .where('state', 'in', ['no_answer', 'rejected'])
        .where('media', 'in', ['voice', 'callback'])
        .groupBy('agent_id')
        .execute(),
      // Today's chats and the older ones still open (chats_open is the partial index for those).
      this.db
        .selectFrom('chats')
        .select(['id', 'queue_id', 'state', 'created_at', 'assigned_at', 'ended_at'])
        .where((eb) => eb.or([eb('created_at', '>=', from), eb('state', '<>', 'ended'), eb('ended_at', '>=', from)]))
        .execute(),
      this.db
        .selectFrom('chat_messages as m')
        .innerJoin('chats as c', 'c.id', 'm.chat_id')
        .select(['c.queue_id', (eb) => eb.fn.countAll<string>().as('n')])
        .where('m.at', '>=', from)
        .where('m.author', '<>', 'system')
        .groupBy('c.queue_id')
        .execute(),
    ]);
    const missedOf = new Map(missed.map((m) => [m.agent_id, Number(m.n)]));
    const agentIds = new Set([...legs.keys(), ...missedOf.keys()]);
    return {
      calls: calls.map(
        (c): DayCallRow => ({
          id: c.id,
          direction: c.direction === 'outbound' ? 'outbound' : 'inbound',
          queueId: c.queue_id,
          startedAt: c.started_at.getTime(),
          queuedAt: ms(c.enqueued_at ?? null),
          answeredAt: ms(c.answered_at),
          endedAt: ms(c.ended_at),
          outcome: c.outcome,
          agentId: c.agent_id,
        }),
      ),
      agentChanges: changes.map((t) => ({ agentId: t.agent_id, at: t.at.getTime(), from: t.from_state as AgentStateName, to: t.to_state as AgentStateName })),
      agentStatesAtStart: atStart.map((s) => ({ agentId: s.agent_id, state: s.to_state as AgentStateName })),
      callbacksPending: callbacks.map((c) => ({ queueId: c.queue_id, count: Number(c.n) })),
      agentDays: [...agentIds].map((agentId) => {
        const day = summarizeAgentDay(legs.get(agentId) ?? [], missedOf.get(agentId) ?? 0, since, since);
        return { agentId, handled: day.handled, missed: day.missed };
      }),
      chats: chats.map(
        (c): DayChatRow => ({
          id: c.id,
          queueId: c.queue_id,
          state: c.state as DayChatRow['state'],
          createdAt: c.created_at.getTime(),
          assignedAt: ms(c.assigned_at),
          endedAt: ms(c.ended_at),
        }),
      ),
      chatMessages: chatMessages.map((m) => ({ queueId: m.queue_id, count: Number(m.n) })),
    };
  }
}
