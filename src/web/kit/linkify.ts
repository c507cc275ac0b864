/**
 * Web addresses in chat text become links, on the agent's screen and in the widget alike. Only
 * http and https are linked (never javascript:, data: or any other scheme), and only what a
 * reader would take for the address: it ends at a space, at Chinese (CJK) text or full-width
 * punctuation around it, and loses the sentence's punctuation after it ("see https://a.example/x."),
 * while brackets that open inside it stay ("https://en.wikipedia.org/wiki/Bike_(disambiguation)").
 * Pure, no DOM: the callers draw the pieces.
 */

export type TextPiece = { text: string } | { text: string; href: string };

/** Stops an address: spaces, quotes and angle brackets, CJK text and punctuation, full-width forms. */
const CANDIDATE = /https?:\/\/[^\s<>"`\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+/gi;
const TRAILING = /[.,;:!?'*~_-]$/;
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

const count = (s: string, c: string) => s.split(c).length - 1;

/** Drops the sentence's punctuation and unbalanced closing brackets from the end of an address. */
function trimEnd(candidate: string): string {
  let s = candidate;
  for (;;) {
    const last = s.at(-1) ?? '';
    const opener = CLOSERS[last];
    if (TRAILING.test(s) || (opener !== undefined && count(s, last) > count(s, opener))) s = s.slice(0, -1);
    else return s;
  }
}

/** The address as a link target, or undefined when it is none (no host, or not http(s) after parsing). */
function hrefOf(text: string): string | undefined {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url.href : undefined;
  } catch {
    // Not an address after all ("http://" alone, a bad port): it stays text.
    return undefined;
  }
}

export function linkify(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let from = 0;
  for (const m of text.matchAll(CANDIDATE)) {
    const start = m.index;
    // Inside a word ("xhttp://") it is not an address of its own.
    if (start > 0 && /[a-z0-9]/i.test(text[start - 1] ?? '')) continue;
    const address = trimEnd(m[0]);
    const href = hrefOf(address);
    if (!href) continue;
    if (start > from) pieces.push({ text: text.slice(from, start) });
    pieces.push({ text: address, href });
    from = start + address.length;
  }
  if (from < text.length || pieces.length === 0) pieces.push({ text: text.slice(from) });
  return pieces;
}
