import type { Kysely } from 'kysely';
import type { AuditEntry, AuditLog } from '../../accounts/audit.js';
import type { Audience, AudienceSettings, IndicatorKey } from '../../supervision/indicators.js';
import { isAudience } from '../../supervision/indicator-settings.js';
import type { IndicatorSettingsStore } from '../../supervision/ports.js';
import { transactWithAudit } from '../accounts/unit-of-work.js';
import type { Database } from '../schema.js';
import { json } from './repo-deps.js';

/** The indicator settings (sql/052): one row per audience an admin has set. */
export class KyselyIndicatorSettingsStore implements IndicatorSettingsStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
  ) {}

  async loadAll(): Promise<Partial<Record<Audience, AudienceSettings>>> {
    const rows = await this.db.selectFrom('indicator_settings').selectAll().execute();
    const out: Partial<Record<Audience, AudienceSettings>> = {};
    for (const row of rows) {
      if (isAudience(row.audience)) out[row.audience] = { indicators: row.indicators as IndicatorKey[], thresholds: row.thresholds, stateLimits: row.state_limits };
    }
    return out;
  }

  async save(audience: Audience, settings: AudienceSettings, by: string | undefined, at: number, entry: AuditEntry): Promise<void> {
    const values = { indicators: json(settings.indicators), thresholds: json(settings.thresholds), state_limits: json(settings.stateLimits ?? {}), updated_at: new Date(at), updated_by: by ?? null };
    await transactWithAudit(this.db, this.audit, async (trx, audit) => {
      await trx
        .insertInto('indicator_settings')
        .values({ audience, ...values })
        .onConflict((oc) => oc.column('audience').doUpdateSet(values))
        .execute();
      await audit.record(entry);
    });
  }
}
