import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kysely } from 'kysely';
import { defaultMigrationsDir, migrateToLatest } from './migrations.js';
import { PGliteDialect } from './pglite-dialect.js';
import { pgliteOptions } from './pglite-options.js';

/**
 * A ready embedded database (initdb done, migrations applied), made once at build time and copied
 * into a fresh data folder at first start. Why: PGlite's initdb plus our migrations take 5-15 s
 * on a small machine; copying 40 MB takes well under one. The template is used only when it was
 * made from exactly the current sql/ files by the installed PGlite version (its stamp says so);
 * otherwise the start falls back to initdb, slower but never wrong.
 */
const STAMP_FILE = 'switchboard-template.json';

export interface TemplatePlace {
  /** The folder holding package.json (sql/ and node_modules/ are under it). */
  root: string;
  /** Where the template lives; `dist/pglite-template` by default. */
  dir: string;
  /** The migrations folder the template is made from. */
  migrationsDir: string;
}

export function defaultTemplatePlace(): TemplatePlace {
  const migrationsDir = defaultMigrationsDir();
  const root = path.dirname(migrationsDir);
  return { root, dir: path.join(root, 'dist', 'pglite-template'), migrationsDir };
}

/** The identity a template must match: the PGlite version and every migration file's name and text. */
export function templateStamp(place: TemplatePlace): string {
  const hash = createHash('sha256');
  for (const f of readdirSync(place.migrationsDir).filter((n) => n.endsWith('.sql')).sort()) {
    hash.update(f).update('\0').update(readFileSync(path.join(place.migrationsDir, f))).update('\0');
  }
  return JSON.stringify({ pglite: pgliteVersion(place.root), sql: hash.digest('hex') });
}

function pgliteVersion(root: string): string {
  const file = path.join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : 'unknown';
}

function templateIsCurrent(place: TemplatePlace): boolean {
  const file = path.join(place.dir, STAMP_FILE);
  return existsSync(file) && readFileSync(file, 'utf8') === templateStamp(place);
}

/** Makes the template unless a current one exists; returns what was made, or undefined. */
export async function ensurePgliteTemplate(place: TemplatePlace = defaultTemplatePlace()): Promise<string | undefined> {
  if (templateIsCurrent(place)) return undefined;
  const building = `${place.dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  // Loaded here, not at the top: `npm start` checks the stamp on every run and needs no PGlite for it.
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create(building, pgliteOptions());
  const db = new Kysely({ dialect: new PGliteDialect(pglite) });
  let applied: string[];
  try {
    ({ applied } = await migrateToLatest(db, place.migrationsDir));
  } finally {
    await db.destroy();
    await pglite.close();
  }
  writeFileSync(path.join(building, STAMP_FILE), templateStamp(place));
  rmSync(place.dir, { recursive: true, force: true });
  renameSync(building, place.dir);
  return `${applied.length} migrations, in ${place.dir}`;
}

/**
 * Fills a data folder that holds no database yet from the current template. Returns false (and
 * touches nothing) when the folder already holds one or no current template exists.
 */
export function seedFromTemplate(dataDir: string, place: TemplatePlace = defaultTemplatePlace()): boolean {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return false;
  if (!templateIsCurrent(place)) return false;
  cpSync(place.dir, dataDir, { recursive: true, filter: (src) => path.basename(src) !== STAMP_FILE });
  return true;
}
