import { sql } from 'kysely';
import { AppError, isAppError } from '../../core/errors.js';
import { pageBounds, type Page, type PageRequest } from '../../core/paging.js';
import { checkCustomValues, checkFieldDefinition } from '../../customers/custom-fields.js';
import type { CustomField, CustomFieldInput, CustomFieldType } from '../../customers/model.js';
import type { CustomFieldRepository } from '../../customers/ports.js';
import type { Selectable } from 'kysely';
import type { CustomerFieldsTable } from '../tables/config.js';
import { notFound, withConstraints, type ConstraintMeaning } from './db-errors.js';
import { epochMs, inTransaction, json, resolveDeps, type RepoDeps, type ResolvedRepoDeps } from './repo-deps.js';

const CONSTRAINTS: Record<string, ConstraintMeaning> = {
  customer_fields_key_key: { field: '/key', kind: 'duplicate' },
};

function toField(row: Selectable<CustomerFieldsTable>): CustomField {
  return {
    id: row.id,
    key: row.key,
    label: row.label,
    type: row.type as CustomFieldType,
    options: row.options,
    position: row.position,
    createdAt: epochMs(row.created_at),
    updatedAt: epochMs(row.updated_at),
  };
}

/**
 * The custom fields an admin defines for customer profiles. A definition is never changed or
 * deleted under the values customers hold: renaming its key, changing its type or dropping a
 * choice some customer picked is refused with CONFLICT naming how many customers hold a value,
 * so no stored value is lost or left unreadable.
 */
export class CustomerFieldsRepo implements CustomFieldRepository {
  private readonly deps: ResolvedRepoDeps;
  constructor(deps: RepoDeps) {
    this.deps = resolveDeps(deps);
  }

  async list(filter: PageRequest = {}): Promise<Page<CustomField>> {
    const { limit, offset } = pageBounds(filter);
    const q = this.deps.db.selectFrom('customer_fields');
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy('position').orderBy('label').orderBy('id').limit(limit).offset(offset).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toField), total: Number(count.n), limit, offset };
  }

  /** Every definition (a center has tens at most). */
  async all(): Promise<CustomField[]> {
    return (await this.deps.db.selectFrom('customer_fields').selectAll().orderBy('position').orderBy('label').execute()).map(toField);
  }

  async get(id: string): Promise<CustomField> {
    const row = await this.deps.db.selectFrom('customer_fields').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('customer field', id);
    return toField(row);
  }

  async create(input: CustomFieldInput): Promise<CustomField> {
    const f = checkFieldDefinition(input);
    const now = new Date(this.deps.clock.now());
    const row = await withConstraints(CONSTRAINTS, () =>
      this.deps.db
        .insertInto('customer_fields')
        .values({ id: this.deps.newId(), ...f, options: json(f.options), created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return toField(row);
  }

  async update(id: string, input: CustomFieldInput): Promise<CustomField> {
    const f = checkFieldDefinition(input);
    return withConstraints(CONSTRAINTS, () =>
      inTransaction(this.deps.db, async (trx) => {
        const before = await new CustomerFieldsRepo({ ...this.deps, db: trx }).get(id);
        const held = await trx
          .selectFrom('customers')
          .select(sql<unknown>`custom -> ${before.key}`.as('value'))
          .where(sql<boolean>`custom -> ${before.key} is not null`)
          .execute();
        const next: CustomField = { ...before, ...f };
        const unfit = held.filter((h) => !fitsDefinition(next, h.value)).length;
        if (held.length > 0 && f.key !== before.key) throw inUse(before.key, held.length, 'renaming its key');
        if (unfit > 0) throw inUse(before.key, unfit, 'values that would no longer fit');
        const row = await trx
          .updateTable('customer_fields')
          .set({ ...f, options: json(f.options), updated_at: new Date(this.deps.clock.now()) })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toField(row);
      }),
    );
  }

  async delete(id: string): Promise<void> {
    await inTransaction(this.deps.db, async (trx) => {
      const before = await new CustomerFieldsRepo({ ...this.deps, db: trx }).get(id);
      const held = await trx
        .selectFrom('customers')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where(sql<boolean>`custom -> ${before.key} is not null`)
        .executeTakeFirstOrThrow();
      if (Number(held.n) > 0) throw inUse(before.key, Number(held.n), 'deleting it');
      await trx.deleteFrom('customer_fields').where('id', '=', id).execute();
    });
  }
}

function fitsDefinition(field: CustomField, value: unknown): boolean {
  try {
    checkCustomValues([field], { [field.key]: value as string | number });
    return true;
  } catch (err) {
    if (isAppError(err)) return false;
    throw err;
  }
}

function inUse(key: string, customers: number, what: string): AppError {
  return new AppError('CONFLICT', `${customers} customer(s) hold a value of ${key}: ${what} is refused`, { field: '/key', reason: 'in use', customers });
}
