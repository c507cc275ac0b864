/**
 * The stored rows the reports fold (src/reports/): calls with their queue entry, hold time and
 * transfers (call_transitions), chats, callback requests, the agents' state trail, answered legs
 * and missed offers. A handful of range queries per report, whatever the number of agents.
 */
import type { Kysely } from 'kysely';
import type { CallOutcome } from '../../calls/call-model.js';
import type { AgentStateName } from '../../core/events.js';
import type { AgentRows, ReportCall, ReportRowsReader, VolumeRows } from '../../reports/ports.js';
import { SURVEY_RATING_VARIABLE, type SurveyAnswer } from '../../reports/satisfaction.js';
import { WRAP_UP_TAIL_MS } from '../../reports/volume-parts.js';
import { answeredLegsSince } from '../calls/call-history-repo.js';
import type { Database } from '../schema.js';

const ms = (d: Date | null | undefined): number | null => (d === null || d === undefined ? null : d.getTime());


/** A chat's end mapped onto the call outcomes the figures know (core/call-figures.ts). */
function chatOutcome(assigned: boolean, endReason: string | null): CallOutcome | null {
  if (assigned) return 'agent_answered';
  if (endReason === 'visitor_left' || endReason === 'visitor_inactive') return 'queue_abandon';
  // Nobody to take it: offered, not answered, not an abandon (as a queue timeout).
  if (endReason === 'no_agent') return 'queue_timeout';
  return null;
}

export class KyselyReportRows implements ReportRowsReader {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Calls and chats are read from WRAP_UP_TAIL_MS before the range to as long after it: the report
   * counts those started in it, the others only own wrap-up spells (so a spell after a call just
   * outside the range is not given to an earlier one inside it).
   */
  async volumeRows(fromMs: number, toMs: number): Promise<VolumeRows> {
    const from = new Date(fromMs - WRAP_UP_TAIL_MS);
    const to = new Date(toMs + WRAP_UP_TAIL_MS);
    const [calls, transitions, chats, changes, callbacks] = await Promise.all([
      this.db
        .selectFrom('calls as c')
        .leftJoin('acd_contacts as k', 'k.id', 'c.contact_id')
        .select(['c.id', 'c.direction', 'c.queue_id', 'c.started_at', 'c.answered_at', 'c.ended_at', 'c.outcome', 'c.agent_id', 'k.enqueued_at'])
        .where('c.started_at', '>=', from)
        .where('c.started_at', '<', to)
        .orderBy('c.started_at')
        .execute(),
      this.db
        .selectFrom('call_transitions as t')
        .innerJoin('calls as c', 'c.id', 't.call_id')
        .select(['t.call_id', 't.at', 't.from_state', 't.to_state', 't.event'])
        .where('c.started_at', '>=', from)
        .where('c.started_at', '<', to)
        .where((eb) => eb.or([eb('t.from_state', '=', 'held'), eb('t.to_state', '=', 'held'), eb('t.event', 'in', ['transfer_blind', 'transfer_completed'])]))
        .orderBy('t.call_id')
        .orderBy('t.seq')
        .execute(),
      this.db
        .selectFrom('chats')
        .select(['id', 'queue_id', 'agent_id', 'created_at', 'assigned_at', 'ended_at', 'end_reason'])
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .execute(),
      this.db
        .selectFrom('acd_agent_transitions')
        .select(['agent_id', 'at', 'from_state', 'to_state'])
        .where('at', '>=', new Date(fromMs))
        .where('at', '<', to)
        .orderBy('at')
        .orderBy('id')
        .execute(),
      this.db
        .selectFrom('acd_contacts')
        .select(['queue_id', 'agent_id', 'enqueued_at'])
        .where('media', '=', 'callback')
        .where('enqueued_at', '>=', new Date(fromMs))
        .where('enqueued_at', '<', new Date(toMs))
        .execute(),
    ]);

    const hold = new Map<string, number>();
    const transfers = new Map<string, number>();
    const heldSince = new Map<string, number>();
    for (const t of transitions) {
      const at = t.at.getTime();
      if (t.event === 'transfer_blind' || t.event === 'transfer_completed') transfers.set(t.call_id, (transfers.get(t.call_id) ?? 0) + 1);
      const since = heldSince.get(t.call_id);
      if (t.from_state === 'held' && t.to_state !== 'held' && since !== undefined) {
        hold.set(t.call_id, (hold.get(t.call_id) ?? 0) + Math.max(0, at - since));
        heldSince.delete(t.call_id);
      }
      if (t.to_state === 'held' && t.from_state !== 'held') heldSince.set(t.call_id, at);
    }

    const out: ReportCall[] = calls.map((c) => ({
      id: c.id,
      direction: c.direction === 'outbound' ? 'outbound' : 'inbound',
      queueId: c.queue_id,
      startedAt: c.started_at.getTime(),
      queuedAt: ms(c.enqueued_at),
      answeredAt: ms(c.answered_at),
      endedAt: ms(c.ended_at),
      outcome: c.outcome,
      agentId: c.agent_id,
      media: 'voice',
      holdMs: hold.get(c.id) ?? 0,
      transfers: transfers.get(c.id) ?? 0,
    }));
    for (const c of chats) {
      const created = c.created_at.getTime();
      out.push({
        id: `chat:${c.id}`,
        direction: 'inbound',
        queueId: c.queue_id,
        startedAt: created,
        queuedAt: created,
        answeredAt: ms(c.assigned_at),
        endedAt: ms(c.ended_at),
        outcome: c.ended_at === null && c.assigned_at === null ? null : chatOutcome(c.assigned_at !== null, c.end_reason),
        agentId: c.agent_id,
        media: 'chat',
        holdMs: 0,
        transfers: 0,
      });
    }
    return {
      calls: out,
      agentChanges: changes.map((t) => ({ agentId: t.agent_id, at: t.at.getTime(), from: t.from_state as AgentStateName, to: t.to_state as AgentStateName })),
      callbacks: callbacks.map((c) => ({ queueId: c.queue_id, agentId: c.agent_id, at: c.enqueued_at.getTime() })),
    };
  }

