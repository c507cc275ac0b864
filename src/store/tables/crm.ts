import type { ColumnType } from 'kysely';
import type { CrmSettings } from '../../customers/crm-lookup.js';

/** Kysely table types of the CRM lookup settings (sql/094). jsonb is written as JSON text. */
export interface CrmTables {
  crm_settings: CrmSettingsTable;
}

export interface CrmSettingsTable {
  id: number;
  settings: ColumnType<CrmSettings, string, string>;
  secret: string | null;
  updated_at: ColumnType<Date, Date, Date>;
}
