import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { CrmSettings } from '../../customers/crm-lookup.js';
import type { CrmSettingsStore } from '../../customers/crm-lookup-service.js';
import type { Database } from '../schema.js';

/** The CRM lookup's one settings row (sql/094). */
export class KyselyCrmSettingsStore implements CrmSettingsStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async load(): Promise<{ settings: CrmSettings; secret: string | null } | undefined> {
    const row = await this.db.selectFrom('crm_settings').select(['settings', 'secret']).where('id', '=', 1).executeTakeFirst();
    return row ? { settings: row.settings, secret: row.secret } : undefined;
  }

  async save(settings: CrmSettings, secret: string | null | undefined): Promise<void> {
    const values = { settings: JSON.stringify(settings), updated_at: new Date(this.clock.now()), ...(secret !== undefined ? { secret } : {}) };
    await this.db
      .insertInto('crm_settings')
      .values({ id: 1, secret: secret ?? null, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
  }
}
