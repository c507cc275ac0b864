/**
 * A call recording's audio: listened to in the records page (records.view, with Range so that
 * the player seeks) and downloaded as a file (recordings.download). The id is looked up in the
 * database and the file named by that row is served, so a crafted id reaches nothing else; the
 * recording's call must be in the user's team scope. Every listen and every download is audited:
 * a listen once per playback from the start (a request without Range or from byte 0), not once
 * per seek.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLog } from '../../../accounts/audit.js';
import type { CallRecordReader } from '../../../calls/ports.js';
import { AppError } from '../../../core/errors.js';
import { resolveRange } from '../../../recording/byte-range.js';
import type { RecordingAudio, RecordingReader } from '../../../recording/ports.js';
import { recordInScope } from '../calls/call-record-search.js';
import { userOf } from '../calls/call-route-deps.js';
import { errorBodySchema } from '../schemas.js';

export interface RecordingRouteDeps {
  recordings: RecordingReader;
  records: Pick<CallRecordReader, 'get'>;
  audio: RecordingAudio;
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

export async function registerRecordingRoutes(app: FastifyInstance, deps: RecordingRouteDeps): Promise<void> {
  const notFound = (id: string) => new AppError('NOT_FOUND', `No recording ${id}`, { recordingId: id });

  /** The row, its call in scope and its file open; NOT_FOUND for all three failing alike. */
  const openRecording = async (request: Req) => {
    const { id } = request.params;
    const row = await deps.recordings.recording(id);
    if (!row) throw notFound(id);
    const detail = await deps.records.get(row.callId);
    if (!detail || !recordInScope(request.principal, detail, deps.teamsOfAgent)) throw notFound(id);
    const file = await deps.audio.open(row.name);
    if (!file) throw new AppError('NOT_FOUND', `The file of recording ${id} is not there`, { recordingId: id, callId: row.callId });
    return { row, file };
  };

  const serve = async (request: Req, reply: FastifyReply, disposition: 'inline' | 'attachment', action: 'recording.listen' | 'recording.download') => {
    const { row, file } = await openRecording(request);
    const range = resolveRange(request.headers.range, file.size);
    if (range.kind === 'unsatisfiable') {
      await file.close();
      return reply.status(416).header('content-range', `bytes */${file.size}`).send(new AppError('RANGE_NOT_SATISFIABLE', undefined, { size: file.size, range: request.headers.range }).toBody());
    }
    const start = range.kind === 'part' ? range.start : 0;
    const end = range.kind === 'part' ? range.end : file.size - 1;
    if (action === 'recording.download' || start === 0) {
      await deps.audit.record({ actorId: userOf(request), action, target: `recording:${row.id}`, details: { callId: row.callId }, ...(request.ip ? { ip: request.ip } : {}) });
    }
    reply
      .header('accept-ranges', 'bytes')
      .header('content-type', file.contentType)
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `${disposition}; filename="${row.name}.wav"`);
    if (range.kind === 'part') reply.status(206).header('content-range', `bytes ${start}-${end}/${file.size}`);
    if (file.size === 0) {
      await file.close();
      return reply.header('content-length', 0).send('');
    }
    return reply.header('content-length', end - start + 1).send(file.stream(start, end));
  };

  app.get<{ Params: { id: string } }>(
    '/api/recordings/:id/audio',
    {
      config: { permission: 'records.view' },
      schema: {
        summary: 'A recording to listen to (audio/wav; Range requests answer 206, a range outside the file 416)',
        tags: ['calls'],
        params,
        response: { 404: errorBodySchema, 416: errorBodySchema },
      },
    },
    (request, reply) => serve(request, reply, 'inline', 'recording.listen'),
  );

  app.get<{ Params: { id: string } }>(
    '/api/recordings/:id/download',
    {
      config: { permission: 'recordings.download' },
      schema: { summary: 'A recording as a file to save (audited)', tags: ['calls'], params, response: { 404: errorBodySchema, 416: errorBodySchema } },
    },
    (request, reply) => serve(request, reply, 'attachment', 'recording.download'),
  );
}
