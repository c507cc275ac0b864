import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../src/accounts/password.js';
import { runCli } from '../../../src/cli/main.js';
import type { CliIo } from '../../../src/cli/io.js';
import { DEMO_AGENTS, seedDemo } from '../../../src/cli/seed-demo.js';
import { isAppError } from '../../../src/core/errors.js';
import { FsFlowFiles } from '../../../src/ivr/files/fs-flow-files.js';
import type { FlowProblem } from '../../../src/ivr/flow.js';
import { validateFlowSource } from '../../../src/ivr/validator.js';
import { KyselyUserRepository } from '../../../src/store/accounts/users-repo.js';
import { createConfigRepos } from '../../../src/store/config/index.js';
import { createDatabase } from '../../../src/store/db.js';
import { IvrConfigLookup } from '../../../src/store/ivr/config-lookup.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';

const EXAMPLES = path.resolve('ivr-flows');

/** Every flow of the folder through the daemon's validator, against the database's queues and calendars. */
async function problemsOf(db: TestDb['db'], dir: string): Promise<Map<string, FlowProblem[]>> {
  const files = new FsFlowFiles(dir);
  const names = await files.list();
  const lookup = new IvrConfigLookup(db);
  const out = new Map<string, FlowProblem[]>();
  for (const name of names) {
    const source = (await files.read(name)) as string;
    const checked = await validateFlowSource(source, files.fileOf(name), name, {
      references: lookup,
      fileExists: (p) => files.fileExists(p),
      flowExists: (n) => names.includes(n),
    });
    out.set(name, checked.problems);
  }
  return out;
}

/** Everything seed-demo could touch, as stored, to prove a run changed nothing. */
async function snapshot(db: TestDb['db']): Promise<string> {
  const tables = ['calendars', 'skills', 'teams', 'users', 'agents', 'agent_skills', 'queues', 'queue_members', 'queue_skills'] as const;
  const out: Record<string, string[]> = {};
  const text = (row: unknown) => JSON.stringify(row, (_k, v: unknown) => (v instanceof Date ? v.toISOString() : v));
  // Rows come in no promised order; sorting their text compares content only.
  for (const t of tables) out[t] = (await db.selectFrom(t).selectAll().execute()).map(text).sort();
  return JSON.stringify(out);
}

