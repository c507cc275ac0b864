/**
 * The HTTP Range header of a recording request (RFC 9110 section 14), for one range: what a
 * browser's <audio> asks when it seeks. Several ranges at once (multipart answers) are not
 * served; such a request, a malformed one and one past the end are all "unsatisfiable" (416),
 * so that a client never gets bytes it did not ask for.
 */
export type RangeAnswer = { kind: 'whole' } | { kind: 'part'; start: number; end: number } | { kind: 'unsatisfiable' };

const SINGLE = /^bytes=(\d*)-(\d*)$/;

/** `end` is inclusive, as in Content-Range. */
export function resolveRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return { kind: 'whole' };
  const m = SINGLE.exec(header.trim());
  if (!m) return { kind: 'unsatisfiable' };
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return { kind: 'unsatisfiable' };
  if (first === '') {
    // A suffix: the last N bytes.
    const n = Number(last);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'part', start: Math.max(size - n, 0), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) return { kind: 'unsatisfiable' };
  return { kind: 'part', start, end };
}
