import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../../src/store/db.js';
import { migrateToLatest } from '../../../src/store/migrations.js';
import { ensurePgliteTemplate, seedFromTemplate, type TemplatePlace } from '../../../src/store/pglite-template.js';

describe('embedded database template', () => {
  let work: string;
  let place: TemplatePlace;
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'sb-template-'));
    const migrationsDir = path.join(work, 'sql');
    await mkdir(migrationsDir);
    await writeFile(path.join(migrationsDir, '001_things.sql'), 'create table things (id int primary key);');
    place = { root: path.resolve(import.meta.dirname, '../../..'), dir: path.join(work, 'template'), migrationsDir };
    await ensurePgliteTemplate(place);
  }, 180_000);
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('given a current template, when it is ensured again, then nothing is rebuilt', async () => {
    expect(await ensurePgliteTemplate(place)).toBeUndefined();
  });

  it('given a fresh data folder, when the database opens, then it starts from the template with every migration applied', async () => {
    const dir = path.join(work, 'fresh');
    const handle = await createDatabase({ pgliteDir: dir, pgliteTemplate: place });
    try {
      expect(existsSync(path.join(dir, 'PG_VERSION'))).toBe(true);
      const { applied } = await migrateToLatest(handle.db, place.migrationsDir);
      expect(applied).toEqual([]);
      const rows = await sql<{ n: number }>`select count(*)::int as n from things`.execute(handle.db);
      expect(rows.rows[0]?.n).toBe(0);
    } finally {
      await handle.close();
    }
  }, 120_000);

  it('given a data folder that already holds a database, when seeded, then it is left alone', () => {
    expect(seedFromTemplate(path.join(work, 'fresh'), place)).toBe(false);
  });

  it('given the migrations changed after the template was made, when a fresh folder is seeded, then the template is not used', async () => {
    await writeFile(path.join(place.migrationsDir, '002_more.sql'), 'create table more_things (id int primary key);');
    const dir = path.join(work, 'after-change');
    await mkdir(dir);
    expect(seedFromTemplate(dir, place)).toBe(false);
    expect(existsSync(path.join(dir, 'PG_VERSION'))).toBe(false);
  });
});
