import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { AgentsTable } from '../tables/config.js';
import { notFound, withConstraints, type ConstraintMeaning } from './db-errors.js';
import { DEFAULT_CHAT_CAPACITY, requireAgentShape } from '../../directory/agent-rules.js';
import type { Agent, AgentInput, PhoneBinding } from '../../directory/model.js';
import { likePattern } from './like-pattern.js';
import { pageBounds, type Page } from '../../core/paging.js';
import { requireDistinct, requireExisting, requireRow } from './references.js';
import { epochMs, resolveDeps, type RepoDeps, type ResolvedRepoDeps, inTransaction } from './repo-deps.js';
import type { AgentFilter, AgentRepository } from '../../directory/ports.js';

const CONSTRAINTS: Record<string, ConstraintMeaning> = {
  agents_number: { field: '/number', kind: 'duplicate' },
  agents_user: { field: '/userId', kind: 'duplicate' },
  agents_user_id_fkey: { field: '/userId', kind: 'unknown_reference' },
  agents_team_id_fkey: { field: '/teamId', kind: 'unknown_reference' },
  agent_skills_skill_id_fkey: { field: '/skills', kind: 'unknown_reference' },
};

type Row = Omit<AgentsTable, 'created_at' | 'updated_at'> & { created_at: Date; updated_at: Date };

async function hydrate(db: Kysely<Database>, rows: Row[]): Promise<Agent[]> {
  if (rows.length === 0) return [];
  const skills = await db
    .selectFrom('agent_skills')
    .select(['agent_id', 'skill_id', 'level'])
    .where(
      'agent_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('skill_id')
    .execute();
  return rows.map((r) => {
    const phone: PhoneBinding =
      r.phone_mode === 'fixed' || r.phone_mode === 'browser' ? { mode: r.phone_mode, extension: r.phone_extension ?? '' } : { mode: 'chosen_at_login' };
    return {
      id: r.id,
      userId: r.user_id,
      number: r.number,
      displayName: r.display_name,
      teamId: r.team_id,
      skills: skills.filter((s) => s.agent_id === r.id).map((s) => ({ skillId: s.skill_id, level: s.level })),
      phone,
      chatCapacity: r.chat_capacity,
      enabled: r.enabled,
      createdAt: epochMs(r.created_at),
      updatedAt: epochMs(r.updated_at),
    };
  });
}

async function checkInput(db: Kysely<Database>, input: AgentInput): Promise<void> {
  requireAgentShape(input);
  const skills = input.skills ?? [];
  requireDistinct(skills, (s) => s.skillId, (i) => `/skills/${i}/skillId`);
  await requireExisting(db, 'users', [{ where: '/userId', id: input.userId }], 'user');
  if (input.teamId) await requireExisting(db, 'teams', [{ where: '/teamId', id: input.teamId }], 'team');
  await requireExisting(db, 'skills', skills.map((s, i) => ({ where: `/skills/${i}/skillId`, id: s.skillId })), 'skill');
}

function columns(input: AgentInput) {
  return {
    user_id: input.userId,
    number: input.number.trim(),
    display_name: input.displayName.trim(),
    team_id: input.teamId ?? null,
    phone_mode: input.phone.mode,
    phone_extension: input.phone.mode === 'fixed' || input.phone.mode === 'browser' ? input.phone.extension.trim() : null,
    chat_capacity: input.chatCapacity ?? DEFAULT_CHAT_CAPACITY,
    enabled: input.enabled ?? true,
  };
}

export class AgentsRepo implements AgentRepository {
  private readonly deps: ResolvedRepoDeps;
  constructor(deps: RepoDeps) {
    this.deps = resolveDeps(deps);
  }

  async list(filter: AgentFilter = {}): Promise<Page<Agent>> {
    const { limit, offset } = pageBounds(filter);
    const text = filter.q?.trim().toLowerCase();
    const { teamId, skillId, enabled } = filter;
    let q = this.deps.db.selectFrom('agents');
    if (text) {
      const pattern = likePattern(text);
      q = q.where((eb) =>
        eb.or([eb(eb.fn('lower', ['display_name']), 'like', pattern), eb(eb.fn('lower', ['number']), 'like', pattern)]),
      );
    }
    if (teamId) q = q.where('team_id', '=', teamId);
    if (enabled !== undefined) q = q.where('enabled', '=', enabled);
    if (skillId) {
      q = q.where('id', 'in', (eb) => eb.selectFrom('agent_skills').select('agent_id').where('skill_id', '=', skillId));
    }
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy('number').orderBy('id').limit(limit).offset(offset).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: await hydrate(this.deps.db, rows), total: Number(count.n), limit, offset };
  }

  async find(id: string): Promise<Agent | undefined> {
    const row = await this.deps.db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? (await hydrate(this.deps.db, [row]))[0] : undefined;
  }

  async get(id: string): Promise<Agent> {
    const agent = await this.find(id);
    if (!agent) throw notFound('agent', id);
    return agent;
  }

  /** The agent profile of a user, if the user is an agent (login, principal resolution). */
  async findByUserId(userId: string): Promise<Agent | undefined> {
    const row = await this.deps.db.selectFrom('agents').selectAll().where('user_id', '=', userId).executeTakeFirst();
    return row ? (await hydrate(this.deps.db, [row]))[0] : undefined;
  }

  async findByNumber(number: string): Promise<Agent | undefined> {
    const row = await this.deps.db.selectFrom('agents').selectAll().where('number', '=', number).executeTakeFirst();
    return row ? (await hydrate(this.deps.db, [row]))[0] : undefined;
  }

  async create(input: AgentInput): Promise<Agent> {
    const id = this.deps.newId();
    const now = new Date(this.deps.clock.now());
    await withConstraints(CONSTRAINTS, () =>
      inTransaction(this.deps.db, async (trx) => {
        await checkInput(trx, input);
        await trx.insertInto('agents').values({ id, ...columns(input), created_at: now, updated_at: now }).execute();
        await writeSkills(trx, id, input);
      }),
    );
    return this.get(id);
  }

  async update(id: string, input: AgentInput): Promise<Agent> {
    await withConstraints(CONSTRAINTS, () =>
      inTransaction(this.deps.db, async (trx) => {
        await requireRow(trx, 'agents', id, 'agent');
        await checkInput(trx, input);
        const res = await trx
          .updateTable('agents')
          .set({ ...columns(input), updated_at: new Date(this.deps.clock.now()) })
          .where('id', '=', id)
          .executeTakeFirst();
        if (res.numUpdatedRows === 0n) throw notFound('agent', id);
        await trx.deleteFrom('agent_skills').where('agent_id', '=', id).execute();
        await writeSkills(trx, id, input);
      }),
    );
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    const res = await withConstraints(
      CONSTRAINTS,
      () => this.deps.db.deleteFrom('agents').where('id', '=', id).executeTakeFirst(),
      true,
    );
    if (res.numDeletedRows === 0n) throw notFound('agent', id);
  }
}

async function writeSkills(trx: Kysely<Database>, agentId: string, input: AgentInput): Promise<void> {
  const skills = input.skills ?? [];
  if (skills.length === 0) return;
  await trx
    .insertInto('agent_skills')
    .values(skills.map((s) => ({ agent_id: agentId, skill_id: s.skillId, level: s.level })))
    .execute();
}
