import type { ColumnType } from 'kysely';

/** Kysely table types of the supervision settings (sql/052, 053). jsonb is written as JSON text. */
type Json<T> = ColumnType<T, string, string>;

export interface SupervisionTables {
  indicator_settings: IndicatorSettingsTable;
  wallboard_tokens: WallboardTokensTable;
}

export interface IndicatorSettingsTable {
  audience: string;
  indicators: Json<string[]>;
  thresholds: Json<Record<string, Record<string, number | null>>>;
  state_limits: ColumnType<Record<string, number | null>, string | undefined, string>;
  updated_at: Date;
  updated_by: string | null;
}

export interface WallboardTokensTable {
  id: string;
  name: string;
  token_hash: string;
  created_at: Date;
  created_by: string | null;
  revoked_at: Date | null;
}
