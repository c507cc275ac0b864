import { AppError } from '../../core/errors.js';

/**
 * Streaming AMI framer. Asterisk sends one banner line (`Asterisk Call Manager/11.0.0\r\n`), then
 * messages of `Key: Value\r\n` lines, each ending with an empty line (`\r\n\r\n`).
 *
 * Bytes are kept as bytes until a whole message is framed, so a UTF-8 character split across two
 * TCP reads is decoded intact. Each byte is scanned for the terminator once: after an incomplete
 * read the search resumes three bytes before the old end, never from the start.
 */
export type AmiMessage = Record<string, string>;

export interface AmiParserHandlers {
  banner(text: string): void;
  message(msg: AmiMessage): void;
  /** Bad input: the parser drops what it cannot read and carries on. */
  error(err: AppError): void;
}

const TERMINATOR = Buffer.from('\r\n\r\n');
const BANNER_PREFIX = 'Asterisk Call Manager/';
/** A message larger than this is not AMI; dropping it keeps memory bounded on garbage input. */
const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

export class AmiParser {
  private pending: Buffer = Buffer.alloc(0);
  /** Where the terminator search resumes inside `pending`. */
  private scanFrom = 0;
  private expectBanner = true;
  private readonly maxBytes: number;

  constructor(
    private readonly handlers: AmiParserHandlers,
    options: { maxMessageBytes?: number } = {},
  ) {
    this.maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  /** Forget buffered bytes and expect a new banner (after a reconnect). */
  reset(): void {
    this.pending = Buffer.alloc(0);
    this.scanFrom = 0;
    this.expectBanner = true;
  }

  push(chunk: Buffer): void {
    let buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let start = 0;
    let scan = this.pending.length === 0 ? 0 : this.scanFrom;

    if (this.expectBanner) {
      const eol = buf.indexOf('\r\n');
      if (eol < 0) {
        this.keep(buf, 0, Math.max(0, buf.length - 1));
        return;
      }
      const line = buf.toString('utf8', 0, eol);
      this.expectBanner = false;
      if (line.startsWith(BANNER_PREFIX)) {
        this.handlers.banner(line);
        start = eol + 2;
      }
      scan = start;
    }

    for (;;) {
      const end = buf.indexOf(TERMINATOR, scan);
      if (end < 0) break;
      this.emitMessage(buf, start, end);
      start = end + 4;
      scan = start;
    }

    if (buf.length - start > this.maxBytes) {
      this.handlers.error(
        new AppError('PBX_PROTOCOL', 'AMI message exceeds the size limit; dropped', {
          where: 'ami',
          bytes: buf.length - start,
        }),
      );
      buf = Buffer.alloc(0);
      start = 0;
    }
    this.keep(buf, start, Math.max(start, buf.length - 3));
  }

  private keep(buf: Buffer, start: number, scanFrom: number): void {
    // Copy the tail so the big read it came from can be collected.
    this.pending = start >= buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(start));
    this.scanFrom = scanFrom - start;
  }

  private emitMessage(buf: Buffer, start: number, end: number): void {
    if (end === start) return; // stray blank line between messages
    const text = buf.toString('utf8', start, end);
    const msg: AmiMessage = {};
    let bad: string | undefined;
    let pos = 0;
    while (pos <= text.length) {
      let eol = text.indexOf('\r\n', pos);
      if (eol < 0) eol = text.length;
      const colon = text.indexOf(':', pos);
      if (colon < 0 || colon > eol) {
        const line = text.slice(pos, eol);
        if (line.length > 0) bad ??= line;
      } else {
        const key = text.slice(pos, colon);
        const valueStart = text.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
        const value = text.slice(Math.min(valueStart, eol), eol);
        const prev = msg[key];
        // Repeated keys (Output, ChanVariable) keep every value, one per line.
        msg[key] = prev === undefined ? value : `${prev}\n${value}`;
      }
      pos = eol + 2;
    }
    if (bad !== undefined) {
      this.handlers.error(
        new AppError('PBX_PROTOCOL', 'AMI line without a colon', { where: 'ami', line: bad.slice(0, 200) }),
      );
    }
    if (Object.keys(msg).length > 0) this.handlers.message(msg);
  }
}

/** Serialize an action: CRLF lines, blank line at the end; values lose CR/LF (header injection). */
export function formatAmiAction(fields: Record<string, string | undefined>): string {
  let out = '';
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    out += `${k}: ${v.replace(/[\r\n]+/g, ' ')}\r\n`;
  }
  return `${out}\r\n`;
}
