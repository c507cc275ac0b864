import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../schema.js';
import type { CustomersTable } from '../tables/config.js';
import { notFound, withConstraints, type ConstraintMeaning } from './db-errors.js';
import type { CustomerLevel } from '../../core/vocabulary.js';
import type { Customer, CustomerInput, CustomerPatch, CustomerProfile } from '../../customers/model.js';
import { checkCustomValues } from '../../customers/custom-fields.js';
import { normalizeCustomer, patchedInput } from '../../customers/customer-rules.js';
import { likePattern } from './like-pattern.js';
import { pageBounds, type Page } from '../../core/paging.js';
import { phoneLookupForms } from '../../customers/phone-number.js';
import { requireRow } from './references.js';
import { epochMs, json, resolveDeps, type RepoDeps, type ResolvedRepoDeps, inTransaction } from './repo-deps.js';
import type { CustomerChange, CustomerFilter, CustomerRepository } from '../../customers/ports.js';
import { CustomerFieldsRepo } from './customer-fields-repo.js';
import { searchQuery } from '../../customers/search-query.js';
import { searchCustomers } from './customer-search.js';
import { identitiesOf, ownerOf, readIdentities, requireOwnIdentities, writeIdentities, type Identities, type IdentityJson } from './customer-identities.js';

const CONSTRAINTS: Record<string, ConstraintMeaning> = {
  customer_phones_pkey: { field: '/phones', kind: 'duplicate' },
  customer_identities_pkey: { field: '/emails', kind: 'duplicate' },
};

export async function hydrateCustomers(db: Kysely<Database>, rows: Selectable<CustomersTable>[]): Promise<Customer[]> {
  const ids = await readIdentities(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => customerOf(r, ids.get(r.id) ?? { phones: [], emails: [], chatVisitors: [], messaging: [] }));
}

