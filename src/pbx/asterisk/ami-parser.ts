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
  /** Unconsumed bytes live in buf[start, end); capacity doubles, so appends cost O(1) amortized. */
  private buf: Buffer = Buffer.allocUnsafe(64 * 1024);
  private start = 0;
  private end = 0;
  /** Absolute position in `buf` where the terminator search resumes. */
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
    this.start = this.end = this.scanFrom = 0;
    this.expectBanner = true;
  }

  /** Bytes held for an incomplete message or banner (tests, diagnostics): at most the limit plus one read. */
  bufferedBytes(): number {
    return this.end - this.start;
  }

  push(chunk: Buffer): void {
    this.append(chunk);
    if (this.expectBanner) {
      const eol = this.buf.subarray(this.start, this.end).indexOf('\r\n');
      if (eol < 0) {
        if (this.end - this.start > this.maxBytes) {
          this.start = this.end = 0;
          this.handlers.error(new AppError('PBX_PROTOCOL', 'AMI banner line exceeds the size limit; dropped', { where: 'ami/banner', bytes: this.maxBytes }));
        }
        return;
      }
      this.expectBanner = false;
      const line = this.buf.toString('utf8', this.start, this.start + eol);
      if (line.startsWith(BANNER_PREFIX)) {
        this.handlers.banner(line);
        this.start += eol + 2;
      }
      this.scanFrom = this.start;
    }
    for (;;) {
      const rel = this.buf.subarray(this.scanFrom, this.end).indexOf(TERMINATOR);
      if (rel < 0) break;
      const at = this.scanFrom + rel;
      this.emitMessage(this.buf, this.start, at);
      this.start = at + 4;
      this.scanFrom = this.start;
    }
    if (this.end - this.start > this.maxBytes) {
      this.handlers.error(
        new AppError('PBX_PROTOCOL', 'AMI message exceeds the size limit; dropped', {
          where: 'ami',
          bytes: this.end - this.start,
        }),
      );
      this.start = this.end;
    }
    // Each byte is scanned once: next time resume just before the end (a terminator may straddle).
    this.scanFrom = Math.max(this.start, this.end - 3);
    if (this.start === this.end) this.start = this.end = this.scanFrom = 0;
  }

  private append(chunk: Buffer): void {
    if (this.end + chunk.length > this.buf.length) {
      const live = this.end - this.start;
      const need = live + chunk.length;
      // Grow only when compacting would not make room (or would leave it nearly full).
      const target = need * 2 > this.buf.length ? Buffer.allocUnsafe(Math.max(need * 2, this.buf.length)) : this.buf;
      this.buf.copy(target, 0, this.start, this.end);
      this.buf = target;
      this.scanFrom -= this.start;
      this.start = 0;
      this.end = live;
    }
    chunk.copy(this.buf, this.end);
    this.end += chunk.length;
  }

  private emitMessage(buf: Buffer, start: number, end: number): void {
    if (end === start) return; // stray blank line between messages
    const text = buf.toString('utf8', start, end);
    // No prototype: a key named `constructor` or `__proto__` is a key like any other.
    const msg = Object.create(null) as AmiMessage;
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