describe('switchboard seed-demo', { timeout: 60_000 }, () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(async () => {
    await t.close();
  });

  it('given a fresh database when seeded then every example flow validates with no problems', async () => {
    const before = await problemsOf(t.db, EXAMPLES);
    expect([...before.values()].flat().map((p) => p.reason)).toContain('queue "sales" is not configured');

    const result = await seedDemo({ db: t.db, flowsDir: EXAMPLES });

    const after = await problemsOf(t.db, EXAMPLES);
    expect([...after.keys()].sort()).toEqual(['after-hours', 'main', 'order-status', 'survey', 'vip-routing']);
    for (const [name, problems] of after) expect({ name, problems }).toEqual({ name, problems: [] });
    expect(result.warnings).toEqual([]);
    expect(result.created).toEqual(
      expect.arrayContaining(['calendar office-hours', 'queue sales', 'queue support', 'queue billing', 'queue vip', 'skill english', 'skill orders', 'skill vip', 'team Demo team', 'user agent1', 'user agent2', 'user supervisor', 'agent 1001', 'agent 1002']),
    );
  });

  it('given a fresh database when seeded then queues, calendar, agents and users carry the demo settings', async () => {
    const result = await seedDemo({ db: t.db, flowsDir: EXAMPLES });
    const repos = createConfigRepos({ db: t.db });

    const cal = (await repos.calendars.list({ q: 'office-hours' })).items[0];
    expect(cal).toMatchObject({ timeZone: 'Europe/Berlin', holidays: [] });
    const hours = [{ start: '08:00', end: '18:00' }];
    expect(cal?.weekly).toEqual({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });

    const agents = await Promise.all(DEMO_AGENTS.map((a) => repos.agents.findByNumber(a.number)));
    expect(agents.map((a) => a?.phone)).toEqual([{ mode: 'fixed', extension: 'agent1' }, { mode: 'fixed', extension: 'agent2' }]);
    const team = (await repos.teams.list({ q: 'Demo team' })).items[0];
    expect(agents.every((a) => a?.teamId === team?.id && a?.skills.length === 3)).toBe(true);

    const queues = (await repos.queues.list({ limit: 100 })).items;
    expect(queues.map((q) => q.name).sort()).toEqual(['billing', 'sales', 'support', 'vip']);
    for (const q of queues) {
      expect(q).toMatchObject({ media: 'voice', strategy: 'longest_idle', wrapUpSeconds: 30, noAnswerTimeoutSeconds: 20, maxWaitAction: 'voicemail' });
      expect(q.maxWaitSeconds).toBeGreaterThan(0);
      expect(q.members.map((m) => m.agentId)).toEqual(agents.map((a) => a?.id));
    }

    const userRepo = new KyselyUserRepository(t.db);
    expect(result.passwords.map((p) => p.username)).toEqual(['agent1', 'agent2', 'supervisor']);
    for (const { username, password } of result.passwords) {
      const user = await userRepo.findByUsername(username);
      expect(await verifyPassword(password, user?.passwordHash ?? '')).toBe(true);
    }
    expect((await userRepo.findByUsername('agent1'))?.roles).toEqual(['agent']);
    expect((await userRepo.findByUsername('supervisor'))?.roles).toEqual(['supervisor']);
    expect(agents[0]?.userId).toBe((await userRepo.findByUsername('agent1'))?.id);
  });

  it('given a seeded database when seeded again then nothing changes and no password is made', async () => {
    await seedDemo({ db: t.db, flowsDir: EXAMPLES });
    const before = await snapshot(t.db);
    const second = await seedDemo({ db: t.db, flowsDir: EXAMPLES });
    expect(second.created).toEqual([]);
    expect(second.passwords).toEqual([]);
    expect(second.kept).toContain('queue support');
    expect(await snapshot(t.db)).toBe(before);
  });

  it('given an existing queue of a demo name with other settings when seeded then it is refused and nothing is written', async () => {
    const repos = createConfigRepos({ db: t.db });
    const mine = await repos.queues.create({ name: 'Support', media: 'voice', strategy: 'round_robin', wrapUpSeconds: 0 });
    const before = await snapshot(t.db);

    const err = await seedDemo({ db: t.db, flowsDir: EXAMPLES }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAppError(err) && err.code).toBe('CONFLICT');
    const problems = (isAppError(err) ? (err.details as { problems: { where: string; reason: string }[] }).problems : []);
    const support = problems.find((p) => p.where === 'queue "support"');
    expect(support?.reason).toContain('strategy is "round_robin", the demo wants "longest_idle"');
    expect(await repos.queues.get(mine.id)).toEqual(mine);
    expect(await snapshot(t.db)).toBe(before);
  });

  it('given an existing user agent1 with another role when seeded then it is refused', async () => {
    const users = new KyselyUserRepository(t.db);
    await users.insert({ id: 'u-x', username: 'agent1', displayName: 'Demo Agent 1', roles: ['admin'], passwordHash: 'x', at: 0 });
    const err = await seedDemo({ db: t.db, flowsDir: EXAMPLES }).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('CONFLICT');
    const problems = isAppError(err) ? (err.details as { problems: { where: string; reason: string }[] }).problems : [];
    expect(problems.find((p) => p.where === 'user "agent1"')?.reason).toContain('roles is ["admin"], the demo wants ["agent"]');
    expect((await createConfigRepos({ db: t.db }).queues.list()).total).toBe(0);
    expect((await users.findByUsername('agent1'))?.roles).toEqual(['admin']);
  });

  describe('with a flows folder of its own', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'sb-seed-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('given a flow naming another queue, skill and calendar when seeded then those are what is created', async () => {
      await writeFile(
        path.join(dir, 'returns.yaml'),
        [
          'timezone: America/New_York',
          'start: hours',
          'nodes:',
          '  hours: { type: hours, calendar: returns-hours, open: q, closed: bye }',
          '  q: { type: queue, queue: Returns, skills: [spanish] }',
          '  bye: { type: hangup }',
        ].join('\n'),
      );
      const result = await seedDemo({ db: t.db, flowsDir: dir });
      expect(result.created.filter((c) => !/^(user|agent|team) /.test(c)).sort()).toEqual(['calendar returns-hours', 'queue Returns', 'skill spanish']);
      const cal = (await createConfigRepos({ db: t.db }).calendars.list()).items[0];
      expect(cal?.timeZone).toBe('America/New_York');
      expect([...(await problemsOf(t.db, dir)).values()].flat()).toEqual([]);
    });

    it('given two flows using one calendar in different time zones when seeded then it is refused before writing', async () => {
      const flow = (tz: string) => `timezone: ${tz}\nstart: h\nnodes:\n  h: { type: hours, calendar: office-hours, open: b, closed: b }\n  b: { type: hangup }\n`;
      await writeFile(path.join(dir, 'a.yaml'), flow('Europe/Berlin'));
      await writeFile(path.join(dir, 'b.yaml'), flow('Europe/London'));
      const err = await seedDemo({ db: t.db, flowsDir: dir }).catch((e: unknown) => e);
      expect(isAppError(err) && err.message).toContain('different time zones');
      expect((await createConfigRepos({ db: t.db }).calendars.list()).total).toBe(0);
    });
  });
});

