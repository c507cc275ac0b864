/**
 * GET /api/call-records/export: the records list's filters and team scope, as a CSV streamed
 * page by page (records.view, audited). The row count is checked against the cap before the
 * first byte, so that a too large export is a coded 400 and not a cut-off file.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/errors.js';
import { exportCsv } from '../../../calls/record-export.js';
import type { ExportFormat } from '../../../core/csv.js';
import type { CallRecordFilter } from '../../../calls/record-search.js';
import { errorBodySchema } from '../schemas.js';
import { EXPORT_CAPS_TEXT, exportCapOf } from '../export-caps.js';
import { recordSearch } from './call-record-search.js';
import { userOf, type CallRecordRouteDeps } from './call-route-deps.js';
import { recordsExportQuery } from './call-schemas.js';

type ExportQuery = CallRecordFilter & { format: ExportFormat };

export async function registerCallRecordExportRoutes(app: FastifyInstance, deps: CallRecordRouteDeps): Promise<void> {
  app.get<{ Querystring: ExportQuery }>(
    '/api/call-records/export',
    {
      config: { permission: 'records.view' },
      schema: {
        summary: 'The call records matching the filters as CSV, newest first (streamed)',
        description: `Same filters and team scope as GET /api/call-records. Caller and called columns hold numbers; queue and agent names stand beside their ids; recordings counts the call's recordings and recording_state is kept, purged (by retention), deleted (by hand) or none. format=xlsx-csv starts with a UTF-8 byte-order mark for Excel. ${EXPORT_CAPS_TEXT}`,
        tags: ['calls'],
        querystring: recordsExportQuery,
        response: { 400: errorBodySchema },
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      const cap = exportCapOf(request.principal?.roles ?? [], deps.exportRowCaps);
      const search = recordSearch(request.principal, filter, deps);
      const matching = await deps.records.count(search.query, cap + 1);
      if (matching > cap) throw new AppError('EXPORT_TOO_LARGE', `More than ${cap} calls match, the most your role may export at once: narrow the filters`, { cap, where: '/from' });
      await deps.audit.record({
        actorId: userOf(request),
        action: 'call_record.export',
        target: 'call-records',
        details: { format, rows: matching, filter },
        ...(request.ip ? { ip: request.ip } : {}),
      });
      const names = deps.exportNames ? await deps.exportNames() : undefined;
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="call-records-${stamp}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(exportCsv(deps.records, search.query, { format, cap, keep: search.keep, ...(names ? { names } : {}) })));
    },
  );
}
