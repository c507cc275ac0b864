/**
 * Streaming, byte-based ESL framing (mod_event_socket, FreeSWITCH 1.10).
 *
 * A frame is `Name: value\n` lines ended by an empty line; when a `Content-Length: N` header is
 * present exactly N body bytes follow with no terminator. Everything is LF. Header order is not
 * fixed (events put Content-Length first; the outbound `connect` reply puts Content-Type last).
 *
 * Why bytes and not strings: Content-Length counts bytes, and a UTF-8 character may be split
 * across TCP chunks. We only decode a frame once all of its bytes are here.
 *
 * Why the chunk bookkeeping: a 1 MB frame arriving in 64 KB chunks must not be concatenated or
 * re-scanned once per chunk. While reading headers only the new chunk is searched for the blank
 * line (one carried byte covers a `\n` | `\n` split); while reading a body the chunks are only
 * counted and concatenated once, when the body is complete.
 */
import { AppError } from '../../core/errors.js';

export interface EslFrame {
  /** Outer headers. Values are raw, except for the outbound `connect` reply (see decodeConnectReply). */
  readonly headers: Record<string, string>;
  /** The Content-Length body, when there is one. */
  readonly body: Buffer | undefined;
}

const LF = 0x0a;

/**
 * Bounds on one frame. A header block is a few hundred bytes (the outbound connect reply, every
 * channel variable, tens of KB); a body is an event (2-11 KB) or an api answer (`show channels`
 * of thousands of calls: a few MB). Beyond these the peer is not FreeSWITCH or the stream lost
 * its framing: waiting for the end would hold memory without bound, so the parser refuses with
 * PBX_PROTOCOL and the connection owner drops the link (the framing cannot be recovered).
 */
export interface EslParserLimits {
  maxHeaderBytes?: number;
  maxBodyBytes?: number;
}

export const ESL_MAX_HEADER_BYTES = 1024 * 1024;
export const ESL_MAX_BODY_BYTES = 16 * 1024 * 1024;

export class EslParser {
  /** Bytes of an incomplete header block or body, in arrival order. */
  private pending: Buffer[] = [];
  private pendingLength = 0;
  /** Headers of the frame whose body we are waiting for (null while reading headers). */
  private headersOfBody: Record<string, string> | null = null;
  private bodyLength = 0;

  private readonly maxHeaderBytes: number;
  private readonly maxBodyBytes: number;

  constructor(
    private readonly onFrame: (frame: EslFrame) => void,
    limits: EslParserLimits = {},
  ) {
    this.maxHeaderBytes = limits.maxHeaderBytes ?? ESL_MAX_HEADER_BYTES;
    this.maxBodyBytes = limits.maxBodyBytes ?? ESL_MAX_BODY_BYTES;
  }

  /**
   * Feed the bytes as they arrive; frames are delivered synchronously, in order. Throws a
   * PBX_PROTOCOL AppError (and forgets what it held) when a frame passes the limits.
   */
  push(chunk: Buffer): void {
    const data = chunk;
    let pos = 0;
    while (pos < data.length) {
      if (this.headersOfBody === null) {
        if (this.pendingLength === 0) {
          // Frames never start with a blank line; tolerate stray separators between frames.
          while (pos < data.length && data[pos] === LF) pos++;
          if (pos >= data.length) return;
          const end = findBlankLine(data, pos);
          if (end < 0) {
            this.keepHeaders(data.subarray(pos));
            return;
          }
          this.checkHeaderBlock(end - pos);
          this.startFrame(parseHeaderBlock(data.toString('utf8', pos, end)));
          pos = end + 2;
        } else {
          const last = this.pending[this.pending.length - 1]!;
          let end: number;
          let consumed: number;
          if (last[last.length - 1] === LF && data[pos] === LF) {
            end = -1; // blank line split across chunks: the block ends with the pending bytes
            consumed = pos + 1;
          } else {
            end = findBlankLine(data, pos);
            if (end < 0) {
              this.keepHeaders(data.subarray(pos));
              return;
            }
            this.checkHeaderBlock(this.pendingLength + end - pos);
            consumed = end + 2;
          }
          const parts = end < 0 ? this.pending : [...this.pending, data.subarray(pos, end)];
          let block = Buffer.concat(parts);
          if (end < 0) block = block.subarray(0, block.length - 1);
          this.clear();
          this.startFrame(parseHeaderBlock(block.toString('utf8')));
          pos = consumed;
        }
      } else {
        const missing = this.bodyLength - this.pendingLength;
        const available = data.length - pos;
        if (this.pendingLength === 0 && available >= missing) {
          this.finishFrame(data.subarray(pos, pos + missing));
          pos += missing;
        } else if (available < missing) {
          this.keep(data.subarray(pos));
          return;
        } else {
          this.pending.push(data.subarray(pos, pos + missing));
          const body = Buffer.concat(this.pending, this.bodyLength);
          this.clear();
          pos += missing;
          this.finishFrame(body);
        }
      }
    }
  }

