/**
 * The fake's wire vocabulary: the recorded FreeSWITCH 1.10.12 event frames of
 * test/fixtures/freeswitch/call-flow, re-stamped with the fake's ids and re-encoded byte for byte
 * the way FreeSWITCH encodes them (plain: `Content-Length` then `Content-Type`, URL-encoded
 * values, inner Content-Length before an event body; json: string values, arrays for
 * multi-values, `_body`, no trailing newline). Its own tiny frame splitter reads the fixtures, so
 * the fake never depends on the parser it is testing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Header = [name: string, value: string];

export interface EventTemplate {
  name: string;
  headers: Header[];
  body: string | undefined;
}

const FIXTURES = join(import.meta.dirname, '../../fixtures/freeswitch');

/** FreeSWITCH's switch_url_encode: these ASCII bytes, controls and everything above 0x7e. */
const UNSAFE = new Set(Array.from('\r\n "#%&+:;<=>?@[\\]^`{|}', (c) => c.charCodeAt(0)));

export function fsUrlEncode(value: string): string {
  const bytes = Buffer.from(value, 'utf8');
  let out = '';
  for (const b of bytes) {
    if (b < 0x20 || b > 0x7e || UNSAFE.has(b)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += String.fromCharCode(b);
  }
  return out;
}

function fsUrlDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Splits a fixture file into [headers, body] frames (trusted, well-formed input). */
export function splitFrames(text: string): { headers: Header[]; body: string | undefined }[] {
  const bytes = Buffer.from(text, 'utf8');
  const frames: { headers: Header[]; body: string | undefined }[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const end = bytes.indexOf('\n\n', pos);
    if (end < 0) break;
    const headers = bytes
      .toString('utf8', pos, end)
      .split('\n')
      .map((line): Header => {
        const at = line.indexOf(': ');
        return at < 0 ? [line.replace(/:$/, ''), ''] : [line.slice(0, at), line.slice(at + 2)];
      });
    pos = end + 2;
    const length = headers.find(([n]) => n === 'Content-Length');
    let body: string | undefined;
    if (length) {
      const n = Number(length[1]);
      body = bytes.toString('utf8', pos, pos + n);
      pos += n;
    }
    frames.push({ headers, body });
  }
  return frames;
}

function templateFromPlainBody(body: string): EventTemplate {
  const split = body.indexOf('\n\n');
  const head = split < 0 ? body : body.slice(0, split);
  const headers = head.split('\n').filter(Boolean).map((line): Header => {
    const at = line.indexOf(': ');
    return [line.slice(0, at), fsUrlDecode(line.slice(at + 2))];
  });
  const inner = headers.findLast(([n]) => n === 'Content-Length');
  const rest = split < 0 ? '' : body.slice(split + 2);
  return {
    name: headers.find(([n]) => n === 'Event-Name')?.[1] ?? '',
    headers: inner ? headers.filter((h) => h !== inner) : headers,
    body: inner ? rest : undefined,
  };
}

let cached: EventTemplate[] | undefined;

export function loadTemplates(): EventTemplate[] {
  cached ??= splitFrames(readFileSync(join(FIXTURES, 'call-flow/events.plain.txt'), 'utf8'))
    .filter((f) => f.body !== undefined)
    .map((f) => templateFromPlainBody(f.body!));
  return cached;
}

export interface TemplateQuery {
  name: string;
  direction?: 'inbound' | 'outbound';
  application?: string;
  subclass?: string;
  action?: string;
}

/** The recorded frame that best matches: same name, then direction, application, action. */
export function findTemplate(q: TemplateQuery): EventTemplate {
  const get = (t: EventTemplate, n: string): string | undefined => t.headers.find(([k]) => k === n)?.[1];
  const candidates = loadTemplates().filter((t) => t.name === q.name && (q.subclass === undefined || get(t, 'Event-Subclass') === q.subclass));
  const score = (t: EventTemplate): number =>
    (q.direction !== undefined && get(t, 'Call-Direction') === q.direction ? 4 : 0) +
    (q.application !== undefined && get(t, 'Application') === q.application ? 2 : 0) +
    (q.action !== undefined && get(t, 'Action') === q.action ? 1 : 0);
  const best = [...candidates].sort((a, b) => score(b) - score(a))[0];
  if (!best) throw new Error(`no recorded ${q.name} frame to replay`);
  return best;
}

/** One rendered event, ready to be written in either format. */
export interface FakeEvent {
  headers: Header[];
  body?: string;
}

/** Copy of a template with `replace` substituted everywhere and `set` overriding (or appending). */
export function restamp(template: EventTemplate, replace: Record<string, string>, set: Record<string, string | undefined>): FakeEvent {
  const pairs = Object.entries(replace).filter(([from]) => from !== '');
  const headers: Header[] = template.headers.map(([n, v]) => {
    let value = v;
    for (const [from, to] of pairs) if (value.includes(from)) value = value.replaceAll(from, to);
    return [n, value];
  });
  for (const [name, value] of Object.entries(set)) {
    const at = headers.findIndex(([n]) => n === name);
    if (value === undefined) {
      if (at >= 0) headers.splice(at, 1);
    } else if (at >= 0) headers[at] = [name, value];
    else headers.push([name, value]);
  }
  return { headers, body: template.body };
}

export function plainFrame(event: FakeEvent): Buffer {
  let text = event.headers.map(([n, v]) => `${n}: ${fsUrlEncode(v)}\n`).join('');
  if (event.body !== undefined) text += `Content-Length: ${Buffer.byteLength(event.body)}\n\n${event.body}`;
  else text += '\n';
  const body = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\nContent-Type: text/event-plain\n\n`), body]);
}

export function jsonFrame(event: FakeEvent): Buffer {
  const object: Record<string, string | string[]> = {};
  for (const [n, v] of event.headers) object[n] = v.startsWith('ARRAY::') ? v.slice(7).split('|:') : v;
  if (event.body !== undefined) {
    object['Content-Length'] = String(Buffer.byteLength(event.body));
    object['_body'] = event.body;
  }
  const body = Buffer.from(JSON.stringify(object), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\nContent-Type: text/event-json\n\n`), body]);
}

