/**
 * The recording of the voicemail a ticket was made from (src/tickets/voicemail.ts):
 *
 *   GET /api/tickets/:id/voicemail    records.view (hearing recordings), the ticket in scope
 *
 * Same rules as a call recording's audio (recording-routes.ts): the file is the one the stored
 * message names, opened inside the recordings folder only; Range for seeking; each playback from
 * the start is audited. A ticket out of scope, or not made from a voicemail, is not found.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/errors.js';
import type { AuditLog } from '../../../accounts/audit.js';
import type { RecordingAudio } from '../../../recording/ports.js';
import type { TicketService } from '../../../tickets/ticket-service.js';
import type { TeamsOfAgent } from '../../team-scope.js';
import { sendRangedFile } from '../ranged-file-reply.js';
import { errorBodySchema } from '../schemas.js';
import { ticketViewerOf } from './ticket-routes.js';

export interface TicketVoicemailRouteDeps {
  tickets: Pick<TicketService, 'voicemail'>;
  teamsOfAgent: TeamsOfAgent;
  audio: RecordingAudio;
  audit: AuditLog;
}

export async function registerTicketVoicemailRoutes(app: FastifyInstance, deps: TicketVoicemailRouteDeps): Promise<void> {
  app.get<{ Params: { id: string } }>(
    '/api/tickets/:id/voicemail',
    {
      config: { permission: 'records.view' },
      schema: {
        summary: "The recording of the voicemail a ticket was made from (audio/wav; Range answers 206, a range outside the file 416)",
        tags: ['tickets'],
        params: { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string', minLength: 1, maxLength: 100 } } },
        response: { 403: errorBodySchema, 404: errorBodySchema, 416: errorBodySchema },
      },
    },
    async (request, reply) => {
      const viewer = ticketViewerOf(request, deps.teamsOfAgent);
      const v = await deps.tickets.voicemail(request.params.id, viewer);
      const file = await deps.audio.open(v.recordingName);
      if (!file) throw new AppError('NOT_FOUND', 'The voicemail recording is not there (deleted or never written)', { ticketId: request.params.id, messageId: v.messageId });
      return sendRangedFile(request, reply, file, {
        headers: {
          'content-type': file.contentType,
          'cache-control': 'private, no-store',
          'content-disposition': `inline; filename="${v.recordingName}.wav"`,
        },
        beforeSend: async (start) => {
          if (start === 0) {
            await deps.audit.record({ actorId: viewer.userId, action: 'recording.listen', target: `voicemail:${v.messageId}`, details: { ticketId: request.params.id }, ...(viewer.ip ? { ip: viewer.ip } : {}) });
          }
        },
      });
    },
  );
}
