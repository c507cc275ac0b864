/**
 * Phone numbers, E.164-ish: what people type ("+44 (20) 7946-0018", "0044 20 7946 0018") becomes
 * digits with an optional leading `+`, so the caller id a PBX reports can be matched by equality.
 */
const SEPARATORS = /[\s\-.()/]/g;
const NORMALIZED = /^\+?\d{3,15}$/;

export function normalizePhone(raw: string): string | undefined {
  let s = raw.trim().replace(SEPARATORS, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  return NORMALIZED.test(s) ? s : undefined;
}

/**
 * The stored forms a number may match: caller ids often arrive without the `+` of a number that
 * was saved with it, or the other way round.
 */
export function phoneLookupForms(raw: string): string[] {
  const n = normalizePhone(raw);
  if (!n) return [];
  const digits = n.replace('+', '');
  return [...new Set([n, digits, `+${digits}`])];
}
