/** The remote-assistance admin switch (src/chat/assist/assist-settings.ts) over kysely: one row, written with its audit entry. */
import type { Kysely } from 'kysely';
import type { AuditEntry, AuditLog } from '../../accounts/audit.js';
import type { AssistSettingsStore, AssistSettingsView } from '../../chat/assist/assist-settings.js';
import { transactWithAudit } from '../accounts/unit-of-work.js';
import type { Database } from '../schema.js';

export class KyselyAssistSettingsStore implements AssistSettingsStore {
  constructor(private readonly db: Kysely<Database>) {}

  async read(): Promise<AssistSettingsView | undefined> {
    const r = await this.db.selectFrom('chat_assist_settings').select('record_shares').where('id', '=', 1).executeTakeFirst();
    return r && { recordShares: r.record_shares };
  }

  async save(s: AssistSettingsView, by: string, at: number, entry: AuditEntry, log: AuditLog): Promise<void> {
    const row = { record_shares: s.recordShares, updated_at: new Date(at), updated_by: by };
    await transactWithAudit(this.db, log, async (trx, audit) => {
      await trx
        .insertInto('chat_assist_settings')
        .values({ id: 1, ...row })
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute();
      await audit.record(entry);
    });
  }
}
