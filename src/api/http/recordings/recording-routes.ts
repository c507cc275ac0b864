/**
 * A call recording's audio: listened to in the records page (records.own, with Range so that
 * the player seeks) and downloaded as a file (recordings.download). The id is looked up in the
 * database and the file named by that row is served, so a crafted id reaches nothing else. A
 * listen needs the recording's call within the user's reach (call-record-search.ts
 * recordInReach: a call their own agent handled, also one it transferred away, and for records.view
 * holders their team scope); a download or a deletion its call in the user's team scope. Every listen and every download is audited:
 * a listen once per playback from the start (a request without Range or from byte 0), not once
 * per seek. Deleting a recording (records.delete, same scope) deletes its file through the
 * recordings folder port and marks its row purged, so the call's record says "deleted" instead of
 * pointing at a missing file; it is audited. A purged recording answers 410 RECORDING_PURGED.
 *
 * Its waveform (`/peaks`) is read from the same file under the same checks as a listen (reach,
 * purged): it shows the audio's shape and no more than listening would, so it is not
 * audited as a listen. The peaks are computed once per file version (recording/peaks-cache.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLog } from '../../../accounts/audit.js';
import type { CallRecordReader } from '../../../calls/ports.js';
import { AppError, isAppError } from '../../../core/errors.js';
import { PeaksCache } from '../../../recording/peaks-cache.js';
import type { RecordingAudio, RecordingDisk, RecordingReader, RecordingRetentionStore } from '../../../recording/ports.js';
import type { Principal } from '../../../accounts/principal.js';
import type { CallDetail } from '../../../calls/ports.js';
import { recordInReach, recordInScope } from '../calls/call-record-search.js';
import { userOf } from '../calls/call-route-deps.js';
import { sendRangedFile } from '../ranged-file-reply.js';
import { wavPeaks } from '../../../recording/wav-peaks.js';
import { errorBodySchema } from '../schemas.js';
import { PEAK_BUCKETS, peaksQuery, recordingPeaksResponse } from './recording-peaks-schemas.js';

export interface RecordingRouteDeps {
  recordings: RecordingReader;
  records: Pick<CallRecordReader, 'get'>;
  audio: RecordingAudio;
  /** Deleting a recording's file (inside the recordings folder only). */
  disk: RecordingDisk;
  purges: Pick<RecordingRetentionStore, 'markPurged'>;
  now: () => number;
  audit: AuditLog;
  teamsOfAgent: (agentId: string) => string[];
}

const params = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

type Req = FastifyRequest<{ Params: { id: string } }>;

/** Whether the user reaches a call: for a listen (recordInReach) or a download / deletion (recordInScope). */
type Reach = (p: Principal | undefined, detail: CallDetail, teamsOfAgent: (agentId: string) => string[]) => boolean;

/** A file's stream as bytes; leaving the loop early (or failing) ends the stream and closes the file. */
async function* bytesOf(stream: NodeJS.ReadableStream): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream) yield typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
}


