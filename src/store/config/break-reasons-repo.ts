import { AppError, validationError } from '../../core/errors.js';
import type { BreakReasonsTable } from '../tables/config.js';
import { notFound, withConstraints, type ConstraintMeaning } from './db-errors.js';
import type { BreakReason, BreakReasonInput } from '../../directory/model.js';
import { pageBounds, type Page } from '../../core/paging.js';
import { epochMs, resolveDeps, type RepoDeps, type ResolvedRepoDeps, inTransaction } from './repo-deps.js';
import type { BreakReasonFilter, BreakReasonRepository } from '../../directory/ports.js';

const CONSTRAINTS: Record<string, ConstraintMeaning> = {
  break_reasons_code: { field: '/code', kind: 'duplicate' },
};

function toReason(row: BreakReasonsTable): BreakReason {
  return {
    id: row.id,
    code: row.code,
    label: row.label,
    paid: row.paid,
    maxMinutes: row.max_minutes,
    active: row.active,
    system: row.system,
    createdAt: epochMs(row.created_at),
    updatedAt: epochMs(row.updated_at),
  };
}

function columns(input: BreakReasonInput) {
  if (input.label.trim() === '') throw validationError([{ where: '/label', reason: 'must not be blank' }]);
  return {
    code: input.code,
    label: input.label.trim(),
    paid: input.paid,
    max_minutes: input.maxMinutes ?? null,
    active: input.active ?? true,
  };
}

function systemReadOnly(reason: BreakReason): AppError {
  return new AppError('CONFLICT', `Break reason ${reason.code} is a system reason and cannot be changed`, {
    field: '/code',
    reason: 'system reason',
  });
}

export class BreakReasonsRepo implements BreakReasonRepository {
  private readonly deps: ResolvedRepoDeps;
  constructor(deps: RepoDeps) {
    this.deps = resolveDeps(deps);
  }

  async list(filter: BreakReasonFilter = {}): Promise<Page<BreakReason>> {
    const { limit, offset } = pageBounds(filter);
    let q = this.deps.db.selectFrom('break_reasons');
    if (filter.active !== undefined) q = q.where('active', '=', filter.active);
    if (filter.selectable === true) q = q.where('active', '=', true).where('system', '=', false);
    if (filter.selectable === false) q = q.where((eb) => eb.or([eb('active', '=', false), eb('system', '=', true)]));
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy('system').orderBy('created_at').orderBy('code').limit(limit).offset(offset).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toReason), total: Number(count.n), limit, offset };
  }

  async find(id: string): Promise<BreakReason | undefined> {
    const row = await this.deps.db.selectFrom('break_reasons').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toReason(row) : undefined;
  }

  async get(id: string): Promise<BreakReason> {
    const reason = await this.find(id);
    if (!reason) throw notFound('break reason', id);
    return reason;
  }

  async findByCode(code: string): Promise<BreakReason | undefined> {
    const row = await this.deps.db.selectFrom('break_reasons').selectAll().where('code', '=', code).executeTakeFirst();
    return row ? toReason(row) : undefined;
  }

  async create(input: BreakReasonInput): Promise<BreakReason> {
    const now = new Date(this.deps.clock.now());
    const row = await withConstraints(CONSTRAINTS, () =>
      this.deps.db
        .insertInto('break_reasons')
        .values({ id: this.deps.newId(), ...columns(input), system: false, created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return toReason(row);
  }

  async update(id: string, input: BreakReasonInput): Promise<BreakReason> {
    const cols = columns(input);
    const row = await withConstraints(CONSTRAINTS, () =>
      inTransaction(this.deps.db, async (trx) => {
        const current = await trx.selectFrom('break_reasons').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
        if (!current) throw notFound('break reason', id);
        if (current.system) throw systemReadOnly(toReason(current));
        return trx
          .updateTable('break_reasons')
          .set({ ...cols, updated_at: new Date(this.deps.clock.now()) })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
      }),
    );
    return toReason(row);
  }

  async delete(id: string): Promise<void> {
    await withConstraints(
      CONSTRAINTS,
      () =>
        inTransaction(this.deps.db, async (trx) => {
          const current = await trx.selectFrom('break_reasons').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
          if (!current) throw notFound('break reason', id);
          if (current.system) throw systemReadOnly(toReason(current));
          await trx.deleteFrom('break_reasons').where('id', '=', id).execute();
        }),
      true,
    );
  }
}
