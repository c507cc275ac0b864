/**
 * ESL event bodies: `text/event-plain` (URL-encoded `Key: value` lines, an optional inner
 * Content-Length and body) and `text/event-json` (one object, every value a string, the body in
 * `_body`, multi-value variables as arrays). Both decode to the same `EslEvent`, so the adapter
 * does not care which format the connection asked for.
 */
import { urlDecode, type EslFrame } from './esl-parser.js';

export interface EslEvent {
  /** `Event-Name` (CHANNEL_ANSWER, CUSTOM, BACKGROUND_JOB...). */
  readonly name: string;
  /**
   * Decoded header values. Multi-value variables keep FreeSWITCH's plain form `ARRAY::a|:b` in
   * both formats (JSON arrays are folded into it) so consumers see one shape.
   */
  readonly headers: Record<string, string>;
  /** The event's own body (BACKGROUND_JOB result, sendevent body), if any. */
  readonly body: string | undefined;
}

export type EslEventFormat = 'plain' | 'json';

/** The event a frame carries, or null for replies, logs and notices. */
export function eventOfFrame(frame: EslFrame): EslEvent | null {
  const type = frame.headers['Content-Type'];
  if (frame.body === undefined) return null;
  if (type === 'text/event-plain') return parsePlainEvent(frame.body);
  if (type === 'text/event-json') return parseJsonEvent(frame.body);
  return null;
}

const LF = 0x0a;

export function parsePlainEvent(bytes: Buffer): EslEvent {
  let headerEnd = -1;
  for (let i = bytes.indexOf(LF); i >= 0 && i + 1 < bytes.length; i = bytes.indexOf(LF, i + 1)) {
    if (bytes[i + 1] === LF) {
      headerEnd = i;
      break;
    }
  }
  const text = bytes.toString('utf8', 0, headerEnd < 0 ? bytes.length : headerEnd);
  const headers = Object.create(null) as Record<string, string>;
  let start = 0;
  const length = text.length;
  while (start < length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = length;
    const colon = text.indexOf(': ', start);
    if (colon > start && colon < end) {
      const raw = text.slice(colon + 2, end);
      headers[text.slice(start, colon)] = raw.indexOf('%') < 0 ? raw : urlDecode(raw);
    }
    start = end + 1;
  }
  let body: string | undefined;
  if (headerEnd >= 0) {
    const rest = bytes.subarray(headerEnd + 2);
    // The inner Content-Length is the last header of an event with a body (a sendevent may carry
    // an earlier one of its own); the byte count wins over the remaining length when both exist.
    const inner = headers['Content-Length'];
    const n = inner === undefined ? rest.length : Math.min(rest.length, Number.parseInt(inner, 10) || 0);
    if (n > 0) body = rest.toString('utf8', 0, n);
  }
  return { name: headers['Event-Name'] ?? '', headers, body };
}

export function parseJsonEvent(bytes: Buffer): EslEvent {
  const parsed = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  const headers = Object.create(null) as Record<string, string>;
  let body: string | undefined;
  for (const key in parsed) {
    const value = parsed[key];
    if (key === '_body') body = typeof value === 'string' ? value : JSON.stringify(value);
    else if (typeof value === 'string') headers[key] = value;
    else if (Array.isArray(value)) headers[key] = `ARRAY::${value.map(String).join('|:')}`;
    else if (value !== null && value !== undefined) headers[key] = String(value);
  }
  return { name: headers['Event-Name'] ?? '', headers, body };
}

/** `ARRAY::a|:b` → ['a', 'b']; a plain value → [value]. */
export function multiValue(value: string | undefined): string[] {
  if (value === undefined) return [];
  if (!value.startsWith('ARRAY::')) return [value];
  return value.slice(7).split('|:');
}
