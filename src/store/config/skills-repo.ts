import { validationError } from '../../core/errors.js';
import type { SkillsTable } from '../tables/config.js';
import { notFound, withConstraints, type ConstraintMeaning } from './db-errors.js';
import type { Skill, SkillInput } from '../../directory/model.js';
import { likePattern } from './like-pattern.js';
import { pageBounds, type Page } from '../../core/paging.js';
import { epochMs, resolveDeps, type RepoDeps, type ResolvedRepoDeps } from './repo-deps.js';
import type { SkillFilter, SkillRepository } from '../../directory/ports.js';

const CONSTRAINTS: Record<string, ConstraintMeaning> = {
  skills_name_lower: { field: '/name', kind: 'duplicate' },
  agent_skills_skill_id_fkey: { field: 'agents', kind: 'in_use' },
  queue_skills_skill_id_fkey: { field: 'queues', kind: 'in_use' },
};

function toSkill(row: SkillsTable): Skill {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: epochMs(row.created_at),
    updatedAt: epochMs(row.updated_at),
  };
}

function checkName(input: SkillInput): void {
  if (input.name.trim() === '') throw validationError([{ where: '/name', reason: 'must not be blank' }]);
}

export class SkillsRepo implements SkillRepository {
  private readonly deps: ResolvedRepoDeps;
  constructor(deps: RepoDeps) {
    this.deps = resolveDeps(deps);
  }

  async list(filter: SkillFilter = {}): Promise<Page<Skill>> {
    const { limit, offset } = pageBounds(filter);
    const text = filter.q?.trim().toLowerCase();
    let q = this.deps.db.selectFrom('skills');
    if (text) q = q.where((eb) => eb(eb.fn('lower', ['name']), 'like', likePattern(text)));
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy('name').orderBy('id').limit(limit).offset(offset).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toSkill), total: Number(count.n), limit, offset };
  }

  async find(id: string): Promise<Skill | undefined> {
    const row = await this.deps.db.selectFrom('skills').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSkill(row) : undefined;
  }

  async get(id: string): Promise<Skill> {
    const skill = await this.find(id);
    if (!skill) throw notFound('skill', id);
    return skill;
  }

  async create(input: SkillInput): Promise<Skill> {
    checkName(input);
    const now = new Date(this.deps.clock.now());
    const row: SkillsTable = {
      id: this.deps.newId(),
      name: input.name.trim(),
      description: input.description ?? '',
      created_at: now,
      updated_at: now,
    };
    await withConstraints(CONSTRAINTS, () => this.deps.db.insertInto('skills').values(row).execute());
    return toSkill(row);
  }

  async update(id: string, input: SkillInput): Promise<Skill> {
    checkName(input);
    const row = await withConstraints(CONSTRAINTS, () =>
      this.deps.db
        .updateTable('skills')
        .set({ name: input.name.trim(), description: input.description ?? '', updated_at: new Date(this.deps.clock.now()) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),
    );
    if (!row) throw notFound('skill', id);
    return toSkill(row);
  }

  async delete(id: string): Promise<void> {
    const res = await withConstraints(CONSTRAINTS, () =>
      this.deps.db.deleteFrom('skills').where('id', '=', id).executeTakeFirst(),
      true,
    );
    if (res.numDeletedRows === 0n) throw notFound('skill', id);
  }
}
