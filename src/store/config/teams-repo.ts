import type { Kysely } from 'kysely';
import { validationError } from '../../core/errors.js';
import type { Database } from '../schema.js';
import type { TeamsTable } from '../tables/config.js';
import { notFound, withConstraints, type ConstraintMeaning } from './db-errors.js';
import type { Team, TeamInput } from '../../directory/model.js';
import { likePattern } from './like-pattern.js';
import { pageBounds, type Page } from '../../core/paging.js';
import { requireDistinct, requireExisting, requireRow } from './references.js';
import { epochMs, resolveDeps, type RepoDeps, type ResolvedRepoDeps, inTransaction } from './repo-deps.js';
import type { TeamFilter, TeamRepository } from '../../directory/ports.js';

const CONSTRAINTS: Record<string, ConstraintMeaning> = {
  teams_name_lower: { field: '/name', kind: 'duplicate' },
  team_leads_user_id_fkey: { field: '/leadUserIds', kind: 'unknown_reference' },
};

async function hydrate(db: Kysely<Database>, rows: TeamsTable[]): Promise<Team[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [leads, members] = await Promise.all([
    db.selectFrom('team_leads').select(['team_id', 'user_id']).where('team_id', 'in', ids).orderBy('user_id').execute(),
    db.selectFrom('agents').select(['team_id', 'id']).where('team_id', 'in', ids).orderBy('number').execute(),
  ]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    leadUserIds: leads.filter((l) => l.team_id === r.id).map((l) => l.user_id),
    memberAgentIds: members.filter((m) => m.team_id === r.id).map((m) => m.id),
    createdAt: epochMs(r.created_at),
    updatedAt: epochMs(r.updated_at),
  }));
}

async function checkInput(db: Kysely<Database>, input: TeamInput): Promise<string[]> {
  if (input.name.trim() === '') throw validationError([{ where: '/name', reason: 'must not be blank' }]);
  const leads = input.leadUserIds ?? [];
  requireDistinct(leads, (id) => id, (i) => `/leadUserIds/${i}`);
  await requireExisting(db, 'users', leads.map((id, i) => ({ where: `/leadUserIds/${i}`, id })), 'user');
  return leads;
}

export class TeamsRepo implements TeamRepository {
  private readonly deps: ResolvedRepoDeps;
  constructor(deps: RepoDeps) {
    this.deps = resolveDeps(deps);
  }

  async list(filter: TeamFilter = {}): Promise<Page<Team>> {
    const { limit, offset } = pageBounds(filter);
    const text = filter.q?.trim().toLowerCase();
    const lead = filter.leadUserId;
    let q = this.deps.db.selectFrom('teams');
    if (text) q = q.where((eb) => eb(eb.fn('lower', ['name']), 'like', likePattern(text)));
    if (lead) {
      q = q.where('id', 'in', (eb) => eb.selectFrom('team_leads').select('team_id').where('user_id', '=', lead));
    }
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy('name').orderBy('id').limit(limit).offset(offset).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: await hydrate(this.deps.db, rows), total: Number(count.n), limit, offset };
  }

  async find(id: string): Promise<Team | undefined> {
    const row = await this.deps.db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? (await hydrate(this.deps.db, [row]))[0] : undefined;
  }

  async get(id: string): Promise<Team> {
    const team = await this.find(id);
    if (!team) throw notFound('team', id);
    return team;
  }

  async create(input: TeamInput): Promise<Team> {
    const id = this.deps.newId();
    const now = new Date(this.deps.clock.now());
    await withConstraints(CONSTRAINTS, () =>
      inTransaction(this.deps.db, async (trx) => {
        const leads = await checkInput(trx, input);
        await trx.insertInto('teams').values({ id, name: input.name.trim(), created_at: now, updated_at: now }).execute();
        if (leads.length > 0) {
          await trx.insertInto('team_leads').values(leads.map((user_id) => ({ team_id: id, user_id }))).execute();
        }
      }),
    );
    return this.get(id);
  }

  async update(id: string, input: TeamInput): Promise<Team> {
    await withConstraints(CONSTRAINTS, () =>
      inTransaction(this.deps.db, async (trx) => {
        await requireRow(trx, 'teams', id, 'team');
        const leads = await checkInput(trx, input);
        const res = await trx
          .updateTable('teams')
          .set({ name: input.name.trim(), updated_at: new Date(this.deps.clock.now()) })
          .where('id', '=', id)
          .executeTakeFirst();
        if (res.numUpdatedRows === 0n) throw notFound('team', id);
        await trx.deleteFrom('team_leads').where('team_id', '=', id).execute();
        if (leads.length > 0) {
          await trx.insertInto('team_leads').values(leads.map((user_id) => ({ team_id: id, user_id }))).execute();
        }
      }),
    );
    return this.get(id);
  }

  /** Agents of a deleted team stay, without a team. */
  async delete(id: string): Promise<void> {
    const res = await withConstraints(
      CONSTRAINTS,
      () => this.deps.db.deleteFrom('teams').where('id', '=', id).executeTakeFirst(),
      true,
    );
    if (res.numDeletedRows === 0n) throw notFound('team', id);
  }
}