// The command itself opens the configured store (on-disk PGlite here, whatever DATABASE_URL the tests have).
describe('switchboard seed-demo command', { timeout: 180_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sb-seed-cli-'));
    await cp(EXAMPLES, path.join(dir, 'flows'), { recursive: true });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function capture(): { io: CliIo; out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    const env = { SWITCHBOARD_DATA_DIR: dir, SWITCHBOARD_IVR_FLOWS_DIR: path.join(dir, 'flows') };
    return { io: { env, out: (l) => void out.push(l), err: (l) => void err.push(l), readStdin: async () => '' }, out, err };
  }

  it('given a fresh data folder when run twice then the first prints each password once and the second says nothing changed', async () => {
    const first = capture();
    expect(await runCli(['seed-demo'], first.io)).toBe(0);
    const text = first.out.join('\n');
    expect(text).toContain('Created queue sales.');
    for (const u of ['agent1', 'agent2', 'supervisor']) expect(text.match(new RegExp(`password for ${u} `, 'g'))).toHaveLength(1);
    expect(first.err).toEqual([]);

    const second = capture();
    expect(await runCli(['seed-demo'], second.io)).toBe(0);
    expect(second.out.join('\n')).toContain('already in place: nothing changed');
    expect(second.out.join('\n')).not.toContain('password for');
    expect(await readFile(path.join(dir, 'flows', 'main.yaml'), 'utf8')).toContain('queue: sales');
  });

  it('given the demo queue sales changed by an admin when run then it exits 1 naming the difference and keeps the change', async () => {
    expect(await runCli(['seed-demo'], capture().io)).toBe(0);
    const h = await createDatabase({ pgliteDir: path.join(dir, 'pglite') });
    try {
      const queues = createConfigRepos({ db: h.db }).queues;
      const sales = (await queues.list({ q: 'sales' })).items[0];
      if (!sales) throw new Error('seed-demo made no queue sales');
      await queues.update(sales.id, { ...sales, wrapUpSeconds: 0 });
    } finally {
      await h.close();
    }
    const refused = capture();
    expect(await runCli(['seed-demo'], refused.io)).toBe(1);
    expect(refused.err.join('\n')).toContain('queue "sales": exists with other settings: wrapUpSeconds is 0, the demo wants 30');
    expect(refused.out).toEqual([]);
    const after = await createDatabase({ pgliteDir: path.join(dir, 'pglite') });
    try {
      expect((await createConfigRepos({ db: after.db }).queues.list({ q: 'sales' })).items[0]?.wrapUpSeconds).toBe(0);
    } finally {
      await after.close();
    }
  });

  it('given an extra argument then usage and exit 2', async () => {
    const bad = capture();
    expect(await runCli(['seed-demo', 'now'], bad.io)).toBe(2);
    expect(bad.err.join('\n')).toContain('seed-demo takes no arguments');
  });
});
