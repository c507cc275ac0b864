import type { Kysely } from 'kysely';
import { newId } from '../../core/ids.js';
import type { CallDataSink, MessageSink, VoiceMessage } from '../../ivr/ports.js';
import type { Database } from '../schema.js';

/** Values IVR flows store against a call (a survey rating); a value saved again replaces the old one. */
export class IvrCallDataRepo implements CallDataSink {
  constructor(private readonly db: Kysely<Database>) {}

  async save(callId: string, flow: string, values: Record<string, string>, at: number): Promise<void> {
    const rows = Object.entries(values).map(([name, value]) => ({ call_id: callId, name, value, flow, at: new Date(at) }));
    if (rows.length === 0) return;
    await this.db
      .insertInto('ivr_call_data')
      .values(rows)
      .onConflict((oc) => oc.columns(['call_id', 'name']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), flow: eb.ref('excluded.flow'), at: eb.ref('excluded.at') })))
      .execute();
  }

  async valuesOf(callId: string): Promise<Record<string, string>> {
    const rows = await this.db.selectFrom('ivr_call_data').select(['name', 'value']).where('call_id', '=', callId).execute();
    return Object.fromEntries(rows.map((r) => [r.name, r.value]));
  }
}

export interface StoredMessage extends VoiceMessage {
  id: string;
  status: string;
}

/** Voicemail left in the IVR, waiting for the ticket system (status `new` until it makes a ticket, src/tickets/voicemail-tickets.ts). */
export class IvrMessagesRepo implements MessageSink {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly ids: () => string = newId,
  ) {}

  async createMessage(m: VoiceMessage): Promise<string> {
    const id = this.ids();
    await this.db
      .insertInto('ivr_messages')
      .values({
        id,
        call_id: m.callId,
        flow: m.flow,
        mailbox: m.mailbox,
        caller_number: m.callerNumber,
        recording_name: m.recordingName,
        team: m.team,
        duration_ms: m.durationMs,
        variables: JSON.stringify(m.variables),
        created_at: new Date(m.at),
      })
      .execute();
    return id;
  }

  async listNew(limit = 100): Promise<StoredMessage[]> {
    const rows = await this.db.selectFrom('ivr_messages').selectAll().where('status', '=', 'new').orderBy('created_at').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      callId: r.call_id,
      flow: r.flow,
      mailbox: r.mailbox,
      callerNumber: r.caller_number,
      recordingName: r.recording_name,
      team: r.team,
      durationMs: r.duration_ms,
      at: r.created_at.getTime(),
      variables: typeof r.variables === 'string' ? (JSON.parse(r.variables) as Record<string, string>) : r.variables,
    }));
  }

  // No way to mark a message ticketed here: only the ticket's own write does that, in its
  // transaction (src/store/tickets/tickets-repo.ts), so a message cannot be marked and lost.
}
