/** The knowledge-base store's own guards: two editors saving from the same version, and nothing half stored. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/accounts/audit.js';
import { FakeClock } from '../../../src/core/clock.js';
import { isAppError } from '../../../src/core/errors.js';
import { KbService } from '../../../src/kb/kb-service.js';
import { KbRepo } from '../../../src/store/kb/kb-repo.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';

describe('knowledge-base store', () => {
  let t: TestDb;
  let repo: KbRepo;
  let kb: KbService;
  const audit: AuditEntry[] = [];
  let n = 0;
  const editor = { userId: 'u-editor', canEdit: true };

  beforeAll(async () => {
    t = await createTestDb();
    repo = new KbRepo(t.db);
    kb = new KbService({ store: repo, audit: { record: async (e) => void audit.push(e) }, clock: new FakeClock(), newId: () => `id-${++n}` });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('given two editors who opened version 1 when both save then the second is refused with CONFLICT and stores nothing', async () => {
    const cat = await kb.createCategory({ name: 'C' }, editor);
    const made = await kb.create({ title: 'T', body: 'b', tags: [], categoryId: cat.id, language: 'en' }, editor);
    const seen = await repo.article(made.article.id);
    const second = { ...seen!, latestVersion: 2 };
    const v2 = { ...made.version, version: 2, title: 'second' };
    await kb.edit(made.article.id, { title: 'first', body: 'b', tags: [], categoryId: cat.id, language: 'en' }, editor);
    const before = audit.length;
    try {
      await repo.saveVersion(second, { version: v2, titleText: 'second', bodyText: '' }, false, { actorId: 'u', action: 'kb.article.edited', target: 'x', details: {} }, { record: async (e) => void audit.push(e) });
      expect.unreachable();
    } catch (err) {
      expect(isAppError(err, 'CONFLICT')).toBe(true);
    }
    expect(audit.length).toBe(before);
    expect((await repo.versions(made.article.id)).map((v) => v.title)).toEqual(['first', 'T']);
  });
});