function customerOf(r: Selectable<CustomersTable>, i: Identities): Customer {
  return {
    id: r.id,
    name: r.name,
    company: r.company,
    level: r.level as CustomerLevel,
    phones: i.phones,
    emails: i.emails,
    chatVisitors: i.chatVisitors,
    messaging: i.messaging,
    tags: r.tags,
    notes: r.notes,
    profile: r.profile as CustomerProfile,
    custom: r.custom,
    createdAt: epochMs(r.created_at),
    updatedAt: epochMs(r.updated_at),
  };
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
    return { items: await hydrateCustomers(this.deps.db, rows), total: Number(count.n), limit, offset };
  }

  async find(id: string): Promise<Customer | undefined> {
    const row = await this.deps.db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? (await hydrateCustomers(this.deps.db, [row]))[0] : undefined;
  }

  async get(id: string): Promise<Customer> {
    const customer = await this.find(id);
    if (!customer) throw notFound('customer', id);
    return customer;
  }

  /**
   * Customers holding a phone number (screen-pop); usually one, possibly several, at most 20.
   * One round trip: every call's screen-pop asks this, so the customer rows and their identities
   * come back together (list() would add a count and a second round for the identities).
   */
  async findByPhone(phone: string): Promise<Customer[]> {
    const forms = phoneLookupForms(phone);
    // A number that cannot be normalized matches nobody.
    if (forms.length === 0) return [];
    const rows = await this.deps.db
      .selectFrom('customers as c')
      .selectAll('c')
      .select(sql<string[] | null>`(select json_agg(p.phone order by p.position) from customer_phones p where p.customer_id = c.id)`.as('phone_list'))
      .select(sql<IdentityJson[] | null>`(select json_agg(json_build_object('kind', i.kind, 'platform', i.platform, 'value', i.value) order by i.position) from customer_identities i where i.customer_id = c.id)`.as('identity_list'))
      .where('c.id', 'in', (eb) => eb.selectFrom('customer_phones').select('customer_id').where('phone', 'in', forms))
      .orderBy('c.name')
      .orderBy('c.id')
      .limit(20)
      .execute();
    return rows.map(({ phone_list, identity_list, ...row }) => customerOf(row, identitiesOf(phone_list ?? [], identity_list ?? [])));
  }

  /**
   * The customer holding the visitor id, or, for a messaging platform's user (sql/106), the one
   * holding their messaging identity {platform, id}: checked on every read, so an identity added
   * to a customer later links their earlier messaging chats too.
   */
  /** The customer holding an e-mail address (compared in lower case, as identities are stored). */
  async findByEmail(email: string): Promise<Customer | undefined> {
    const id = await ownerOf(this.deps.db, 'email', email.trim().toLowerCase());
    return id ? this.find(id) : undefined;
  }

  async findByChatVisitor(visitorId: string): Promise<Customer | undefined> {
    const id = (await ownerOf(this.deps.db, 'chat', visitorId)) ?? (await this.messagingOwnerOf(visitorId));
    return id ? this.find(id) : undefined;
  }

  private async messagingOwnerOf(visitorId: string): Promise<string | undefined> {
    const user = await this.deps.db.selectFrom('messaging_visitors').select(['platform', 'platform_user_id']).where('visitor_id', '=', visitorId).executeTakeFirst();
    return user ? ownerOf(this.deps.db, 'messaging', user.platform_user_id, user.platform) : undefined;
  }

  async search(text: string, limit: number): Promise<Customer[]> {
    const q = searchQuery(text);
    return q ? searchCustomers(this.deps.db, q, limit) : [];
  }

  async create(input: CustomerInput): Promise<Customer> {
    const id = this.deps.newId();
    const now = new Date(this.deps.clock.now());
    await this.write(undefined, input, async (trx, c, custom) => {
      await trx
        .insertInto('customers')
        .values({ id, name: c.name, company: c.company, level: c.level, tags: json(c.tags), notes: c.notes, profile: json(c.profile), custom: json(custom), created_at: now, updated_at: now })
        .execute();
      return id;
    });
    return this.get(id);
  }

  async update(id: string, input: CustomerInput): Promise<Customer> {
    await this.write(id, input, async (trx, c, custom) => {
      await requireRow(trx, 'customers', id, 'customer');
      await trx
        .updateTable('customers')
        .set({ name: c.name, company: c.company, level: c.level, tags: json(c.tags), notes: c.notes, profile: json(c.profile), custom: json(custom), updated_at: new Date(this.deps.clock.now()) })
        .where('id', '=', id)
        .execute();
      return id;
    });
    return this.get(id);
  }

  async patch(id: string, patch: CustomerPatch): Promise<CustomerChange> {
    return inTransaction(this.deps.db, async (trx) => {
      // Locked: two edits in place at once each keep the other's fields, and a merge waits.
      await sql`select id from customers where id = ${id} for update`.execute(trx);
      const repo = new CustomersRepo({ ...this.deps, db: trx });
      const before = await repo.get(id);
      const after = await repo.update(id, patchedInput(before, patch));
      return { before, after };
    });
  }

  async delete(id: string): Promise<void> {
    const res = await withConstraints(
      CONSTRAINTS,
      () => this.deps.db.deleteFrom('customers').where('id', '=', id).executeTakeFirst(),
      true,
    );
    if (res.numDeletedRows === 0n) throw notFound('customer', id);
  }

  /** Checks everything (input, custom values, identities' owners), then writes the row and its identities. */
  private async write(
    id: string | undefined,
    input: CustomerInput,
    row: (trx: Kysely<Database>, c: ReturnType<typeof normalizeCustomer>, custom: Record<string, string | number>) => Promise<string>,
  ): Promise<void> {
    const c = normalizeCustomer(input);
    await withConstraints(CONSTRAINTS, () =>
      inTransaction(this.deps.db, async (trx) => {
        // Phone numbers and e-mails have no unique index (rows stored before issue 13 may share
        // one): writes of customers take turns, so two cannot both pass the owner check.
        await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.customer_identities'))`.execute(trx);
        const custom = checkCustomValues(await new CustomerFieldsRepo({ ...this.deps, db: trx }).all(), c.custom);
        await requireOwnIdentities(trx, id, c);
        const written = await row(trx, c, custom);
        await writeIdentities(trx, written, c);
      }),
    );
  }
}
