/**
 * What the bot searches the knowledge base for, from a visitor's message. The search ORs every
 * word as a prefix (src/kb/search-text.ts), so "how do I reset my password" would also find every
 * article with a word starting with "i" or "do": the bot drops English function words and single
 * letters first. Chinese runs are left whole (the search makes bigrams; a question word such as
 * 怎么 only adds a weak match that the ranking outweighs).
 */
const STOP = new Set(
  (
    'a an the i me my mine we our you your he she it its they them their is am are was were be been being do does did doing have has had ' +
    'to of in on at by for with about from into over under and or but if then so than too very can could would should will shall may might must ' +
    'how what when where why which who whom this that these those there here please hi hello hey thanks thank just get got want need help ' +
    "not no yes ok okay i'm i've don't can't it's"
  ).split(' '),
);

export function searchTextOf(message: string): string {
  const words = message.normalize('NFKC').toLowerCase().match(/\p{Script=Han}+|[\p{L}\p{N}']+/gu) ?? [];
  return words.filter((w) => /\p{Script=Han}/u.test(w) || (w.length > 1 && !STOP.has(w))).join(' ');
}
