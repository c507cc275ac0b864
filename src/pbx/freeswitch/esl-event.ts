/**
 * ESL event bodies: `text/event-plain` (URL-encoded `Key: value` lines, an optional inner
 * Content-Length and body) and `text/event-json` (one object, every value a string, the body in
 * `_body`, multi-value variables as arrays). Both decode to the same `EslEvent`.
 *
 * Why lazy: a FreeSWITCH event is ~2-11 KB (every channel variable rides along) and the adapter
 * looks at three or four headers of most of them (name, Unique-ID, a cause) and ignores many
 * events entirely (CODEC, CHANNEL_STATE, other people's calls). `get()` finds one header with a
 * native byte search and decodes only that value; the full map is built on first use of
 * `headers` and cached. A header name search is anchored (`\nName: ` / `,"Name":`) so
 * `Other-Leg-Unique-ID` never answers for `Unique-ID`.
 */
import { AppError } from '../../core/errors.js';
import { parseHeaderBlock, urlDecode, type EslFrame } from './esl-parser.js';

export interface EslEvent {
  /** `Event-Name` (CHANNEL_ANSWER, CUSTOM, BACKGROUND_JOB...). */
  readonly name: string;
  /**
   * One decoded header, without decoding the others. A repeated header answers with its first
   * occurrence: FreeSWITCH writes the event's own headers first (a COMMAND event repeats the
   * sendmsg's `Event-Name` further down), while `headers` keeps the last, like JSON.parse.
   */
  get(name: string): string | undefined;
  /**
   * Every decoded header. Multi-value variables keep FreeSWITCH's plain form `ARRAY::a|:b` in
   * both formats (JSON arrays are folded into it) so consumers see one shape.
   */
  readonly headers: Record<string, string>;
  /** The event's own body (BACKGROUND_JOB result, sendevent body), if any. */
  readonly body: string | undefined;
}

export type EslEventFormat = 'plain' | 'json';

/** The event a frame carries, or null for replies, logs and notices. */
export function eventOfFrame(frame: EslFrame): EslEvent | null {
  if (frame.body === undefined) return null;
  const type = frame.headers['Content-Type'];
  if (type === 'text/event-plain') return new PlainEvent(frame.body);
  if (type === 'text/event-json') return new JsonEvent(frame.body);
  return null;
}

export function parsePlainEvent(bytes: Buffer): EslEvent {
  return new PlainEvent(bytes);
}

export function parseJsonEvent(bytes: Buffer): EslEvent {
  return new JsonEvent(bytes);
}

const LF = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

class PlainEvent implements EslEvent {
  readonly name: string;
  private readonly headerEnd: number;
  private decoded: Record<string, string> | undefined;
  private bodyText: string | undefined | null = null;

  constructor(private readonly bytes: Buffer) {
    const end = bytes.indexOf('\n\n');
    this.headerEnd = end < 0 ? bytes.length : end;
    this.name = this.get('Event-Name') ?? '';
  }

  get(name: string): string | undefined {
    if (this.decoded) return this.decoded[name];
    const bytes = this.bytes;
    let at: number;
    if (bytes.toString('latin1', 0, name.length + 2) === `${name}: `) at = 0;
    else {
      at = bytes.indexOf(`\n${name}: `);
      if (at < 0 || at >= this.headerEnd) return undefined;
      at += 1;
    }
    const start = at + name.length + 2;
    let end = bytes.indexOf(LF, start);
    if (end < 0 || end > this.headerEnd) end = this.headerEnd;
    return urlDecode(bytes.toString('utf8', start, end));
  }

  get headers(): Record<string, string> {
    if (!this.decoded) this.decoded = parseHeaderBlock(this.bytes.toString('utf8', 0, this.headerEnd), true);
    return this.decoded;
  }

  get body(): string | undefined {
    if (this.bodyText !== null) return this.bodyText;
    this.bodyText = undefined;
    if (this.headerEnd + 2 < this.bytes.length) {
      const rest = this.bytes.subarray(this.headerEnd + 2);
      // The inner Content-Length is the last header of an event with a body (a sendevent may
      // carry an earlier one of its own), so it is read from the full map, not with get().
      const inner = this.headers['Content-Length'];
      const n = inner === undefined ? rest.length : Math.min(rest.length, Number.parseInt(inner, 10) || 0);
      if (n > 0) this.bodyText = rest.toString('utf8', 0, n);
    }
    return this.bodyText;
  }
}

class JsonEvent implements EslEvent {
  readonly name: string;
  private decoded: Record<string, string> | undefined;
  private bodyText: string | undefined;

  constructor(private readonly bytes: Buffer) {
    this.name = this.get('Event-Name') ?? '';
  }

  get(name: string): string | undefined {
    if (this.decoded) return this.decoded[name];
    const bytes = this.bytes;
    const key = `"${name}":`;
    let at = bytes.indexOf(key);
    // Anchor on the object's own punctuation so a key never matches inside another key.
    while (at > 0 && bytes[at - 1] !== 0x7b && bytes[at - 1] !== 0x2c) at = bytes.indexOf(key, at + 1);
    if (at < 0) return undefined;
    const start = at + key.length;
    if (bytes[start] !== QUOTE) return this.headers[name];
    let end = start + 1;
    for (;;) {
      end = bytes.indexOf(QUOTE, end);
      if (end < 0) return this.headers[name];
      let slashes = 0;
      while (bytes[end - 1 - slashes] === BACKSLASH) slashes++;
      if (slashes % 2 === 0) break;
      end++;
    }
    const escaped = bytes.subarray(start + 1, end).indexOf(BACKSLASH) >= 0;
    return escaped ? (parseJson(bytes.toString('utf8', start, end + 1), name) as string) : bytes.toString('utf8', start + 1, end);
  }

  get headers(): Record<string, string> {
    if (!this.decoded) {
      const parsed = parseJson(this.bytes.toString('utf8'), '') as Record<string, unknown>;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new AppError('PBX_PROTOCOL', 'FreeSWITCH json event is not an object', { where: 'esl/event-json' });
      }
      const headers = Object.create(null) as Record<string, string>;
      for (const key in parsed) {
        const value = parsed[key];
        if (key === '_body') this.bodyText = typeof value === 'string' ? value : JSON.stringify(value);
        else if (typeof value === 'string') headers[key] = value;
        else if (Array.isArray(value)) headers[key] = `ARRAY::${value.map(String).join('|:')}`;
        else if (value !== null && value !== undefined) headers[key] = String(value);
      }
      this.decoded = headers;
    }
    return this.decoded;
  }

  get body(): string | undefined {
    void this.headers;
    return this.bodyText;
  }
}

/**
 * JSON.parse with a coded refusal: a malformed event (truncated, a bad escape) is one
 * PBX_PROTOCOL error naming the header, which the connection logs and drops, never a SyntaxError.
 */
function parseJson(text: string, header: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('PBX_PROTOCOL', `FreeSWITCH json event is not valid JSON${header ? ` at ${header}` : ''}`, {
      where: header ? `esl/event-json/${header}` : 'esl/event-json',
    });
  }
}

/** `ARRAY::a|:b` → ['a', 'b']; a plain value → [value]. */
export function multiValue(value: string | undefined): string[] {
  if (value === undefined) return [];
  if (!value.startsWith('ARRAY::')) return [value];
  return value.slice(7).split('|:');
}
