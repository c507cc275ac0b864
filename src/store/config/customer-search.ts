/**
 * The customer search over SQL (the rules are src/customers/search-query.ts). Works alike on
 * PGlite and PostgreSQL: pg_trgm (sql/075, in the schema `public`, hence `public.` below) gives
 * the fuzzy match and the trigram indexes behind the substring matches.
 *
 * Chinese names: pg_trgm makes trigrams of CJK characters, but a two-character given name inside
 * a three-character full name shares too few of them to pass any useful similarity threshold, so
 * names are also matched as substrings (LIKE '%text%', served by the trigram index from three
 * characters; shorter texts scan the table, which at a contact center's size takes milliseconds).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Customer } from '../../customers/model.js';
import { FUZZY_THRESHOLD, type SearchQuery } from '../../customers/search-query.js';
import type { Database } from '../schema.js';
import { hydrateCustomers } from './customers-repo.js';

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function searchCustomers(db: Kysely<Database>, q: SearchQuery, limit: number): Promise<Customer[]> {
  const anywhere = `%${escapeLike(q.text)}%`;
  const prefix = `${escapeLike(q.text)}%`;
  const name = sql`lower(c.name)`;
  const identityPrefix = sql`exists (select 1 from customer_identities i where i.customer_id = c.id and lower(i.value) like ${prefix})`;
  const phone: RawBuilder<unknown> = q.digits ? sql`exists (select 1 from customer_phones p where p.customer_id = c.id and p.phone like ${`%${q.digits}%`})` : sql`false`;
  const similarity = q.fuzzy ? sql`public.word_similarity(${q.text}, ${name})` : sql`0`;
  const rows = await sql<{ id: string }>`
    select c.id,
      (case
        when ${name} = ${q.text} then 100
        when ${name} like ${prefix} then 90
        when ${identityPrefix} or ${phone} then 85
        when ${name} like ${anywhere} then 80
        else 0
      end) + ${similarity} * 10 as score
    from customers c
    where ${name} like ${anywhere} or ${identityPrefix} or ${phone}
      ${q.fuzzy ? sql`or ${similarity} >= ${FUZZY_THRESHOLD}` : sql``}
    order by score desc, c.name, c.id
    limit ${limit}`.execute(db);
  if (rows.rows.length === 0) return [];
  const ids = rows.rows.map((r) => r.id);
  const found = await db.selectFrom('customers').selectAll().where('id', 'in', ids).execute();
  const customers = await hydrateCustomers(db, found);
  const byId = new Map(customers.map((c) => [c.id, c]));
  return ids.map((id) => byId.get(id)).filter((c): c is Customer => c !== undefined);
}
