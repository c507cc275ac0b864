import { describe, expect, it } from 'vitest';
import { ConfigPrincipalLinks } from '../../../../src/store/config/index.js';
import { insertUser, problemPaths, rejection, useConfigFixture } from './fixtures.js';

const f = useConfigFixture();

describe('skills repository', () => {
  it('given skills when listed with a filter and a page then only the page of matches comes back with the total', async () => {
    for (const name of ['English', 'French', 'Billing', 'Frisian']) await f.repos.skills.create({ name });
    const page = await f.repos.skills.list({ q: 'fr', limit: 1, offset: 1 });
    expect(page.total).toBe(2);
    expect(page.items.map((s) => s.name)).toEqual(['Frisian']);
    expect(page).toMatchObject({ limit: 1, offset: 1 });
  });

  it('given a skill name in another case when created then CONFLICT names /name', async () => {
    await f.repos.skills.create({ name: 'Billing' });
    const err = await rejection(f.repos.skills.create({ name: 'billing' }));
    expect(err.code).toBe('CONFLICT');
    expect(err.details).toMatchObject({ field: '/name' });
  });

  it('given an unknown id when read, updated or deleted then NOT_FOUND', async () => {
    expect((await rejection(f.repos.skills.get('nope'))).code).toBe('NOT_FOUND');
    expect((await rejection(f.repos.skills.update('nope', { name: 'x' }))).code).toBe('NOT_FOUND');
    expect((await rejection(f.repos.skills.delete('nope'))).code).toBe('NOT_FOUND');
  });

  it('given a skill an agent holds when deleted then CONFLICT and the skill stays', async () => {
    const skill = await f.repos.skills.create({ name: 'Spanish', description: 'es' });
    await insertUser(f.db, 'u1');
    await f.repos.agents.create({ userId: 'u1', number: '100', displayName: 'A', phone: { mode: 'chosen_at_login' }, skills: [{ skillId: skill.id, level: 5 }] });
    expect((await rejection(f.repos.skills.delete(skill.id))).code).toBe('CONFLICT');
    expect(await f.repos.skills.get(skill.id)).toMatchObject({ name: 'Spanish', description: 'es' });
  });
});

describe('teams repository', () => {
  it('given leads and member agents when read then both lists come back', async () => {
    await insertUser(f.db, 'lead');
    await insertUser(f.db, 'u1');
    const team = await f.repos.teams.create({ name: 'Support', leadUserIds: ['lead'] });
    const agent = await f.repos.agents.create({ userId: 'u1', number: '1', displayName: 'A', teamId: team.id, phone: { mode: 'chosen_at_login' } });
    expect(await f.repos.teams.get(team.id)).toMatchObject({ name: 'Support', leadUserIds: ['lead'], memberAgentIds: [agent.id] });
    expect((await f.repos.teams.list({ leadUserId: 'lead' })).items.map((t) => t.id)).toEqual([team.id]);
  });

  it('given an unknown lead when updating then VALIDATION_FAILED names it and the old leads stay', async () => {
    await insertUser(f.db, 'lead');
    const team = await f.repos.teams.create({ name: 'Support', leadUserIds: ['lead'] });
    const err = await rejection(f.repos.teams.update(team.id, { name: 'Renamed', leadUserIds: ['lead', 'ghost'] }));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(problemPaths(err)).toEqual(['/leadUserIds/1']);
    expect(await f.repos.teams.get(team.id)).toMatchObject({ name: 'Support', leadUserIds: ['lead'] });
  });

  it('given a team with agents when deleted then the agents stay without a team', async () => {
    await insertUser(f.db, 'u1');
    const team = await f.repos.teams.create({ name: 'Night' });
    const agent = await f.repos.agents.create({ userId: 'u1', number: '1', displayName: 'A', teamId: team.id, phone: { mode: 'chosen_at_login' } });
    await f.repos.teams.delete(team.id);
    expect((await f.repos.agents.get(agent.id)).teamId).toBeNull();
  });
});

describe('principal links', () => {
  it('given a user who is an agent and leads two teams then both links resolve; a plain user has none', async () => {
    await insertUser(f.db, 'lead');
    await insertUser(f.db, 'plain');
    const [a, b] = [await f.repos.teams.create({ name: 'A', leadUserIds: ['lead'] }), await f.repos.teams.create({ name: 'B', leadUserIds: ['lead'] })];
    const agent = await f.repos.agents.create({ userId: 'lead', number: '9', displayName: 'L', phone: { mode: 'chosen_at_login' } });
    const links = new ConfigPrincipalLinks(f.db);
    expect(await links.linksFor('lead')).toEqual({ agentId: agent.id, ledTeamIds: [a.id, b.id].sort() });
    expect(await links.linksFor('plain')).toEqual({ ledTeamIds: [] });
    const many = await links.linksForMany(['lead', 'plain', 'nobody']);
    expect(Object.fromEntries(many)).toEqual({ lead: await links.linksFor('lead'), plain: { ledTeamIds: [] }, nobody: { ledTeamIds: [] } });
  });
});
