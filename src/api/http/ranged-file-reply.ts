/**
 * One answer for every file the daemon serves with byte ranges (recordings, voicemails, chat
 * attachments): a browser's <audio> and <video> seek with Range, and each route used to write
 * the 206 / 416 / empty-file rules again. The route decides scope, headers and auditing; this
 * decides which bytes go out.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.js';
import { resolveRange } from '../../recording/byte-range.js';

/** A file opened for reading: the shape of both the recordings folder's and the attachments' files. */
export interface RangedFile {
  size: number;
  /** The bytes from `start` to `end` inclusive; the file closes when the stream ends or fails. */
  stream(start: number, end: number): NodeJS.ReadableStream;
  /** Closes the file when no stream is taken. */
  close(): Promise<void>;
}

export interface RangedFileOptions {
  /** Headers of a served answer (type, disposition, caching); not sent with a 416. */
  headers: Record<string, string>;
  /** Runs once the range is known to be served, with its first byte (listening audits only a start from 0). */
  beforeSend?: (start: number) => Promise<void>;
}

export async function sendRangedFile(request: FastifyRequest, reply: FastifyReply, file: RangedFile, options: RangedFileOptions): Promise<FastifyReply> {
  const range = resolveRange(request.headers.range, file.size);
  if (range.kind === 'unsatisfiable') {
    await file.close();
    return reply
      .status(416)
      .header('content-range', `bytes */${file.size}`)
      .send(new AppError('RANGE_NOT_SATISFIABLE', undefined, { size: file.size, range: request.headers.range }).toBody());
  }
  const start = range.kind === 'part' ? range.start : 0;
  const end = range.kind === 'part' ? range.end : file.size - 1;
  if (options.beforeSend) {
    try {
      await options.beforeSend(start);
    } catch (error) {
      // The audit could not be written: nothing is served, and the file must not stay open.
      await file.close();
      throw error;
    }
  }
  reply.headers({ 'accept-ranges': 'bytes', ...options.headers });
  if (range.kind === 'part') reply.status(206).header('content-range', `bytes ${start}-${end}/${file.size}`);
  if (file.size === 0) {
    // A stream of zero bytes cannot be asked for (end would be -1): answer empty and close.
    await file.close();
    return reply.header('content-length', 0).send('');
  }
  return reply.header('content-length', end - start + 1).send(file.stream(start, end));
}
