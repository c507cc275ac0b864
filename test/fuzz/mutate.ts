/**
 * Arbitraries for the fuzz targets: a real input broken in a few places (the mutations a
 * truncated read, a proxy, a buggy module or an attacker make), random bytes, and the cuts a TCP
 * stream makes into reads. Everything is drawn through fast-check, so a failure shrinks and
 * replays from its seed.
 */
import fc from 'fast-check';

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; byte: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'token'; at: number; token: string };

/** Bytes that mean something to the parsers: separators, lengths, quotes, escapes. */
const TOKENS = ['\r\n', '\n', '\n\n', '\r\n\r\n', ':', ': ', 'Content-Length: ', '99999999999', '-1', '0', '%', '%zz', '"', '\\', '\\u', '{', '}', '[', ']', 'null', '\u0000', '\u00e9', '\ud83d', '__proto__', 'constructor'];

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position.map((p) => p), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: position, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 32 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 256 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('token' as const), at: position, token: fc.constantFrom(...TOKENS) }),
) as fc.Arbitrary<Mutation>;

function apply(input: Buffer, m: Mutation): Buffer {
  const at = Math.floor((m as { at: number }).at * (input.length + 1));
  switch (m.kind) {
    case 'flip': {
      if (input.length === 0) return input;
      const out = Buffer.from(input);
      const i = Math.min(at, out.length - 1);
      out[i] = out[i]! ^ (1 << m.bit);
      return out;
    }
    case 'set': {
      if (input.length === 0) return input;
      const out = Buffer.from(input);
      out[Math.min(at, out.length - 1)] = m.byte;
      return out;
    }
    case 'delete':
      return Buffer.concat([input.subarray(0, at), input.subarray(at + m.length)]);
    case 'insert':
      return Buffer.concat([input.subarray(0, at), Buffer.from(m.bytes), input.subarray(at)]);
    case 'duplicate':
      return Buffer.concat([input.subarray(0, at + m.length), input.subarray(at)]);
    case 'truncate':
      return input.subarray(0, at);
    case 'token':
      return Buffer.concat([input.subarray(0, at), Buffer.from(m.token), input.subarray(at)]);
  }
}

/** One of the seeds with 1-8 mutations. */
export function mutatedBytes(seeds: readonly Buffer[]): fc.Arbitrary<Buffer> {
  if (seeds.length === 0) throw new Error('no seeds: the fixtures are missing');
  return fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 8 })).map(([seed, ms]) => ms.reduce(apply, seed));
}

export function mutatedText(seeds: readonly string[]): fc.Arbitrary<string> {
  return mutatedBytes(seeds.map((s) => Buffer.from(s))).map((b) => b.toString('utf8'));
}

/** Random bytes, often made of the protocol's own tokens. */
export function noiseBytes(maxLength = 2048): fc.Arbitrary<Buffer> {
  return fc.oneof(
    fc.uint8Array({ maxLength }).map((a) => Buffer.from(a)),
    fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 16 })), { maxLength: 64 }).map((parts) => Buffer.from(parts.join(''))),
  );
}

/** Bytes cut into reads at arbitrary points, as a TCP stream delivers them. */
export function chunked(bytes: fc.Arbitrary<Buffer>): fc.Arbitrary<Buffer[]> {
  return fc.tuple(bytes, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 })).map(([b, cuts]) => {
    const points = [...new Set(cuts.map((c) => Math.floor(c * b.length)))].sort((x, y) => x - y);
    const out: Buffer[] = [];
    let from = 0;
    for (const p of points) {
      if (p > from) out.push(b.subarray(from, p));
      from = Math.max(from, p);
    }
    out.push(b.subarray(from));
    return out;
  });
}

/** A JSON value with a replaced, removed or retyped field somewhere inside a real one. */
export function mutatedJson(seeds: readonly string[]): fc.Arbitrary<string> {
  const values = seeds.map((s) => JSON.parse(s) as unknown);
  return fc
    .tuple(fc.constantFrom(...values), fc.array(fc.tuple(fc.nat(), fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 }))), { minLength: 1, maxLength: 4 }))
    .map(([value, edits]) => {
      const copy = structuredClone(value);
      for (const [pick, replacement] of edits) replaceSomewhere(copy, pick, replacement);
      return JSON.stringify(copy) ?? 'null';
    });
}

function replaceSomewhere(root: unknown, pick: number, replacement: unknown): void {
  const slots: { parent: Record<string, unknown>; key: string }[] = [];
  const walk = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    for (const key of Object.keys(v)) {
      slots.push({ parent: v as Record<string, unknown>, key });
      walk((v as Record<string, unknown>)[key]);
    }
  };
  walk(root);
  const slot = slots[pick % Math.max(1, slots.length)];
  if (!slot) return;
  if (replacement === undefined) delete slot.parent[slot.key];
  else slot.parent[slot.key] = replacement;
}
