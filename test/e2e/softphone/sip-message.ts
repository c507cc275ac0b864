/**
 * SIP messages as text, as far as the softphone test's registrar and UAS need them (RFC 3261
 * syntax over WebSocket: one message per frame, so Content-Length only checks the body).
 */
export interface SipMessage {
  /** `INVITE sip:x@y SIP/2.0` or `SIP/2.0 200 OK`. */
  startLine: string;
  method?: string;
  uri?: string;
  status?: number;
  headers: [string, string][];
  body: string;
}

/** RFC 3261 compact header names SIP stacks may send. */
const COMPACT: Record<string, string> = { v: 'via', f: 'from', t: 'to', i: 'call-id', m: 'contact', l: 'content-length', c: 'content-type' };

export function parseSip(text: string): SipMessage {
  const split = text.indexOf('\r\n\r\n');
  const head = split >= 0 ? text.slice(0, split) : text;
  const body = split >= 0 ? text.slice(split + 4) : '';
  const [startLine = '', ...lines] = head.split('\r\n');
  const headers: [string, string][] = [];
  for (const line of lines) {
    if (/^\s/.test(line) && headers.length > 0) {
      const last = headers[headers.length - 1] as [string, string];
      last[1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  const response = /^SIP\/2\.0 (\d{3})/.exec(startLine);
  if (response) return { startLine, status: Number(response[1]), headers, body };
  const [method, uri] = startLine.split(' ');
  return { startLine, ...(method ? { method } : {}), ...(uri ? { uri } : {}), headers, body };
}

function canonical(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT[lower] ?? lower;
}

export function header(m: SipMessage, name: string): string | undefined {
  return m.headers.find(([n]) => canonical(n) === canonical(name))?.[1];
}

export function headersOf(m: SipMessage, name: string): string[] {
  return m.headers.filter(([n]) => canonical(n) === canonical(name)).map(([, v]) => v);
}

export function formatSip(startLine: string, headers: [string, string][], body = ''): string {
  const lines = headers.filter(([n]) => n.toLowerCase() !== 'content-length').map(([n, v]) => `${n}: ${v}`);
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${startLine}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** A header parameter: `;tag=abc` from a From/To value, `branch` from a Via. */
export function param(value: string | undefined, name: string): string | undefined {
  return value === undefined ? undefined : new RegExp(`;\\s*${name}=([^;>\\s,]+)`, 'i').exec(value)?.[1];
}

/** The URI inside `"Name" <sip:...>;params` (or a bare URI). */
export function uriOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const angle = /<([^>]+)>/.exec(value);
  return angle ? angle[1] : value.split(';')[0]?.trim();
}

/** Digest parameters of an Authorization header: `Digest username="a", nc=00000001, ...`. */
export function digestParams(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (value ?? '').replace(/^Digest\s+/i, '').matchAll(/([a-z0-9-]+)=(?:"([^"]*)"|([^,\s]+))/gi)) {
    out[(m[1] as string).toLowerCase()] = m[2] ?? m[3] ?? '';
  }
  return out;
}