export function commandReply(text: string, extra: Header[] = []): Buffer {
  return Buffer.from(`Content-Type: command/reply\nReply-Text: ${text}\n${extra.map(([n, v]) => `${n}: ${v}\n`).join('')}\n`);
}

export function apiResponse(body: string): Buffer {
  return Buffer.from(`Content-Type: api/response\nContent-Length: ${Buffer.byteLength(body)}\n\n${body}`);
}

export const AUTH_REQUEST = Buffer.from('Content-Type: auth/request\n\n');
export const DISCONNECT_NOTICE = Buffer.from(
  'Content-Type: text/disconnect-notice\nContent-Length: 67\n\nDisconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n',
);

/** The recorded outbound `connect` reply (header-only, URL-encoded, Content-Type at the end). */
export function connectReplyTemplate(): Header[] {
  const [frame] = splitFrames(readFileSync(join(FIXTURES, 'outbound/20-connect-reply.txt'), 'utf8'));
  return frame!.headers.map(([n, v]): Header => [n, fsUrlDecode(v)]);
}

export function connectReplyFrame(headers: Header[]): Buffer {
  return Buffer.from(headers.map(([n, v]) => `${n}: ${fsUrlEncode(v)}\n`).join('') + '\n');
}

/** The canned text of `api status` from the capture. */
export function recordedStatus(): string {
  const frames = splitFrames(readFileSync(join(FIXTURES, 'inbound/04-api-basic.server.txt'), 'utf8'));
  return frames.find((f) => f.body?.startsWith('UP '))?.body ?? '+OK\n';
}
