/**
 * Does the visitor ask for a person? The built-in phrases, Chinese and English, plus the phrases an
 * admin adds (bot-settings.ts). Matched on the same tokens as the sentiment scorer, as whole words,
 * so "agent" matches "an agent please" but not "agents' handbook" or "reagent". A request in a
 * language the bot does not know matches nothing: the bot then answers from the knowledge base
 * (or says it found nothing) and the widget's "talk to a person" button stays there for it.
 *
 * Chinese has no spaces, so each character is a token and "人工" would also be found inside
 * "人工智能" (artificial intelligence) or "人工费" (labour cost). Such longer words are listed in
 * NOT_A_REQUEST: a phrase whose characters fall inside one of them where it occurs does not count.
 */
import { tokenize } from './sentiment.js';

export const DEFAULT_HANDOVER_PHRASES: readonly string[] = [
  '转人工', '人工', '人工客服', '真人', '找客服', '客服人员',
  'talk to a person', 'talk to a human', 'speak to a person', 'speak to someone', 'real person', 'human', 'agent', 'operator', 'representative',
];

/** Words that contain a hand-over phrase but are not a request for a person. */
export const NOT_A_REQUEST: readonly string[] = ['人工智能', '人工智慧', '人工成本', '人工费', '人工费用', '人工湖', '人工合成', '人工降雨', '人工呼吸', '真人秀'];

const tokensOf = (list: readonly string[]) => list.map((p) => ({ phrase: p, tokens: tokenize(p) })).filter((p) => p.tokens.length > 0);
const MASKS = tokensOf(NOT_A_REQUEST);

function startsAt(tokens: readonly string[], i: number, phrase: readonly string[]): boolean {
  return phrase.every((t, k) => tokens[i + k] === t);
}

/** Which tokens belong to a NOT_A_REQUEST word in this text. */
function masked(tokens: readonly string[]): boolean[] {
  const out = tokens.map(() => false);
  for (let i = 0; i < tokens.length; i++) {
    for (const m of MASKS) if (startsAt(tokens, i, m.tokens)) m.tokens.forEach((_, k) => (out[i + k] = true));
  }
  return out;
}

/** The first phrase (built-in or added) the text contains, as written in the list; undefined when none. */
export function askedForPerson(text: string, extra: readonly string[]): string | undefined {
  const tokens = tokenize(text);
  const hidden = masked(tokens);
  const phrases = tokensOf([...DEFAULT_HANDOVER_PHRASES, ...extra]);
  for (let i = 0; i < tokens.length; i++) {
    for (const p of phrases) {
      if (startsAt(tokens, i, p.tokens) && !p.tokens.some((_, k) => hidden[i + k])) return p.phrase;
    }
  }
  return undefined;
}
