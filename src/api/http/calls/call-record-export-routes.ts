/**
 * GET /api/call-records/export: the records list's filters and team scope, as a CSV streamed
 * page by page (records.view, audited). The row count is checked against the cap before the
 * first byte, so that a too large export is a coded 400 and not a cut-off file.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { isRole, type Role } from '../../../accounts/permissions.js';
import { AppError } from '../../../core/errors.js';
import { exportCsv, type ExportFormat } from '../../../calls/record-export.js';
import type { CallRecordFilter } from '../../../calls/record-search.js';
import { errorBodySchema } from '../schemas.js';
import { recordSearch } from './call-record-search.js';
import { userOf, type CallRecordRouteDeps } from './call-route-deps.js';
import { recordsExportQuery } from './call-schemas.js';

export const DEFAULT_EXPORT_ROW_CAP = 100_000;

/**
 * Most rows one export may hold, per role: a team lead exports their teams' day or week, a
 * supervisor the center's month, an admin a year for an audit. A user with several roles gets the
 * largest; an export past it is a coded 400 that names the cap, before the first byte.
 */
export const EXPORT_ROW_CAPS: Readonly<Partial<Record<Role, number>>> = { team_lead: 20_000, supervisor: DEFAULT_EXPORT_ROW_CAP, admin: 1_000_000 };

export function exportCapOf(roles: readonly string[], caps: Readonly<Partial<Record<Role, number>>> = EXPORT_ROW_CAPS): number {
  return Math.max(0, ...roles.map((r) => (isRole(r) ? (caps[r] ?? 0) : 0)));
}

type ExportQuery = CallRecordFilter & { format: ExportFormat };

export async function registerCallRecordExportRoutes(app: FastifyInstance, deps: CallRecordRouteDeps): Promise<void> {
  app.get<{ Querystring: ExportQuery }>(
    '/api/call-records/export',
    {
      config: { permission: 'records.view' },
      schema: {
        summary: 'The call records matching the filters as CSV, newest first (streamed)',
        description: `Same filters and team scope as GET /api/call-records. Caller and called columns hold numbers; queue and agent names stand beside their ids. format=xlsx-csv starts with a UTF-8 byte-order mark for Excel. More matching rows than the user's role may export (team lead ${EXPORT_ROW_CAPS.team_lead}, supervisor ${EXPORT_ROW_CAPS.supervisor}, admin ${EXPORT_ROW_CAPS.admin}) answer 400 EXPORT_TOO_LARGE with the cap.`,
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
