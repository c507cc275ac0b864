/**
 * Call records in PostgreSQL / PGlite: the write side call handling and recording use (upserts
 * in the order a call produces them) and the read side behind records.view / records.delete.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { AppError } from '../../core/errors.js';
import type { CallDirection, CallLeg, CallOutcome, CallRecord, CallStateName, CallTransition, CallWrapUp, HungUpBy, LegRole } from '../../calls/call-model.js';
import { HANDLING_LEG_ROLES, type CallDetail, type CallRecordQuery, type CallRecordReader, type CallStore, type StoredOpenCall } from '../../calls/ports.js';
import type { RecordingMark } from '../../calls/recording-presence.js';
import type { PurgeReason, RecordingFileState, RecordingReader, RecordingRow, RecordingStore } from '../../recording/ports.js';
import type { Database } from '../schema.js';
import type { CallLegsTable, CallsTable } from '../tables/calls.js';

const MAX_PAGE = 500;

function json<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}
const date = (ms: number | undefined): Date | null => (ms === undefined ? null : new Date(ms));
const ms = (d: Date | null): number | undefined => (d === null ? undefined : d.getTime());

export class KyselyCallStore implements CallStore, RecordingStore, RecordingReader, CallRecordReader {
  constructor(private readonly db: Kysely<Database>) {}

  async saveCall(r: CallRecord): Promise<void> {
    const row = {
      id: r.id,
      direction: r.direction,
      state: r.state,
      from_number: r.from,
      to_number: r.to,
      caller_name: r.callerName,
      queue_id: r.queueId ?? null,
      contact_id: r.contactId ?? null,
      agent_id: r.agentId ?? null,
      customer: r.customer ?? null,
      ivr_path: JSON.stringify(r.ivrPath),
      variables: JSON.stringify(r.variables),
      started_at: new Date(r.startedAt),
      answered_at: date(r.answeredAt),
      ended_at: date(r.endedAt),
      outcome: r.outcome ?? null,
      hung_up_by: r.hungUpBy ?? null,
      recording_ids: JSON.stringify(r.recordingIds),
    };
    const { id: _id, ...update } = row;
    await this.db.insertInto('calls').values(row).onConflict((oc) => oc.column('id').doUpdateSet(update)).execute();
  }

  /**
   * The agent's wrap-up, on its own columns: saveCall (call handling's write-behind) never touches
   * them, so neither overwrites the other. False when no such call is stored.
   */
  async saveWrapUp(callId: string, w: CallWrapUp): Promise<boolean> {
    const result = await this.db
      .updateTable('calls')
      .set({
        disposition_id: w.disposition?.id ?? null,
        disposition_code: w.disposition?.code ?? null,
        disposition_label: w.disposition?.label ?? null,
        wrap_up_note: w.note,
        wrap_up_by: w.by,
        wrap_up_at: new Date(w.at),
      })
      .where('id', '=', callId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async saveLeg(l: CallLeg): Promise<void> {
    const row = {
      id: l.id,
      call_id: l.callId,
      role: l.role,
      agent_id: l.agentId ?? null,
      endpoint: l.endpoint,
      created_at: new Date(l.createdAt),
      ringing_at: date(l.ringingAt),
      answered_at: date(l.answeredAt),
      ended_at: date(l.endedAt),
      hangup_cause: l.hangupCause ?? null,
      ended_by: l.endedBy ?? null,
    };
    const { id: _id, call_id: _c, ...update } = row;
    await this.db.insertInto('call_legs').values(row).onConflict((oc) => oc.column('id').doUpdateSet(update)).execute();
  }

  async appendTransition(t: CallTransition): Promise<void> {
    await this.db
      .insertInto('call_transitions')
      .values({ call_id: t.callId, seq: t.seq, at: new Date(t.at), from_state: t.from, event: t.event, to_state: t.to, details: JSON.stringify(t.details) })
      .execute();
  }

  async saveRecording(r: RecordingRow): Promise<void> {
    const row = {
      id: r.id,
      call_id: r.callId,
      name: r.name,
      started_at: new Date(r.startedAt),
      stopped_at: date(r.stoppedAt),
      duration_ms: r.durationMs ?? null,
      paused: r.paused,
      file_state: r.fileState ?? null,
    };
    const { id: _id, call_id: _c, ...update } = row;
    await this.db.insertInto('call_recordings').values(row).onConflict((oc) => oc.column('id').doUpdateSet(update)).execute();
  }

  async recording(id: string): Promise<RecordingRow | undefined> {
    const r = await this.db.selectFrom('call_recordings').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    return {
      id: r.id,
      callId: r.call_id,
      name: r.name,
      startedAt: r.started_at.getTime(),
      paused: r.paused,
      ...(r.stopped_at !== null ? { stoppedAt: r.stopped_at.getTime() } : {}),
      ...(r.duration_ms !== null ? { durationMs: r.duration_ms } : {}),
      ...(r.file_state !== null ? { fileState: r.file_state as RecordingFileState } : {}),
      ...(r.purged_at !== null ? { purgedAt: r.purged_at.getTime(), purgeReason: r.purge_reason as PurgeReason } : {}),
    };
  }

  /** Recording rows with no stop time: open now, or cut off by a previous run. */
  async openRecordings(): Promise<RecordingRow[]> {
    const rows = await this.db.selectFrom('call_recordings').selectAll().where('stopped_at', 'is', null).orderBy('started_at').execute();
    return rows.map((r) => ({
      id: r.id,
      callId: r.call_id,
      name: r.name,
      startedAt: r.started_at.getTime(),
      paused: r.paused,
      ...(r.duration_ms !== null ? { durationMs: r.duration_ms } : {}),
    }));
  }

  async list(q: CallRecordQuery): Promise<CallRecord[]> {
    const limit = Math.min(Math.max(q.limit ?? 100, 1), MAX_PAGE);
    const query = await this.filtered(q);
    if (!query) return [];
    const rows = await query.selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toRecord);
  }

  /** How many calls match, counting no further than `upTo` (an export's cap: the count stays cheap). */
  async count(q: CallRecordQuery, upTo: number): Promise<number> {
    const query = await this.filtered(q);
    if (!query) return 0;
    const row = await this.db
      .selectFrom(query.select('id').limit(upTo).as('m'))
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * The matching calls, newest first, as a where clause over `calls`; undefined when nothing can
   * match (an empty agent or outcome list). Paging is keyset on (started_at, id), compared as a
   * row so that the (started_at desc, id desc) index serves it (sql/062).
   */
  private async filtered(q: CallRecordQuery) {
    let query = this.db.selectFrom('calls');
    if (q.from !== undefined) query = query.where('started_at', '>=', new Date(q.from));
    if (q.to !== undefined) query = query.where('started_at', '<', new Date(q.to));
    if (q.agentId) query = query.where('agent_id', '=', q.agentId);
    if (q.agentIds) {
      if (q.agentIds.length === 0) return undefined;
      query = query.where('agent_id', 'in', q.agentIds);
    }
    const reach = q.reachAgentIds;
    if (reach) {
      if (reach.length === 0) return undefined;
      // The call's agent, or an agent who answered one of its legs and passed it on (index call_legs_agent_created).
      const handled = this.db.selectFrom('call_legs').select('call_id').where('agent_id', 'in', reach).where('role', 'in', [...HANDLING_LEG_ROLES]).where('answered_at', 'is not', null);
      query = query.where((eb) => eb.or([eb('agent_id', 'in', reach), eb('id', 'in', handled)]));
    }
    if (q.queueId) query = query.where('queue_id', '=', q.queueId);
    if (q.outcomes) {
      if (q.outcomes.length === 0) return undefined;
      query = query.where('outcome', 'in', q.outcomes);
    }
    if (q.direction) query = query.where('direction', '=', q.direction);
    const forms = q.numberForms;
    if (forms) {
      if (forms.length === 0) return undefined;
      query = query.where((eb) => eb.or([eb('from_number', 'in', forms), eb('to_number', 'in', forms)]));
    }
    if (q.minDurationSeconds !== undefined) query = query.where('ended_at', '>=', sql<Date>`started_at + cast(${q.minDurationSeconds} as integer) * interval '1 second'`);
    if (q.maxDurationSeconds !== undefined) query = query.where('ended_at', '<=', sql<Date>`started_at + cast(${q.maxDurationSeconds} as integer) * interval '1 second'`);
    if (q.hasRecording !== undefined) {
      // Something to listen to: a recording whose file was purged or deleted no longer counts.
      const has = sql<boolean>`exists (select 1 from call_recordings r where r.call_id = calls.id and r.purged_at is null)`;
      query = query.where(q.hasRecording ? has : sql<boolean>`not ${has}`);
    }
    if (q.before) {
      const cursor = await this.db.selectFrom('calls').select(['started_at', 'id']).where('id', '=', q.before).executeTakeFirst();
      if (cursor) query = query.where((eb) => eb(eb.refTuple('started_at', 'id'), '<', eb.tuple(cursor.started_at, cursor.id)));
    }
    return query;
  }

  async get(callId: string): Promise<CallDetail | undefined> {
    const row = await this.db.selectFrom('calls').selectAll().where('id', '=', callId).executeTakeFirst();
    if (!row) return undefined;
    const [legs, transitions, recordings] = await Promise.all([
      this.db.selectFrom('call_legs').selectAll().where('call_id', '=', callId).orderBy('created_at').orderBy('id').execute(),
      this.db.selectFrom('call_transitions').selectAll().where('call_id', '=', callId).orderBy('seq').execute(),
      // Two recordings of a call may start in the same millisecond (a restart resumes at once): their
      // names (`call-<id>-<n>`, n counting up) break the tie, or the order would be the heap's.
      this.db.selectFrom('call_recordings').selectAll().where('call_id', '=', callId).orderBy('started_at').orderBy(sql`length(name)`).orderBy('name').execute(),
    ]);
    return {
      call: toRecord(row),
      legs: legs.map(toLeg),
      timeline: transitions.map((t) => ({
        callId: t.call_id,
        seq: t.seq,
        at: t.at.getTime(),
        from: t.from_state as CallStateName,
        event: t.event,
        to: t.to_state as CallStateName,
        details: json<Record<string, string>>(t.details),
      })),
      recordings: recordings.map((r) => ({
        id: r.id,
        name: r.name,
        startedAt: r.started_at.getTime(),
        ...(r.stopped_at ? { stoppedAt: r.stopped_at.getTime() } : {}),
        ...(r.duration_ms !== null ? { durationMs: r.duration_ms } : {}),
        ...(r.file_state !== null ? { fileState: r.file_state as RecordingFileState } : {}),
        ...(r.purged_at !== null ? { purgedAt: r.purged_at.getTime(), purgeReason: r.purge_reason as PurgeReason } : {}),
      })),
    };
  }

  /** The recording rows of a page of calls and their purge marks (index call_recordings_call). */
  async recordingMarks(callIds: readonly string[]): Promise<RecordingMark[]> {
    if (callIds.length === 0) return [];
    const rows = await this.db.selectFrom('call_recordings').select(['call_id', 'purged_at', 'purge_reason']).where('call_id', 'in', [...callIds]).execute();
    return rows.map((r) => ({ callId: r.call_id, ...(r.purged_at !== null ? { purgedAt: r.purged_at.getTime(), purgeReason: r.purge_reason as PurgeReason } : {}) }));
  }

  /**
   * At daemon start: calls a previous run left unfinished (crash, kill) are closed as ended at `at`,
   * hung up by 'unknown', with a `daemon_restart` step on their timeline and their open legs
   * closed with cause 'lost'. Answered calls keep their answered outcome. Returns how many.
   */
  async closeUnfinished(at: number, callIds?: readonly string[]): Promise<number> {
    const when = new Date(at);
    if (callIds?.length === 0) return 0;
    return this.db.transaction().execute(async (tx) => {
      let query = tx.selectFrom('calls').select(['id', 'state', 'direction', 'answered_at']).where('state', '<>', 'ended');
      if (callIds) query = query.where('id', 'in', [...callIds]);
      const open = await query.execute();
      for (const c of open) {
        const last = await tx.selectFrom('call_transitions').select((eb) => eb.fn.max('seq').as('seq')).where('call_id', '=', c.id).executeTakeFirst();
        await tx
          .insertInto('call_transitions')
          .values({ call_id: c.id, seq: Number(last?.seq ?? 0) + 1, at: when, from_state: c.state, event: 'daemon_restart', to_state: 'ended', details: JSON.stringify({}) })
          .execute();
        const outcome = c.answered_at === null ? 'lost_on_restart' : c.direction === 'outbound' ? 'outbound_answered' : 'agent_answered';
        await tx.updateTable('calls').set({ state: 'ended', ended_at: when, hung_up_by: 'unknown', outcome }).where('id', '=', c.id).execute();
        await tx.updateTable('call_legs').set({ ended_at: when, ended_by: 'unknown', hangup_cause: 'lost' }).where('call_id', '=', c.id).where('ended_at', 'is', null).execute();
      }
      return open.length;
    });
  }

  /** Calls not ended, with their legs, last timeline number, last offer and recordings. */
  async openCalls(): Promise<StoredOpenCall[]> {
    const rows = await this.db.selectFrom('calls').selectAll().where('state', '<>', 'ended').orderBy('started_at').execute();
    const out: StoredOpenCall[] = [];
    for (const row of rows) {
      const [legs, last, offer, recordings] = await Promise.all([
        this.db.selectFrom('call_legs').selectAll().where('call_id', '=', row.id).orderBy('created_at').orderBy('id').execute(),
        this.db.selectFrom('call_transitions').select((eb) => eb.fn.max('seq').as('seq')).where('call_id', '=', row.id).executeTakeFirst(),
        this.db.selectFrom('call_transitions').select(['details']).where('call_id', '=', row.id).where('event', '=', 'offer').orderBy('seq', 'desc').limit(1).executeTakeFirst(),
        this.db.selectFrom('call_recordings').select(['id', 'name', 'stopped_at']).where('call_id', '=', row.id).orderBy('started_at').orderBy(sql`length(name)`).orderBy('name').execute(),
      ]);
      const offerId = offer ? json<Record<string, string>>(offer.details)['offer'] : undefined;
      out.push({
        record: toRecord(row),
        legs: legs.map(toLeg),
        seq: Number(last?.seq ?? 0),
        ...(offerId ? { offerId } : {}),
        recordings: recordings.map((r) => ({ id: r.id, name: r.name, open: r.stopped_at === null })),
      });
    }
    return out;
  }

  async delete(callId: string): Promise<boolean> {
    const row = await this.db.selectFrom('calls').select(['state']).where('id', '=', callId).executeTakeFirst();
    if (!row) return false;
    if (row.state !== 'ended') throw new AppError('CONFLICT', 'A call in progress cannot be deleted', { callId });
    const result = await this.db.deleteFrom('calls').where('id', '=', callId).where('state', '=', 'ended').executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

export function toRecord(r: Selectable<CallsTable>): CallRecord {
  const out: CallRecord = {
    id: r.id,
    direction: r.direction as CallDirection,
    state: r.state as CallStateName,
    from: r.from_number,
    to: r.to_number,
    callerName: r.caller_name,
    ivrPath: json<string[]>(r.ivr_path),
    variables: json<Record<string, string>>(r.variables),
    startedAt: r.started_at.getTime(),
    recordingIds: json<string[]>(r.recording_ids),
  };
  if (r.queue_id !== null) out.queueId = r.queue_id;
  if (r.contact_id !== null) out.contactId = r.contact_id;
  if (r.agent_id !== null) out.agentId = r.agent_id;
  if (r.customer !== null) out.customer = r.customer;
  if (r.answered_at !== null) out.answeredAt = r.answered_at.getTime();
  if (r.ended_at !== null) out.endedAt = r.ended_at.getTime();
  if (r.outcome !== null) out.outcome = r.outcome as CallOutcome;
  if (r.hung_up_by !== null) out.hungUpBy = r.hung_up_by as HungUpBy;
  if (r.wrap_up_at !== null && r.wrap_up_by !== null) {
    const disposition = r.disposition_id !== null ? { id: r.disposition_id, code: r.disposition_code ?? '', label: r.disposition_label ?? '' } : null;
    out.wrapUp = { disposition, note: r.wrap_up_note, by: r.wrap_up_by, at: r.wrap_up_at.getTime() };
  }
  return out;
}

function toLeg(l: Selectable<CallLegsTable>): CallLeg {
  const out: CallLeg = { id: l.id, callId: l.call_id, role: l.role as LegRole, endpoint: l.endpoint, createdAt: l.created_at.getTime() };
  if (l.agent_id !== null) out.agentId = l.agent_id;
  const ringing = ms(l.ringing_at);
  if (ringing !== undefined) out.ringingAt = ringing;
  const answered = ms(l.answered_at);
  if (answered !== undefined) out.answeredAt = answered;
  const ended = ms(l.ended_at);
  if (ended !== undefined) out.endedAt = ended;
  if (l.hangup_cause !== null) out.hangupCause = l.hangup_cause;
  if (l.ended_by !== null) out.endedBy = l.ended_by as CallLeg['endedBy'];
  return out;
}
