import { sql, type Kysely, type Selectable } from 'kysely';
import { validationError, type FieldProblem } from '../../core/errors.js';
import type { Database } from '../schema.js';
import type { CustomersTable } from '../tables/config.js';
import { notFound, withConstraints, type ConstraintMeaning } from './db-errors.js';
import type { CustomerLevel } from '../../core/vocabulary.js';
import type { Customer, CustomerInput } from '../../customers/model.js';
import { likePattern } from './like-pattern.js';
import { pageBounds, type Page } from '../../core/paging.js';
import { normalizePhone, phoneLookupForms } from '../../customers/phone-number.js';
import { requireRow } from './references.js';
import { epochMs, json, resolveDeps, type RepoDeps, type ResolvedRepoDeps, inTransaction } from './repo-deps.js';
import type { CustomerFilter, CustomerRepository } from '../../customers/ports.js';

const CONSTRAINTS: Record<string, ConstraintMeaning> = {
  customer_phones_pkey: { field: '/phones', kind: 'duplicate' },
};

interface Normalized {
  name: string;
  level: CustomerLevel;
  phones: string[];
  emails: string[];
  tags: string[];
  notes: string;
}

function normalize(input: CustomerInput): Normalized {
  const problems: FieldProblem[] = [];
  if (input.name.trim() === '') problems.push({ where: '/name', reason: 'must not be blank' });
  const phones: string[] = [];
  (input.phones ?? []).forEach((raw, i) => {
    const n = normalizePhone(raw);
    if (!n) problems.push({ where: `/phones/${i}`, reason: `"${raw}" is not a phone number` });
    else if (phones.includes(n)) problems.push({ where: `/phones/${i}`, reason: `${n} is listed twice` });
    else phones.push(n);
  });
  if (problems.length > 0) throw validationError(problems);
  return {
    name: input.name.trim(),
    level: input.level ?? 'standard',
    phones,
    emails: [...new Set((input.emails ?? []).map((e) => e.trim()))],
    tags: [...new Set((input.tags ?? []).map((t) => t.trim()).filter((t) => t !== ''))],
    notes: input.notes ?? '',
  };
}

async function hydrate(db: Kysely<Database>, rows: Selectable<CustomersTable>[]): Promise<Customer[]> {
  if (rows.length === 0) return [];
  const phones = await db
    .selectFrom('customer_phones')
    .selectAll()
    .where(
      'customer_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('position')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    level: r.level as CustomerLevel,
    phones: phones.filter((p) => p.customer_id === r.id).map((p) => p.phone),
    emails: r.emails,
    tags: r.tags,
    notes: r.notes,
    createdAt: epochMs(r.created_at),
    updatedAt: epochMs(r.updated_at),
  }));
}

async function writePhones(trx: Kysely<Database>, customerId: string, phones: string[]): Promise<void> {
  if (phones.length === 0) return;
  await trx
    .insertInto('customer_phones')
    .values(phones.map((phone, position) => ({ customer_id: customerId, phone, position })))
    .execute();
}

export class CustomersRepo implements CustomerRepository {
  private readonly deps: ResolvedRepoDeps;
  constructor(deps: RepoDeps) {
    this.deps = resolveDeps(deps);
  }

  async list(filter: CustomerFilter = {}): Promise<Page<Customer>> {
    const { limit, offset } = pageBounds(filter);
    const text = filter.q?.trim().toLowerCase();
    const { tag, level } = filter;
    let q = this.deps.db.selectFrom('customers');
    if (text) q = q.where((eb) => eb(eb.fn('lower', ['name']), 'like', likePattern(text)));
    if (level) q = q.where('level', '=', level);
    if (tag) q = q.where(sql<boolean>`tags @> ${json([tag])}::jsonb`);
    if (filter.phone !== undefined) {
      const forms = phoneLookupForms(filter.phone);
      // A number that cannot be normalized matches nobody.
      if (forms.length === 0) return { items: [], total: 0, limit, offset };
      q = q.where('id', 'in', (eb) => eb.selectFrom('customer_phones').select('customer_id').where('phone', 'in', forms));
    }
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy('name').orderBy('id').limit(limit).offset(offset).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: await hydrate(this.deps.db, rows), total: Number(count.n), limit, offset };
  }

  async find(id: string): Promise<Customer | undefined> {
    const row = await this.deps.db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? (await hydrate(this.deps.db, [row]))[0] : undefined;
  }

  async get(id: string): Promise<Customer> {
    const customer = await this.find(id);
    if (!customer) throw notFound('customer', id);
    return customer;
  }

  /** Customers holding a phone number (screen-pop); usually one, possibly several. */
  async findByPhone(phone: string): Promise<Customer[]> {
    return (await this.list({ phone, limit: 20 })).items;
  }

  async create(input: CustomerInput): Promise<Customer> {
    const c = normalize(input);
    const id = this.deps.newId();
    const now = new Date(this.deps.clock.now());
    await withConstraints(CONSTRAINTS, () =>
      inTransaction(this.deps.db, async (trx) => {
        await trx
          .insertInto('customers')
          .values({
            id,
            name: c.name,
            level: c.level,
            emails: json(c.emails),
            tags: json(c.tags),
            notes: c.notes,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await writePhones(trx, id, c.phones);
      }),
    );
    return this.get(id);
  }

  async update(id: string, input: CustomerInput): Promise<Customer> {
    const c = normalize(input);
    await withConstraints(CONSTRAINTS, () =>
      inTransaction(this.deps.db, async (trx) => {
        await requireRow(trx, 'customers', id, 'customer');
        await trx
          .updateTable('customers')
          .set({
            name: c.name,
            level: c.level,
            emails: json(c.emails),
            tags: json(c.tags),
            notes: c.notes,
            updated_at: new Date(this.deps.clock.now()),
          })
          .where('id', '=', id)
          .execute();
        await trx.deleteFrom('customer_phones').where('customer_id', '=', id).execute();
        await writePhones(trx, id, c.phones);
      }),
    );
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    const res = await withConstraints(
      CONSTRAINTS,
      () => this.deps.db.deleteFrom('customers').where('id', '=', id).executeTakeFirst(),
      true,
    );
    if (res.numDeletedRows === 0n) throw notFound('customer', id);
  }
}