  /** Bytes held for an incomplete frame (for tests and diagnostics). */
  bufferedBytes(): number {
    return this.pendingLength;
  }

  private startFrame(headers: Record<string, string>): void {
    const length = headers['Content-Length'];
    const n = length === undefined ? 0 : Number.parseInt(length, 10);
    if (n > this.maxBodyBytes) {
      this.refuse(`a Content-Length of ${length} passes the limit of ${this.maxBodyBytes} bytes`, { where: 'esl/Content-Length', bytes: n });
    }
    if (n > 0) {
      this.headersOfBody = headers;
      this.bodyLength = n;
    } else {
      this.onFrame({ headers, body: undefined });
    }
  }

  private finishFrame(body: Buffer): void {
    const headers = this.headersOfBody!;
    this.headersOfBody = null;
    this.bodyLength = 0;
    this.onFrame({ headers, body });
  }

  private keepHeaders(bytes: Buffer): void {
    this.keep(bytes);
    this.checkHeaderBlock(this.pendingLength);
  }

  private checkHeaderBlock(bytes: number): void {
    if (bytes > this.maxHeaderBytes) {
      this.refuse(`a header block without its end passes the limit of ${this.maxHeaderBytes} bytes`, { where: 'esl/headers', bytes });
    }
  }

  private refuse(message: string, details: Record<string, unknown>): never {
    this.clear();
    this.headersOfBody = null;
    this.bodyLength = 0;
    throw new AppError('PBX_PROTOCOL', `FreeSWITCH event socket: ${message}`, details);
  }

  private keep(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.pending.push(bytes);
    this.pendingLength += bytes.length;
  }

  private clear(): void {
    this.pending = [];
    this.pendingLength = 0;
  }
}

/** Index of the `\n` that starts a `\n\n` at or after `from`, or -1. */
function findBlankLine(data: Buffer, from: number): number {
  let i = data.indexOf(LF, from);
  while (i >= 0 && i + 1 < data.length) {
    if (data[i + 1] === LF) return i;
    i = data.indexOf(LF, i + 1);
  }
  return -1;
}

/**
 * `Name: value` lines; the first `:` splits (values may contain `: `), one space after it is
 * optional. The one header-block reader of the adapter: frame headers (raw values) and plain
 * event bodies (`decode`: values URL-decoded, as FreeSWITCH encodes them) both come through here.
 */
export function parseHeaderBlock(text: string, decode = false): Record<string, string> {
  const headers = Object.create(null) as Record<string, string>;
  let start = 0;
  const length = text.length;
  while (start < length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = length;
    const colon = text.indexOf(':', start);
    if (colon > start && colon < end) {
      const valueStart = text.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
      const raw = text.slice(valueStart, end);
      headers[text.slice(start, colon)] = decode ? urlDecode(raw) : raw;
    }
    start = end + 1;
  }
  return headers;
}

/**
 * URL-decodes a value the way FreeSWITCH encoded it (`%XX`, spaces are never `+`). A malformed
 * escape keeps the raw text: one bad header must not lose the event.
 */
export function urlDecode(value: string): string {
  if (value.indexOf('%') < 0) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The outbound `connect` reply is a header-only frame whose values are all URL-encoded
 * (`Reply-Text: %2BOK%0A`), with Content-Type at the end. Other command replies are raw.
 */
export function isConnectReply(frame: EslFrame): boolean {
  return frame.headers['Event-Name'] === 'CHANNEL_DATA' && frame.headers['Content-Type'] === 'command/reply';
}

export function decodeHeaderValues(headers: Record<string, string>): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const key in headers) out[key] = urlDecode(headers[key]!);
  return out;
}
