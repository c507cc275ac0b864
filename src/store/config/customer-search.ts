/**
 * The customer search over SQL (the rules are src/customers/search-query.ts). Works alike on
 * PGlite and PostgreSQL: pg_trgm (sql/075, in the schema `public`, hence `public.` below) gives
 * the fuzzy match and the trigram indexes behind the substring matches.
 *
 * Why a UNION ALL of branches and not one WHERE with ORs: an OR of a name LIKE with EXISTS
 * subqueries over identities and phones cannot be answered by any one index, so PostgreSQL read
 * every customer (a sequential scan: seconds at 1,000,000 customers). Each branch below is one
 * indexed condition on one table (customers_name_trgm, customer_identities_value_prefix of sql/098,
 * customer_phones_phone_trgm); a customer found by several branches keeps its best rank.
 *
 * Ranks, as the rules list them: name exactly 100, name prefix 90, identity prefix or phone 85,
 * name anywhere 80, only similar 0; plus 10 x word similarity when the text is long enough for
 * fuzzy matching. A similar-only customer therefore scores at most 10 and can never outrank one
 * found by the other branches, so the similarity branch (the widest) runs only when those did not
 * already fill the page: same results, same order, much less work for a typical search.
 *
 * Chinese names: pg_trgm makes trigrams of CJK characters, but a two-character given name inside
 * a three-character full name shares too few of them to pass any useful similarity threshold, so
 * names are also matched as substrings (LIKE '%text%', served by the trigram index from three
 * characters; shorter texts have no trigram to look up and scan the table).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Customer } from '../../customers/model.js';
import { FUZZY_THRESHOLD, type SearchQuery } from '../../customers/search-query.js';
import type { Database } from '../schema.js';
import { hydrateCustomers } from './customers-repo.js';
import { inTransaction } from './repo-deps.js';

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The ids of the best `limit` customers for `q`, best first. `similar`: include customers whose
 * name is merely similar (pg_trgm's `<%`, which needs pg_trgm.word_similarity_threshold set to
 * FUZZY_THRESHOLD in the same transaction, see withFuzzyThreshold). Exported for the plan test.
 */
export function rankedIdsQuery(q: SearchQuery, limit: number, similar: boolean): RawBuilder<{ id: string; score: number }> {
  const anywhere = `%${escapeLike(q.text)}%`;
  const prefix = `${escapeLike(q.text)}%`;
  // Every branch yields (id, name, rank); name rides along so that no branch's rows need to be
  // joined to customers again (the phone and identity branches join their few rows by key).
  const branches: RawBuilder<unknown>[] = [
    sql`select c.id, c.name, case when lower(c.name) = ${q.text} then 100 when lower(c.name) like ${prefix} then 90 else 80 end as base
        from customers c where lower(c.name) like ${anywhere}`,
    sql`select c.id, c.name, 85 as base
        from customer_identities i join customers c on c.id = i.customer_id where lower(i.value) like ${prefix}`,
  ];
  if (q.digits) {
    branches.push(sql`select c.id, c.name, 85 as base
        from customer_phones p join customers c on c.id = p.customer_id where p.phone like ${`%${q.digits}%`}`);
  }
  if (similar && q.fuzzy) branches.push(sql`select c.id, c.name, 0 as base from customers c where ${q.text} operator(public.<%) lower(c.name)`);
  const similarity = q.fuzzy ? sql`public.word_similarity(${q.text}, lower(h.name))` : sql`0`;
  return sql<{ id: string; score: number }>`
    with hits as (${sql.join(branches, sql` union all `)})
    select h.id, max(h.base) + ${similarity} * 10 as score
    from hits h
    group by h.id, h.name
    order by score desc, h.name, h.id
    limit ${limit}`;
}

/** `<%` compares with this setting; local to the transaction so no pooled connection keeps it. */
async function withFuzzyThreshold<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return inTransaction(db, async (trx) => {
    await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(FUZZY_THRESHOLD)}, true)`.execute(trx);
    return fn(trx);
  });
}

export async function searchCustomers(db: Kysely<Database>, q: SearchQuery, limit: number): Promise<Customer[]> {
  let ids = (await rankedIdsQuery(q, limit, false).execute(db)).rows.map((r) => r.id);
  if (ids.length < limit && q.fuzzy) {
    ids = await withFuzzyThreshold(db, async (trx) => (await rankedIdsQuery(q, limit, true).execute(trx)).rows.map((r) => r.id));
  }
  if (ids.length === 0) return [];
  const found = await db.selectFrom('customers').selectAll().where('id', 'in', ids).execute();
  const customers = await hydrateCustomers(db, found);
  const byId = new Map(customers.map((c) => [c.id, c]));
  return ids.map((id) => byId.get(id)).filter((c): c is Customer => c !== undefined);
}