  async agentRows(fromMs: number, toMs: number): Promise<AgentRows> {
    const from = new Date(fromMs);
    const to = new Date(toMs);
    const [changes, atStart, legs, missed] = await Promise.all([
      this.db
        .selectFrom('acd_agent_transitions')
        .select(['agent_id', 'at', 'from_state', 'to_state', 'reason'])
        .where('at', '>=', from)
        .where('at', '<', to)
        .orderBy('at')
        .orderBy('id')
        .execute(),
      this.db
        .selectFrom('acd_agent_transitions')
        .distinctOn('agent_id')
        .select(['agent_id', 'to_state', 'reason'])
        .where('at', '<', from)
        .orderBy('agent_id')
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .execute(),
      answeredLegsSince(this.db, fromMs, undefined, toMs),
      this.db
        .selectFrom('acd_offers')
        .select(['agent_id', 'offered_at'])
        .where('offered_at', '>=', from)
        .where('offered_at', '<', to)
        .where('state', 'in', ['no_answer', 'rejected'])
        .where('media', 'in', ['voice', 'callback'])
        .execute(),
    ]);
    return {
      changes: changes.map((t) => ({ agentId: t.agent_id, at: t.at.getTime(), from: t.from_state as AgentStateName, to: t.to_state as AgentStateName, reason: t.reason })),
      atStart: atStart.map((s) => ({ agentId: s.agent_id, state: s.to_state as AgentStateName, reason: s.to_state === 'not_ready' ? s.reason : null })),
      legs,
      missedOffers: missed.map((m) => ({ agentId: m.agent_id, at: m.offered_at.getTime() })),
    };
  }

  async surveyAnswers(fromMs: number, toMs: number): Promise<SurveyAnswer[]> {
    const from = new Date(fromMs);
    const to = new Date(toMs);
    const [calls, chats] = await Promise.all([
      this.db
        .selectFrom('ivr_call_data as d')
        .innerJoin('calls as c', 'c.id', 'd.call_id')
        .select(['d.value', 'd.at', 'c.agent_id', 'c.queue_id'])
        .where('d.name', '=', SURVEY_RATING_VARIABLE)
        .where('d.at', '>=', from)
        .where('d.at', '<', to)
        .execute(),
      this.db
        .selectFrom('chat_surveys as s')
        .innerJoin('chats as c', 'c.id', 's.chat_id')
        .select(['s.score', 's.at', 'c.agent_id', 'c.queue_id'])
        .where('s.at', '>=', from)
        .where('s.at', '<', to)
        .execute(),
    ]);
    const out: SurveyAnswer[] = [];
    for (const r of calls) {
      // The flow's collect node allows only 1-5; anything else a flow saved under the name is not a rating.
      const score = /^[1-5]$/.test(r.value.trim()) ? Number(r.value.trim()) : undefined;
      if (score !== undefined) out.push({ at: r.at.getTime(), score, media: 'voice', agentId: r.agent_id, queueId: r.queue_id });
    }
    for (const r of chats) out.push({ at: r.at.getTime(), score: r.score, media: 'chat', agentId: r.agent_id, queueId: r.queue_id });
    return out.sort((a, b) => a.at - b.at);
  }
}