export async function registerRecordingRoutes(app: FastifyInstance, deps: RecordingRouteDeps): Promise<void> {
  const notFound = (id: string) => new AppError('NOT_FOUND', `No recording ${id}`, { recordingId: id });

  /** The row of a recording whose call the user reaches; NOT_FOUND alike for either failing. */
  const rowInReach = async (request: Req, reach: Reach) => {
    const { id } = request.params;
    const row = await deps.recordings.recording(id);
    if (!row) throw notFound(id);
    const detail = await deps.records.get(row.callId);
    if (!detail || !reach(request.principal, detail, deps.teamsOfAgent)) throw notFound(id);
    if (row.purgedAt !== undefined) {
      throw new AppError('RECORDING_PURGED', undefined, { recordingId: id, callId: row.callId, purgedAt: row.purgedAt, reason: row.purgeReason });
    }
    return row;
  };

  const peaksCache = new PeaksCache();

  /** The row, its call reached and its file open. */
  const openRecording = async (request: Req, reach: Reach) => {
    const { id } = request.params;
    const row = await rowInReach(request, reach);
    const file = await deps.audio.open(row.name);
    if (!file) throw new AppError('NOT_FOUND', `The file of recording ${id} is not there`, { recordingId: id, callId: row.callId });
    return { row, file };
  };

  const serve = async (request: Req, reply: FastifyReply, disposition: 'inline' | 'attachment', action: 'recording.listen' | 'recording.download') => {
    // Listening reaches an agent's own calls too; a download stays within the team scope.
    const { row, file } = await openRecording(request, action === 'recording.listen' ? recordInReach : recordInScope);
    return sendRangedFile(request, reply, file, {
      headers: {
        'content-type': file.contentType,
        'cache-control': 'private, no-store',
        'content-disposition': `${disposition}; filename="${row.name}.wav"`,
      },
      // Listening is audited once per play (its first byte), a download every time.
      beforeSend: async (start) => {
        if (action === 'recording.download' || start === 0) {
          await deps.audit.record({ actorId: userOf(request), action, target: `recording:${row.id}`, details: { callId: row.callId }, ...(request.ip ? { ip: request.ip } : {}) });
        }
      },
    });
  };

  app.get<{ Params: { id: string } }>(
    '/api/recordings/:id/audio',
    {
      config: { permission: 'records.own' },
      schema: {
        summary: 'A recording to listen to (audio/wav; Range requests answer 206, a range outside the file 416)',
        description: 'Without records.view only a recording of a call my own agent handled; with it my team scope. Out of reach answers 404 NOT_FOUND. A play from the start is audited (recording.listen).',
        tags: ['calls'],
        params,
        response: { 404: errorBodySchema, 410: errorBodySchema, 416: errorBodySchema },
      },
    },
    (request, reply) => serve(request, reply, 'inline', 'recording.listen'),
  );

  app.get<{ Params: { id: string }; Querystring: { buckets?: number } }>(
    '/api/recordings/:id/peaks',
    {
      config: { permission: 'records.own' },
      schema: {
        summary: 'A recording\'s waveform: the peak of each of `buckets` equal stretches (not audited: it is not a listen)',
        description: `buckets from ${PEAK_BUCKETS.min} to ${PEAK_BUCKETS.max} (default ${PEAK_BUCKETS.default}). A file that is not 8- or 16-bit PCM WAV answers 422 RECORDING_UNREADABLE (it may still play); a deleted one 410 RECORDING_PURGED.`,
        tags: ['calls'],
        params,
        querystring: peaksQuery,
        response: { 200: recordingPeaksResponse, 400: errorBodySchema, 404: errorBodySchema, 410: errorBodySchema, 422: errorBodySchema },
      },
    },
    async (request, reply) => {
      const { row, file } = await openRecording(request, recordInReach);
      const buckets = request.query.buckets ?? PEAK_BUCKETS.default;
      const key = { recordingId: row.id, modifiedAt: file.modifiedAt, size: file.size, buckets };
      const { peaks, cached } = peaksCache.get(key, () =>
        file.size > 0
          ? // The stream closes the file when it ends, fails or is left early (wavPeaks stops at the data's end).
            wavPeaks(bytesOf(file.stream(0, file.size - 1)), file.size, buckets)
          : // An empty file has no stream to take (and no header: it is refused).
            file.close().then(() => wavPeaks([], 0, buckets)),
      );
      // Served from the cache, the file was opened only for its checks and its time.
      if (cached) await file.close();
      try {
        const result = await peaks;
        void reply.header('cache-control', 'private, no-store');
        return { recordingId: row.id, ...result };
      } catch (err) {
        if (isAppError(err, 'RECORDING_UNREADABLE')) {
          throw new AppError('RECORDING_UNREADABLE', err.message, { ...(err.details as object), recordingId: row.id, callId: row.callId });
        }
        throw err;
      }
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/recordings/:id/download',
    {
      config: { permission: 'recordings.download' },
      schema: { summary: 'A recording as a file to save (audited)', tags: ['calls'], params, response: { 404: errorBodySchema, 410: errorBodySchema, 416: errorBodySchema } },
    },
    (request, reply) => serve(request, reply, 'attachment', 'recording.download'),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/recordings/:id',
    {
      config: { permission: 'records.delete' },
      schema: {
        summary: 'Delete a recording: its file goes, its row stays marked deleted (audited)',
        description: 'A recording still being recorded answers 409 RECORDING_IN_PROGRESS; one already deleted (by hand or by its queue\'s retention) 410 RECORDING_PURGED.',
        tags: ['calls'],
        params,
        response: { 204: { type: 'null' }, 404: errorBodySchema, 409: errorBodySchema, 410: errorBodySchema },
      },
    },
    async (request, reply) => {
      const row = await rowInReach(request, recordInScope);
      if (row.stoppedAt === undefined) throw new AppError('RECORDING_IN_PROGRESS', undefined, { recordingId: row.id, callId: row.callId });
      const freed = await deps.disk.remove(row.name);
      await deps.purges.markPurged([row.id], deps.now(), 'deleted');
      await deps.audit.record({
        actorId: userOf(request),
        action: 'recording.delete',
        target: `recording:${row.id}`,
        details: { callId: row.callId, fileFound: freed !== undefined, bytesFreed: freed ?? 0 },
        ...(request.ip ? { ip: request.ip } : {}),
      });
      return reply.status(204).send();
    },
  );
}
