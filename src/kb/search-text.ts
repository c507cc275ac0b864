/**
 * How articles are made searchable, in English and in Chinese, the same way on PGlite and on
 * PostgreSQL.
 *
 * PostgreSQL's text search splits words at spaces and punctuation; Chinese has neither between
 * words, so `to_tsvector('simple', '如何修改收货地址')` is one useless lexeme, and the segmenters
 * that fix that (zhparser, pg_jieba) are extensions PGlite does not have. Trigram indexes (pg_trgm)
 * exist on both, but they rank by string similarity, which favours short titles over the article
 * that actually answers, and a trigram needs three characters where most Chinese words have two.
 *
 * So we segment ourselves, before the database sees the text: a run of CJK characters becomes its
 * overlapping bigrams (如何修改 -> 如何 何修 修改) plus its single characters, Latin and digit runs
 * become lower-cased words. The result is plain space-separated tokens, which the 'simple'
 * configuration keeps exactly as they are (checked on both engines by the store tests), stored as
 * a weighted tsvector (title A, tags and body B) under a GIN index. A query is split the same way;
 * any real Chinese word of two or more characters is then a run of bigrams the article contains,
 * whatever the word boundaries. Terms are OR-ed and ranked with ts_rank, so an article matching
 * more of the query (and matching it in its title) comes first; Latin terms match as prefixes so
 * that "refund" finds "refunds" and results can follow the typing.
 *
 * Costs: a Chinese text yields about two tokens per character; lexemes are short and GIN
 * compresses posting lists, so the index stays a small multiple of the text. docs/knowledge-base.md
 * holds the longer argument.
 */

/** CJK ideographs (with extension A and compatibility ideographs), kana and hangul. */
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/u;
/** A token: a run of CJK characters, or a run of other letters and digits. */
const RUNS = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+|[\p{L}\p{N}]+/gu;
/** Longest Latin word indexed: longer strings (hashes, base64) only bloat the index. */
const MAX_WORD = 60;

function runs(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(RUNS) ?? [];
}

function bigrams(run: string): string[] {
  const chars = [...run];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** The tokens a document text is indexed under, in order (positions matter to ts_rank). */
export function documentTokens(text: string): string[] {
  const out: string[] = [];
  for (const r of runs(text)) {
    if (CJK.test(r)) {
      const chars = [...r];
      // Single characters too, so that a one-character query (退) still finds something.
      out.push(...chars, ...bigrams(r));
    } else if (r.length <= MAX_WORD) out.push(r);
  }
  return out;
}

/** The document text as the database indexes it: tokens separated by spaces. */
export function documentSearchText(text: string): string {
  return documentTokens(text).join(' ');
}

export interface QueryTerm {
  token: string;
  /** Matches any lexeme starting with the token (Latin words). */
  prefix: boolean;
}

/** The query split like documents: CJK runs into bigrams (a lone character stays one), words as prefixes. */
export function queryTerms(query: string): QueryTerm[] {
  const out: QueryTerm[] = [];
  const seen = new Set<string>();
  const add = (token: string, prefix: boolean) => {
    const key = `${token}${prefix ? '*' : ''}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ token, prefix });
    }
  };
  for (const r of runs(query)) {
    if (CJK.test(r)) {
      const b = bigrams(r);
      if (b.length === 0) add(r, false);
      for (const t of b) add(t, false);
    } else if (r.length <= MAX_WORD) add(r, true);
  }
  return out.slice(0, 32);
}

/**
 * The query as tsquery text (cast with ::tsquery, which takes lexemes as they are written), or
 * undefined when nothing searchable is left. Tokens hold only letters and digits, so quoting them
 * is safe.
 */
export function tsqueryOf(query: string): string | undefined {
  const terms = queryTerms(query);
  if (terms.length === 0) return undefined;
  return anyOf(terms.map(lexeme));
}

const lexeme = (t: QueryTerm): string => `'${t.token}'${t.prefix ? ':*' : ''}`;
const anyOf = (parts: string[]): string => parts.join(' | ');
const allOf = (parts: string[]): string => (parts.length === 1 ? parts[0]! : `(${parts.join(' & ')})`);

/** Every choice of k items out of the list, in order. */
function choices<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  const out: T[][] = [];
  for (let i = 0; i + k <= items.length; i++) for (const rest of choices(items.slice(i + 1), k - 1)) out.push([items[i]!, ...rest]);
  return out;
}

/** Above this many terms the "most of the terms" tiers are skipped: their tsquery grows as n choose k. */
const MAX_TIERED_TERMS = 8;

/**
 * The query as tsquery texts from strict to loose; the search answers from the first tier that
 * fills its page, ranked by ts_rank within it. The last tier is tsqueryOf's (any term).
 *
 * Why tiers: a word common in the knowledge base (in a tenth of the articles, as "refund" is in a
 * support center) makes the any-term query match thousands of articles, and ranking them means
 * reading every one of them from the table: about 30 ms at 100,000 articles where the index
 * alone answers in 2. The articles holding all (or most) of the query's terms are few, found in
 * the index, and they are also the ones a reader wants first. "Most" matters for Chinese: the
 * query's bigrams that straddle two words (款发 in 退款发票) are in no article, so a Chinese
 * query of k two-character words has k real bigrams out of 2k - 1, and a tier asking for half of
 * the bigrams still finds the articles holding every word. The any-term tier remains for queries
 * whose words never meet (a typo, unrelated words).
 */
export function tsqueryTiers(query: string): string[] | undefined {
  const terms = queryTerms(query).map(lexeme);
  if (terms.length === 0) return undefined;
  const n = terms.length;
  const tiers = [allOf(terms)];
  if (n <= MAX_TIERED_TERMS) {
    for (const atLeast of new Set([Math.ceil((3 * n) / 4), Math.ceil(n / 2)])) {
      if (atLeast > 1 && atLeast < n) tiers.push(anyOf(choices(terms, atLeast).map(allOf)));
    }
  }
  if (n > 1) tiers.push(anyOf(terms));
  return tiers;
}
