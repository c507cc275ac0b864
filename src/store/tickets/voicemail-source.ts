/**
 * The facts of voicemails waiting for their ticket (src/tickets/voicemail-tickets.ts), read from
 * the IVR's messages, the customers' phone numbers and the teams.
 */
import type { Kysely } from 'kysely';
import { phoneLookupForms } from '../../customers/phone-number.js';
import type { Logger } from '../../core/log.js';
import type { VoicemailFacts } from '../../tickets/voicemail.js';
import type { VoicemailSource } from '../../tickets/voicemail-tickets.js';
import { teamIdOf } from '../ivr/config-lookup.js';
import type { Database } from '../schema.js';

export class KyselyVoicemailSource implements VoicemailSource {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly log: Logger,
  ) {}

  async facts(messageId: string): Promise<VoicemailFacts | undefined> {
    const m = await this.db.selectFrom('ivr_messages').selectAll().where('id', '=', messageId).where('status', '=', 'new').executeTakeFirst();
    if (!m) return undefined;
    const teamId = m.team ? ((await teamIdOf(this.db, m.team)) ?? null) : null;
    // Checked when the flow loaded; a team removed since leaves the ticket in the shared pool.
    if (m.team && teamId === null) this.log.warn({ messageId, team: m.team, flow: m.flow }, 'the voicemail node names a team that no longer exists: its ticket has no team');
    return {
      messageId: m.id,
      callId: m.call_id,
      callerNumber: m.caller_number,
      mailbox: m.mailbox,
      flow: m.flow,
      durationMs: m.duration_ms,
      at: m.created_at.getTime(),
      customerId: await this.onlyHolder(m.caller_number),
      teamId,
    };
  }

  async waiting(limit: number): Promise<string[]> {
    const rows = await this.db.selectFrom('ivr_messages').select('id').where('status', '=', 'new').orderBy('created_at').orderBy('id').limit(limit).execute();
    return rows.map((r) => r.id);
  }

  /** The customer holding the number, when exactly one does. */
  private async onlyHolder(number: string): Promise<string | null> {
    const forms = phoneLookupForms(number);
    if (forms.length === 0) return null;
    const rows = await this.db.selectFrom('customer_phones').select('customer_id').distinct().where('phone', 'in', forms).limit(2).execute();
    return rows.length === 1 ? (rows[0]?.customer_id ?? null) : null;
  }
}
