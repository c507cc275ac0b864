import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { AppError } from '../core/errors.js';

/** Migration files are `NNN_name.sql`, applied in the order of their number. */
const FILE_PATTERN = /^(\d{3})_[a-z0-9_-]+\.sql$/i;

/**
 * The sql/ folder at the repository root. This file lives in src/store/ when run from source and
 * in dist/src/store/ when built, so walk up to the folder holding package.json.
 */
export function defaultMigrationsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new AppError('CONFIG_INVALID', 'Cannot find the sql/ migrations folder');
    dir = parent;
  }
  return path.join(dir, 'sql');
}

/** Reads sql/ each time migrations run, so a new file is picked up without code changes. */
export class SqlFolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string = defaultMigrationsDir()) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const names = (await readdir(this.folder)).filter((f) => f.endsWith('.sql')).sort();
    const seen = new Map<string, string>();
    const out: Record<string, Migration> = {};
    for (const file of names) {
      const match = FILE_PATTERN.exec(file);
      if (!match) {
        throw new AppError('CONFIG_INVALID', `Migration file ${file} is not named NNN_name.sql`, {
          problems: [{ where: path.join(this.folder, file), reason: 'not named NNN_name.sql' }],
        });
      }
      const number = match[1] as string;
      const clash = seen.get(number);
      if (clash) {
        throw new AppError('CONFIG_INVALID', `Migrations ${clash} and ${file} share the number ${number}`, {
          problems: [{ where: path.join(this.folder, file), reason: `number ${number} already used by ${clash}` }],
        });
      }
      seen.set(number, file);
      const text = await readFile(path.join(this.folder, file), 'utf8');
      out[file.replace(/\.sql$/i, '')] = {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        async up(db: Kysely<any>) {
          await sql.raw(text).execute(db);
        },
      };
    }
    return out;
  }
}

export interface MigrationReport {
  applied: string[];
}

/** Where applied migrations are recorded, in the schema the connection writes to. */
const LEDGER = 'schema_migrations';

/**
 * Applies pending migrations in number order, each file and its ledger row in one transaction, so a
 * failing file leaves the ones before it applied and itself not at all.
 *
 * Why our own runner instead of kysely's Migrator: the Migrator finds its tables by introspecting
 * the whole catalogue, and on a PostgreSQL where other schemas are being dropped at the same time
 * (parallel test files, each in its own schema) that introspection fails with "relation does not
 * exist". Here nothing looks beyond the current schema. A transaction-scoped advisory lock keyed
 * on the schema name keeps two daemons starting together from applying the same file twice.
 *
 * Areas own number ranges (accounts 001-009, config 010-019, acd 020-029, ...), so a lower number
 * can arrive after a higher one was applied: it is applied, not refused.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>, folder?: string): Promise<MigrationReport> {
  const migrations = await new SqlFolderMigrationProvider(folder).getMigrations();
  await sql`create table if not exists ${sql.table(LEDGER)} (name text primary key, applied_at timestamptz not null default now())`.execute(db);
  // One read of the ledger first: at a normal start everything is applied, and skipping the
  // per-file transactions (each with its advisory lock) saves most of the migration step.
  const ledger = await sql<{ name: string }>`select name from ${sql.table(LEDGER)}`.execute(db);
  const done = new Set(ledger.rows.map((r) => r.name));
  const applied: string[] = [];
  for (const name of Object.keys(migrations).sort()) {
    if (done.has(name)) continue;
    const migration = migrations[name] as Migration;
    const ran = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(current_schema()))`.execute(trx);
      const done = await sql<{ name: string }>`select name from ${sql.table(LEDGER)} where name = ${name}`.execute(trx);
      if (done.rows.length > 0) return false;
      try {
        await migration.up(trx);
      } catch (error) {
        throw new AppError('INTERNAL', `Migration ${name} failed: ${errorMessage(error)}`, { migration: name }, { cause: error });
      }
      await sql`insert into ${sql.table(LEDGER)} (name) values (${name})`.execute(trx);
      return true;
    });
    if (ran) applied.push(name);
  }
  return { applied };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
