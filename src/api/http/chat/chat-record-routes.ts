/**
 * Chat records: ended chats searched (GET /api/chat-records), exported as CSV (…/export, records.view,
 * capped per role and audited like the call records' export) and read (…/:id/messages). Listing and
 * reading need chat.handle only: an agent sees their own chats, a team lead (records.view) their
 * teams', supervisors and admins every chat (chat-record-scope.ts). A chat out of reach reads as
 * not there.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditLog } from '../../../accounts/audit.js';
import { chatRecordsCsv, type ChatExportNames } from '../../../chat/chat-record-export.js';
import { toChatRecordQuery, type ChatRecordFilter } from '../../../chat/chat-record-search.js';
import type { ChatService } from '../../../chat/chat-service.js';
import type { ChatRecordReader } from '../../../chat/ports.js';
import type { ExportFormat } from '../../../core/csv.js';
import { AppError } from '../../../core/errors.js';
import { EXPORT_CAPS_TEXT, exportCapOf, type ExportRowCaps } from '../export-caps.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { chatInScope, chatRecordScope } from './chat-record-scope.js';
import { chatRecordsExportQuery, chatRecordsQuery, chatRecordsResponse } from './chat-record-schemas.js';
import { messagesPageSchema, messagesQuerySchema } from './chat-schemas.js';

export interface ChatRecordRouteDeps {
  records: ChatRecordReader;
  chat: Pick<ChatService, 'messages'>;
  audit: AuditLog;
  /** Agents in any of these teams: a team lead's records are those of their agents. */
  agentsInTeams: (teamIds: string[]) => string[];
  /** Most rows one export may hold, per role (default EXPORT_ROW_CAPS of export-caps.ts). */
  exportRowCaps?: ExportRowCaps;
  /** Queue and agent names for the export's name columns, read once per export. */
  exportNames?: () => Promise<ChatExportNames>;
}

const tags = ['chat'];
const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

export async function registerChatRecordRoutes(app: FastifyInstance, deps: ChatRecordRouteDeps): Promise<void> {
  const search = (request: FastifyRequest, filter: ChatRecordFilter) =>
    toChatRecordQuery(filter, chatRecordScope(request.principal, deps.agentsInTeams), (teamId) => deps.agentsInTeams([teamId]));

  app.get<{ Querystring: ChatRecordFilter }>(
    '/api/chat-records',
    {
      config: { permission: 'chat.handle' },
      schema: {
        summary: 'Ended chats within my reach, newest first; page with `before` = last id seen',
        description:
          'from and to are required; other filters combine (and); `outcome` and `endReason` may repeat (any of them). An inverted range answers 400 INVALID_RANGE naming both fields; an unknown filter 400 VALIDATION_FAILED.',
        tags,
        querystring: chatRecordsQuery,
        response: { 200: chatRecordsResponse, ...errors },
      },
    },
    async (request) => ({ chats: await deps.records.list(search(request, request.query)) }),
  );

  app.get<{ Querystring: ChatRecordFilter & { format: ExportFormat } }>(
    '/api/chat-records/export',
    {
      config: { permission: 'records.view' },
      schema: {
        summary: 'The chat records matching the filters as CSV, newest first (streamed)',
        description: `Same filters and team scope as GET /api/chat-records; queue and agent names stand beside their ids. format=xlsx-csv starts with a UTF-8 byte-order mark for Excel. ${EXPORT_CAPS_TEXT}`,
        tags,
        querystring: chatRecordsExportQuery,
        response: errors,
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      const cap = exportCapOf(request.principal?.roles ?? [], deps.exportRowCaps);
      const query = search(request, filter);
      const matching = await deps.records.count(query, cap + 1);
      if (matching > cap) throw new AppError('EXPORT_TOO_LARGE', `More than ${cap} chats match, the most your role may export at once: narrow the filters`, { cap, where: '/from' });
      const actorId = request.principal?.userId;
      if (!actorId) throw new AppError('UNAUTHENTICATED');
      await deps.audit.record({ actorId, action: 'chat_record.export', target: 'chat-records', details: { format, rows: matching, filter }, ...(request.ip ? { ip: request.ip } : {}) });
      const names = deps.exportNames ? await deps.exportNames() : undefined;
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="chat-records-${stamp}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(chatRecordsCsv(deps.records, query, { format, cap, ...(names ? { names } : {}) })));
    },
  );

  app.get<{ Params: { id: string }; Querystring: { after: number; limit: number } }>(
    '/api/chat-records/:id/messages',
    {
      config: { permission: 'chat.handle' },
      schema: { summary: "An ended chat's transcript (messages after a seq) within my records reach", tags, params: idParamsSchema, querystring: messagesQuerySchema, response: { 200: messagesPageSchema, ...errors } } },
    async (request) => {
      const chatId = request.params.id;
      const record = await deps.records.get(chatId);
      if (!record || !chatInScope(chatRecordScope(request.principal, deps.agentsInTeams), record.agentId)) throw new AppError('NOT_FOUND', `No chat record ${chatId}`, { chatId });
      // In reach by the records' own scope, checked just above: the service reads it as a supervisor would.
      return deps.chat.messages(chatId, { supervise: true }, request.query.after, request.query.limit);
    },
  );
}
