import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
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

/**
 * Applies pending migrations one by one, each in its own transaction (kysely wraps a migration
 * run in one when the adapter supports transactional DDL), so a failing file leaves the ones
 * before it applied and itself not at all.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>, folder?: string): Promise<MigrationReport> {
  // Kysely looks for its own tables by name across every schema unless told which one; with
  // several schemas in one database (tests) it would find another schema's table. Pin it to the
  // schema this connection actually writes to.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema ?? 'public';
  // Each area owns a number range (accounts 001-009, config 010-019, acd 020-029, ...), so a new
  // config migration (013) can arrive after acd's 020 was applied: apply it rather than refuse.
  const migrator = new Migrator({
    db,
    provider: new SqlFolderMigrationProvider(folder),
    migrationTableSchema: schema,
    allowUnorderedMigrations: true,
  });
  const applied: string[] = [];
  for (;;) {
    const { error, results } = await migrator.migrateUp();
    for (const r of results ?? []) if (r.status === 'Success') applied.push(r.migrationName);
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
      throw new AppError('INTERNAL', `Migration ${failed} failed: ${errorMessage(error)}`, { migration: failed }, {
        cause: error,
      });
    }
    if (!results || results.length === 0) return { applied };
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
