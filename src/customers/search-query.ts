/**
 * What a search box's text means for the customer search: the text itself (any case), the digits
 * of a phone number when the text looks like one ("138 0013", "+86-138"), and whether it is long
 * enough for fuzzy matching. Pure; the store turns it into SQL (src/store/config/customer-search.ts).
 *
 * Matching, best first: the name exactly, a name or an identity (e-mail, chat visitor id,
 * messaging id) starting with the text, a phone number containing the digits, a name containing
 * the text anywhere (a Chinese given name inside the full name), then names merely similar to it
 * (a typo: "grase" finds "Grace Hopper").
 */
export interface SearchQuery {
  /** Trimmed, lower case. */
  text: string;
  /** The digits to look for in phone numbers; undefined when the text is not a number. */
  digits?: string;
  /** Similar names too: only for 3 characters or more, below that everything is "similar". */
  fuzzy: boolean;
}

const PHONE_LIKE = /^[+\d\s\-.()/]+$/;
/** Fewer digits than this match too many numbers to be useful. */
const MIN_DIGITS = 3;
const MIN_FUZZY = 3;
/** How similar (pg_trgm word_similarity, 0..1) a name must be to count as a typo of the text. */
export const FUZZY_THRESHOLD = 0.4;

/** undefined for a text with nothing to search for. */
export function searchQuery(raw: string): SearchQuery | undefined {
  const text = raw.trim().toLowerCase();
  if (text === '') return undefined;
  const digits = PHONE_LIKE.test(text) ? text.replace(/\D/g, '') : '';
  return {
    text,
    ...(digits.length >= MIN_DIGITS ? { digits } : {}),
    fuzzy: [...text].length >= MIN_FUZZY,
  };
}
