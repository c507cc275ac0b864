import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AgentInput } from '../../../../src/directory/model.js';
import { configFixture, insertUser, problemPaths, rejection, resetConfig, type ConfigFixture } from './fixtures.js';

let f: ConfigFixture;
beforeAll(async () => {
  f = await configFixture();
});
beforeEach(async () => {
  await resetConfig(f);
  await insertUser(f.db, 'u1');
  await insertUser(f.db, 'u2');
});
afterAll(async () => {
  await f.testDb.close();
});

function agent(overrides: Partial<AgentInput> = {}): AgentInput {
  return { userId: 'u1', number: '1001', displayName: 'Ada', phone: { mode: 'fixed', extension: '201' }, ...overrides };
}

describe('agents repository', () => {
  it('given a full agent when created then every field reads back with defaults filled', async () => {
    const skill = await f.repos.skills.create({ name: 'English' });
    const created = await f.repos.agents.create(agent({ skills: [{ skillId: skill.id, level: 7 }] }));
    expect(await f.repos.agents.get(created.id)).toEqual({
      id: created.id,
      userId: 'u1',
      number: '1001',
      displayName: 'Ada',
      teamId: null,
      skills: [{ skillId: skill.id, level: 7 }],
      phone: { mode: 'fixed', extension: '201' },
      chatCapacity: 3,
      enabled: true,
      createdAt: f.clock.now(),
      updatedAt: f.clock.now(),
    });
    expect(await f.repos.agents.findByUserId('u1')).toMatchObject({ id: created.id });
  });

  it('given a skill list with an unknown skill when created then the entry is named and nothing is stored', async () => {
    const skill = await f.repos.skills.create({ name: 'English' });
    const err = await rejection(
      f.repos.agents.create(agent({ skills: [{ skillId: skill.id, level: 3 }, { skillId: 'ghost', level: 3 }] })),
    );
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(problemPaths(err)).toEqual(['/skills/1/skillId']);
    expect((await f.repos.agents.list()).total).toBe(0);
    expect(await f.db.selectFrom('agent_skills').selectAll().execute()).toEqual([]);
  });

  it('given a taken agent number or user when created then CONFLICT names the field', async () => {
    await f.repos.agents.create(agent());
    expect((await rejection(f.repos.agents.create(agent({ userId: 'u2' })))).details).toMatchObject({ field: '/number' });
    expect((await rejection(f.repos.agents.create(agent({ number: '1002' })))).details).toMatchObject({ field: '/userId' });
  });

  it('given an unknown user or team then VALIDATION_FAILED names it', async () => {
    expect(problemPaths(await rejection(f.repos.agents.create(agent({ userId: 'ghost' }))))).toEqual(['/userId']);
    expect(problemPaths(await rejection(f.repos.agents.create(agent({ teamId: 'ghost' }))))).toEqual(['/teamId']);
  });

  it('given an update that fails on its second skill then the agent and its skills are unchanged', async () => {
    const en = await f.repos.skills.create({ name: 'English' });
    const created = await f.repos.agents.create(agent({ skills: [{ skillId: en.id, level: 4 }] }));
    const err = await rejection(
      f.repos.agents.update(created.id, agent({ displayName: 'Changed', skills: [{ skillId: en.id, level: 9 }, { skillId: 'ghost', level: 1 }] })),
    );
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(await f.repos.agents.get(created.id)).toMatchObject({ displayName: 'Ada', skills: [{ skillId: en.id, level: 4 }] });
  });

  it('given an update when it succeeds then skills and the phone binding are replaced', async () => {
    const [en, fr] = [await f.repos.skills.create({ name: 'English' }), await f.repos.skills.create({ name: 'French' })];
    const created = await f.repos.agents.create(agent({ skills: [{ skillId: en.id, level: 4 }] }));
    f.clock.advance(60_000);
    const updated = await f.repos.agents.update(
      created.id,
      agent({ phone: { mode: 'chosen_at_login' }, skills: [{ skillId: fr.id, level: 2 }], chatCapacity: 5, enabled: false }),
    );
    expect(updated).toMatchObject({ phone: { mode: 'chosen_at_login' }, skills: [{ skillId: fr.id, level: 2 }], chatCapacity: 5, enabled: false });
    expect(updated.updatedAt).not.toBe(updated.createdAt);
  });

  it('given a browser phone binding when saved and read back then it keeps its extension, and a name a PBX could not take is refused', async () => {
    const created = await f.repos.agents.create(agent({ phone: { mode: 'browser', extension: 'web-agent1' } }));
    expect((await f.repos.agents.get(created.id)).phone).toEqual({ mode: 'browser', extension: 'web-agent1' });
    const err = await rejection(f.repos.agents.update(created.id, agent({ phone: { mode: 'browser', extension: 'web agent;1' } })));
    expect(problemPaths(err)).toEqual(['/phone/extension']);
    expect((await f.repos.agents.get(created.id)).phone).toEqual({ mode: 'browser', extension: 'web-agent1' });
  });

  it('given agents in teams with skills when filtered then only matches are listed', async () => {
    const team = await f.repos.teams.create({ name: 'Sales' });
    const fr = await f.repos.skills.create({ name: 'French' });
    const a = await f.repos.agents.create(agent({ teamId: team.id, skills: [{ skillId: fr.id, level: 1 }] }));
    await f.repos.agents.create(agent({ userId: 'u2', number: '1002', displayName: 'Bob', enabled: false }));
    expect((await f.repos.agents.list({ teamId: team.id })).items.map((x) => x.id)).toEqual([a.id]);
    expect((await f.repos.agents.list({ skillId: fr.id })).items.map((x) => x.id)).toEqual([a.id]);
    expect((await f.repos.agents.list({ enabled: false })).items.map((x) => x.displayName)).toEqual(['Bob']);
    expect((await f.repos.agents.list({ q: 'bo' })).total).toBe(1);
  });

  it('given an unknown agent when updated or deleted then NOT_FOUND before any input check', async () => {
    expect((await rejection(f.repos.agents.update('ghost', agent({ userId: 'nobody' })))).code).toBe('NOT_FOUND');
    expect((await rejection(f.repos.agents.delete('ghost'))).code).toBe('NOT_FOUND');
  });
});
