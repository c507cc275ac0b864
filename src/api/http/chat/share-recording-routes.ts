/**
 * Recordings of screen shares and video calls (issue 20, docs/remote-assistance.md): the agent's
 * page sends the recording of a recorded share once it is over, and readers of the chat open it.
 *
 *   POST /api/shares/:id/recording   raw WebM body   chat.handle, the agent who asked for the share, once
 *   GET  /api/shares/:id/recording                   chat.handle, a reader of the chat (mine, or chat.supervise)
 *
 * A plugin of its own: the body is read as bytes whatever type it declares (the rules read the
 * type from the bytes), as the chat uploads are (upload-routes.ts). A body declared over the limit
 * is refused from its Content-Length before it is read. Served like a chat file: its detected type,
 * nosniff, a sandboxing CSP, byte ranges for the player; each opening from the start is audited.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { servedHeaders } from '../../../attachments/attachment-rules.js';
import type { AttachmentFiles } from '../../../attachments/ports.js';
import type { AuditLog } from '../../../accounts/audit.js';
import { RECORDING_TYPE, recordingName, type ShareRecordings } from '../../../chat/assist/share-recordings.js';
import { AppError } from '../../../core/errors.js';
import { seesEveryChat } from '../../chat-reach.js';
import { sendRangedFile } from '../ranged-file-reply.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { shareSchema } from './share-routes.js';

export interface ShareRecordingRouteDeps {
  recordings: ShareRecordings;
  files: AttachmentFiles;
  audit: AuditLog;
  /** Bytes one recording may hold (config assist.recordingMaxBytes). */
  maxBytes: number;
}

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 413: errorBodySchema, 415: errorBodySchema };
type Id = { Params: { id: string } };

export async function registerShareRecordingRoutes(app: FastifyInstance, deps: ShareRecordingRouteDeps): Promise<void> {
  const bodyLimit = deps.maxBytes + 1;
  // Every declared type is read as plain bytes: what the content is, the rules read from it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
  const tags = ['chat'];
  const userOf = (r: FastifyRequest) => r.principal?.userId ?? 'unknown';

  app.post<Id & { Body: Buffer | undefined }>(
    '/api/shares/:id/recording',
    {
      bodyLimit,
      config: { permission: 'chat.handle' },
      preParsing: async (request, _reply, payload) => {
        const length = Number(request.headers['content-length'] ?? 0);
        if (length > deps.maxBytes) throw new AppError('ATTACHMENT_TOO_LARGE', `A share recording holds at most ${Math.floor(deps.maxBytes / 1048576)} MB`, { where: '/body', maxBytes: deps.maxBytes });
        return payload;
      },
      schema: {
        summary: "The agent's page sends the WebM recording of a recorded share once it is over (raw body; once per share, from the agent who asked for it)",
        tags,
        params: idParamsSchema,
        response: { 200: { type: 'object', properties: { share: shareSchema } }, ...errors },
      },
    },
    async (r) => {
      const share = await deps.recordings.store(userOf(r), r.params.id, r.body ?? Buffer.alloc(0));
      await deps.audit.record({ actorId: userOf(r), action: 'chat.share_recording', target: `chat:${share.chatId}`, details: { shareId: share.id, kind: share.kind, size: share.recording?.size }, ip: r.ip });
      return { share };
    },
  );

  app.get<Id>(
    '/api/shares/:id/recording',
    { config: { permission: 'chat.handle' }, schema: { summary: "A share's recording (WebM; a reader of the chat: mine, or any with chat.supervise)", tags, params: idParamsSchema, response: { 200: {}, ...errors } } },
    async (r, reply) => {
      const viewer = { ...(r.principal?.agentId ? { agentId: r.principal.agentId } : {}), supervise: seesEveryChat(r.principal) };
      const { share, storedName } = await deps.recordings.read(r.params.id, viewer);
      const file = await deps.files.open(storedName);
      return sendRangedFile(r, reply, file, {
        headers: servedHeaders({ contentType: RECORDING_TYPE, name: recordingName(share) }),
        // Opening it (from the start) is audited; a player's seeks are not each an entry.
        beforeSend: async (start) => {
          if (start === 0) await deps.audit.record({ actorId: userOf(r), action: 'chat.share_recording_read', target: `chat:${share.chatId}`, details: { shareId: share.id }, ip: r.ip });
        },
      });
    },
  );
}
