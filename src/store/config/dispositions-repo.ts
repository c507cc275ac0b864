import { validationError } from '../../core/errors.js';
import type { DispositionsTable } from '../tables/config.js';
import { notFound, withConstraints, type ConstraintMeaning } from './db-errors.js';
import type { Disposition, DispositionInput } from '../../directory/model.js';
import { pageBounds, type Page } from '../../core/paging.js';
import { epochMs, resolveDeps, type RepoDeps, type ResolvedRepoDeps } from './repo-deps.js';
import type { DispositionFilter, DispositionRepository } from '../../directory/ports.js';

const CONSTRAINTS: Record<string, ConstraintMeaning> = {
  dispositions_code: { field: '/code', kind: 'duplicate' },
};

function toDisposition(row: DispositionsTable): Disposition {
  return { id: row.id, code: row.code, label: row.label, active: row.active, createdAt: epochMs(row.created_at), updatedAt: epochMs(row.updated_at) };
}

function columns(input: DispositionInput) {
  if (input.label.trim() === '') throw validationError([{ where: '/label', reason: 'must not be blank' }]);
  return { code: input.code, label: input.label.trim(), active: input.active ?? true };
}

/**
 * Wrap-up dispositions. Calls copy the code and label they were given (sql/048), so deleting or
 * renaming one here never changes a stored call.
 */
export class DispositionsRepo implements DispositionRepository {
  private readonly deps: ResolvedRepoDeps;
  constructor(deps: RepoDeps) {
    this.deps = resolveDeps(deps);
  }

  async list(filter: DispositionFilter = {}): Promise<Page<Disposition>> {
    const { limit, offset } = pageBounds(filter);
    let q = this.deps.db.selectFrom('dispositions');
    if (filter.active !== undefined) q = q.where('active', '=', filter.active);
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy('label').orderBy('id').limit(limit).offset(offset).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toDisposition), total: Number(count.n), limit, offset };
  }

  async find(id: string): Promise<Disposition | undefined> {
    const row = await this.deps.db.selectFrom('dispositions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toDisposition(row) : undefined;
  }

  async get(id: string): Promise<Disposition> {
    const found = await this.find(id);
    if (!found) throw notFound('disposition', id);
    return found;
  }

  async create(input: DispositionInput): Promise<Disposition> {
    const now = new Date(this.deps.clock.now());
    const row = await withConstraints(CONSTRAINTS, () =>
      this.deps.db
        .insertInto('dispositions')
        .values({ id: this.deps.newId(), ...columns(input), created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return toDisposition(row);
  }

  async update(id: string, input: DispositionInput): Promise<Disposition> {
    const cols = columns(input);
    const row = await withConstraints(CONSTRAINTS, () =>
      this.deps.db
        .updateTable('dispositions')
        .set({ ...cols, updated_at: new Date(this.deps.clock.now()) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),
    );
    if (!row) throw notFound('disposition', id);
    return toDisposition(row);
  }

  async delete(id: string): Promise<void> {
    const result = await this.deps.db.deleteFrom('dispositions').where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFound('disposition', id);
  }
}
