/**
 * A local, explainable sentiment score for one visitor message, Chinese and English, from word
 * lists (sentiment-words.ts plus what admins add). No model and no outside service: the agent who
 * receives a chat handed over for a negative mood sees exactly which words counted and why.
 *
 * How a text is scored:
 * 1. NFKC and lower case; split into tokens: each Chinese character is a token (Chinese has no
 *    spaces, so words are found as runs of characters), each Latin word (letters, digits,
 *    apostrophes) is a token, each punctuation mark is a token that ends a clause.
 * 2. From left to right, the longest list entry starting at each token is taken ("不错" before "错",
 *    "waste of time" before "time"); its tokens are used up. An entry of weight 0 only masks its
 *    words ("不好意思" is "excuse me", not "not good").
 * 3. A negator ("不", "没有", "not", "don't", ...) shortly before a scored word in the same clause
 *    turns it around: its value is -weight ("不好" -1, "not bad" +2). Chinese: at most one token
 *    between negator and word ("不太好"); English: up to three words ("not at all helpful").
 * 4. The score is the sum of the values; below 0 is a negative mood.
 */

export interface SentimentEntry {
  /** A word or phrase as written ("不错", "waste of time"). */
  word: string;
  /** -3 .. +3; 0 masks the phrase (scored as nothing). */
  weight: number;
}

export interface SentimentLexicon {
  entries: readonly SentimentEntry[];
  negators: readonly string[];
}

export interface SentimentHit {
  word: string;
  weight: number;
  /** The negator that turned this word around. */
  negatedBy?: string;
  /** What it added to the score: weight, or -weight when negated. */
  value: number;
}

export interface SentimentScore {
  score: number;
  hits: SentimentHit[];
}

const TOKEN = /\p{Script=Han}|[\p{L}\p{N}'’]+|[^\s]/gu;
const CLAUSE_END = /^[^\p{L}\p{N}]$/u;
const HAN = /^\p{Script=Han}$/u;

export function tokenize(text: string): string[] {
  const normal = text.normalize('NFKC').toLowerCase().replace(/’/g, "'");
  return normal.match(TOKEN) ?? [];
}

interface Compiled {
  /** First token -> entries starting with it, longest first. */
  byFirst: Map<string, { tokens: string[]; entry: SentimentEntry }[]>;
  negators: { tokens: string[]; word: string }[];
}

const cache = new WeakMap<SentimentLexicon, Compiled>();

function compile(lex: SentimentLexicon): Compiled {
  const hit = cache.get(lex);
  if (hit) return hit;
  const byFirst: Compiled['byFirst'] = new Map();
  // A later entry of the same word (an admin's) replaces the built-in one.
  const unique = new Map<string, SentimentEntry>();
  for (const e of lex.entries) unique.set(tokenize(e.word).join(' '), e);
  for (const [key, entry] of unique) {
    const tokens = key.split(' ').filter(Boolean);
    const first = tokens[0];
    if (first === undefined) continue;
    const list = byFirst.get(first) ?? [];
    list.push({ tokens, entry });
    byFirst.set(first, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  const negators = lex.negators.map((word) => ({ tokens: tokenize(word), word })).filter((n) => n.tokens.length > 0);
  negators.sort((a, b) => b.tokens.length - a.tokens.length);
  const compiled = { byFirst, negators };
  cache.set(lex, compiled);
  return compiled;
}

function matchesAt(tokens: readonly string[], at: number, want: readonly string[]): boolean {
  if (at < 0 || at + want.length > tokens.length) return false;
  return want.every((w, i) => tokens[at + i] === w);
}

/** The negator ending shortly before token `start`, within the clause and not inside a scored word. */
function negatorBefore(tokens: readonly string[], start: number, used: readonly boolean[], c: Compiled): string | undefined {
  const han = HAN.test(tokens[start] ?? '');
  const maxGap = han ? 1 : 2;
  for (let gap = 0; gap <= maxGap; gap++) {
    const end = start - gap; // exclusive end of the negator
    if (end <= 0) return undefined;
    // A clause break or a word already scored between them: the negation does not reach.
    if (gap > 0 && (CLAUSE_END.test(tokens[end] ?? '') || used[end])) return undefined;
    for (const n of c.negators) {
      const from = end - n.tokens.length;
      if (matchesAt(tokens, from, n.tokens) && !used.slice(from, end).some(Boolean)) return n.word;
    }
  }
  return undefined;
}

export function scoreSentiment(text: string, lexicon: SentimentLexicon): SentimentScore {
  const c = compile(lexicon);
  const tokens = tokenize(text);
  const used = tokens.map(() => false);
  const hits: SentimentHit[] = [];
  let i = 0;
  while (i < tokens.length) {
    const found = (c.byFirst.get(tokens[i] as string) ?? []).find((cand) => matchesAt(tokens, i, cand.tokens));
    if (!found) {
      i++;
      continue;
    }
    const { entry } = found;
    if (entry.weight !== 0) {
      const negatedBy = negatorBefore(tokens, i, used, c);
      hits.push({ word: entry.word, weight: entry.weight, ...(negatedBy ? { negatedBy } : {}), value: negatedBy ? -entry.weight : entry.weight });
    }
    for (let k = i; k < i + found.tokens.length; k++) used[k] = true;
    i += found.tokens.length;
  }
  return { score: hits.reduce((s, h) => s + h.value, 0), hits };
}

/** "不好 -1 (好 +1 negated by 不), 谢谢 +1": the score's words, for the agent and the tests. */
export function explainSentiment(s: SentimentScore): string {
  if (s.hits.length === 0) return 'no sentiment words';
  const sign = (n: number) => (n > 0 ? `+${n}` : String(n));
  return s.hits.map((h) => (h.negatedBy ? `${h.negatedBy} ${h.word} ${sign(h.value)} (${h.word} ${sign(h.weight)} negated by ${h.negatedBy})` : `${h.word} ${sign(h.value)}`)).join(', ');
}
