/**
 * sql/111 turns a leave-a-message template's name into { en, zh }. A center that stored templates
 * before it must keep them: the old name becomes both words until an admin gives the Chinese one.
 * The test puts the column back in its old shape, stores a template as before, runs the
 * migration's own text, and reads the template through the repository.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaveMessageRepo } from '../../../src/store/tickets/leave-message-repo.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';

const MIGRATION = path.resolve(import.meta.dirname, '../../../sql/111_leave_template_names_bilingual.sql');

describe('sql/111 leave-a-message template names in both languages', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.close();
  });

  it('given a template stored with a one-language name when the migration runs then the name is kept as both its English and Chinese words', async () => {
    await sql`alter table leave_message_templates alter column name type text using name->>'en'`.execute(t.db);
    const fields = [{ name: 'message', label: { en: 'Message', zh: '留言' }, kind: 'long_text', required: true }];
    await sql`insert into leave_message_templates (id, channel, business_line, name, fields, enabled, created_at, updated_at)
              values ('tpl-old', 'web', 'after_sales', 'After-sales', ${JSON.stringify(fields)}::jsonb, true, now(), now())`.execute(t.db);

    await sql.raw(await readFile(MIGRATION, 'utf8')).execute(t.db);

    const stored = await new LeaveMessageRepo(t.db).template('tpl-old');
    expect(stored).toMatchObject({ id: 'tpl-old', name: { en: 'After-sales', zh: 'After-sales' }, fields });
  });
});
