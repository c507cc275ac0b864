/**
 * What an upload may be (issues 12 and 13): chat uploads and ticket attachments pass the same
 * checks. The type is read from the bytes (magic numbers, the `file-type` package), never from
 * the name or the type the client declared; each kind has its size limit and its allow-list.
 *
 * Active content is refused, not cleaned: SVG, HTML and XML never pass (file-type does not name
 * them, and text that starts with markup is refused below), so nothing this module accepts can
 * run script when opened. Images are not re-encoded: the only well-kept image codec for Node
 * (sharp) is a native build; the served copy keeps its detected type with `nosniff`, so a
 * polyglot is shown as the image it claims to be, never as a page.
 *
 * Pure (no I/O): the store keeps the bytes (ports.ts), the routes set the headers (servedHeaders).
 */
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../core/errors.js';

export const ATTACHMENT_KINDS = ['image', 'file', 'video', 'voice'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** Bytes allowed per kind (config `attachments.maxBytes`). */
export type AttachmentLimits = Record<AttachmentKind, number>;

const MB = 1024 * 1024;
export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = { image: 10 * MB, file: 20 * MB, video: 50 * MB, voice: 10 * MB };

/** The characters of a displayed name. */
export const MAX_NAME_LENGTH = 200;

/** Kind 'file' also takes plain UTF-8 text, which no magic number names. */
const TEXT = 'text/plain';

/**
 * Detected type -> the type it is served as, per kind. A voice clip recorded by a browser is WebM
 * or Ogg with audio only; file-type names WebM `video/webm` whatever it holds, so voice serves it
 * as audio.
 */
const ALLOWED: Record<AttachmentKind, Readonly<Record<string, string>>> = {
  image: { 'image/png': 'image/png', 'image/jpeg': 'image/jpeg', 'image/gif': 'image/gif', 'image/webp': 'image/webp' },
  video: { 'video/mp4': 'video/mp4', 'video/webm': 'video/webm', 'video/quicktime': 'video/quicktime' },
  voice: {
    'audio/mpeg': 'audio/mpeg',
    'audio/wav': 'audio/wav',
    'audio/ogg': 'audio/ogg',
    'audio/opus': 'audio/ogg',
    'audio/mp4': 'audio/mp4',
    'audio/x-m4a': 'audio/mp4',
    'audio/aac': 'audio/aac',
    'video/webm': 'audio/webm',
  },
  file: {
    'application/pdf': 'application/pdf',
    'application/zip': 'application/zip',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    'application/vnd.oasis.opendocument.text': 'application/vnd.oasis.opendocument.text',
    'application/vnd.oasis.opendocument.spreadsheet': 'application/vnd.oasis.opendocument.spreadsheet',
    'application/x-cfb': 'application/octet-stream',
    'image/png': 'image/png',
    'image/jpeg': 'image/jpeg',
    'image/gif': 'image/gif',
    'image/webp': 'image/webp',
    'audio/mpeg': 'audio/mpeg',
    'audio/wav': 'audio/wav',
    'video/mp4': 'video/mp4',
    [TEXT]: 'text/plain; charset=utf-8',
  },
};

/** Served inline (shown by the page) only for these; everything else is a download. */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'video/mp4', 'video/webm', 'audio/mpeg', 'audio/wav', 'audio/ogg', 'audio/mp4', 'audio/aac', 'audio/webm']);

export interface CheckedUpload {
  kind: AttachmentKind;
  /** The type the bytes are, as served. */
  contentType: string;
  size: number;
  /** The name for display: no folders, no control or direction characters. */
  name: string;
}

export function isAttachmentKind(value: unknown): value is AttachmentKind {
  return typeof value === 'string' && (ATTACHMENT_KINDS as readonly string[]).includes(value);
}

/**
 * Checks one upload; AppError (ATTACHMENT_KIND_UNKNOWN, ATTACHMENT_EMPTY, ATTACHMENT_TOO_LARGE,
 * ATTACHMENT_TYPE_REFUSED) with `where` naming the part at fault.
 */
export async function checkUpload(input: { kind: string; name: string; bytes: Uint8Array }, limits: AttachmentLimits): Promise<CheckedUpload> {
  const { kind, bytes } = input;
  if (!isAttachmentKind(kind)) throw new AppError('ATTACHMENT_KIND_UNKNOWN', `Kind must be one of ${ATTACHMENT_KINDS.join(', ')}`, { where: '/kind', kind: String(kind).slice(0, 40) });
  if (bytes.length === 0) throw new AppError('ATTACHMENT_EMPTY', undefined, { where: '/body' });
  if (bytes.length > limits[kind]) throw new AppError('ATTACHMENT_TOO_LARGE', `A ${kind} holds at most ${Math.floor(limits[kind] / MB)} MB`, { where: '/body', kind, maxBytes: limits[kind], size: bytes.length });
  const detected = (await fileTypeFromBuffer(bytes))?.mime ?? (isPlainText(bytes) ? TEXT : undefined);
  const served = detected === undefined ? undefined : ALLOWED[kind][detected];
  if (served === undefined) throw new AppError('ATTACHMENT_TYPE_REFUSED', `This content is not accepted as ${kind === 'image' ? 'an' : 'a'} ${kind}`, { where: '/body', kind, detected: detected ?? 'unknown' });
  return { kind, contentType: served, size: bytes.length, name: displayName(input.name, kind) };
}

/**
 * UTF-8 text with no control characters but tab and line ends, that does not open with markup
 * (HTML, SVG, XML: a browser told `text/plain` and `nosniff` shows it as text anyway, but such a
 * file has no business in a chat).
 */
export function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return false;
  return !/^[\s\ufeff]*</.test(text);
}

/** The original name for display only: last path part, no control/direction characters, bounded. */
export function displayName(raw: string, kind: AttachmentKind): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '').trim().replace(/^\.+/, '');
  const bounded = [...clean].slice(0, MAX_NAME_LENGTH).join('');
  return bounded === '' ? kind : bounded;
}

/** How a stored attachment is answered: its detected type, never sniffed; inline only when safe to show. */
export function servedHeaders(a: { contentType: string; name: string }): Record<string, string> {
  const disposition = INLINE.has(a.contentType) ? 'inline' : 'attachment';
  const ascii = a.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return {
    'content-type': a.contentType,
    'content-disposition': `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': 'private, max-age=3600',
    'accept-ranges': 'bytes',
  };
}
