/** Kysely table types for the accounts tables (sql/ migrations own the real schema). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AccountsTables {}
