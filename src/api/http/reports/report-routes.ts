/**
 * Reports (reports.view): GET /api/reports/volume and /api/reports/agents, as JSON or as a CSV
 * download (format=csv|xlsx-csv, audited like the call-record export). Team leads get their
 * teams' queues and agents only. The figures are the live Today figures' definitions
 * (core/call-figures.ts): a report of today agrees with the supervisor's monitor.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLog } from '../../../accounts/audit.js';
import type { Principal } from '../../../accounts/principal.js';
import type { ExportFormat } from '../../../core/csv.js';
import { AppError } from '../../../core/errors.js';
import type { ReportInterval } from '../../../reports/intervals.js';
import { agentsCsv, satisfactionCsv, volumeCsv } from '../../../reports/report-export.js';
import type { SatisfactionGrouping } from '../../../reports/satisfaction.js';
import type { Reader, ReportService } from '../../../reports/report-service.js';
import type { VolumeGrouping } from '../../../reports/volume.js';
import { seesAllTeams } from '../../team-scope.js';
import { errorBodySchema } from '../schemas.js';
import { agentsQuery, agentsResponse, satisfactionQuery, satisfactionResponse, volumeQuery, volumeResponse } from './report-schemas.js';

export interface ReportRouteDeps {
  reports: Pick<ReportService, 'volume' | 'agents' | 'satisfaction'>;
  audit: AuditLog;
}

type Format = 'json' | ExportFormat;
interface RangeQuery {
  from: number;
  to: number;
  tz?: string;
  format: Format;
}
type VolumeQuery = RangeQuery & { interval: ReportInterval; groupBy: VolumeGrouping };
type SatisfactionQuery = RangeQuery & { interval: ReportInterval; groupBy: SatisfactionGrouping };

const readerOf = (p: Principal | undefined): Reader => (seesAllTeams(p) ? {} : { ledTeamIds: p?.ledTeamIds ?? [] });

async function download(request: FastifyRequest, reply: FastifyReply, audit: AuditLog, name: string, details: Record<string, unknown>, lines: Iterable<string>): Promise<FastifyReply> {
  const userId = request.principal?.userId;
  if (!userId) throw new AppError('UNAUTHENTICATED');
  await audit.record({ actorId: userId, action: 'report.export', target: `report:${name}`, details, ...(request.ip ? { ip: request.ip } : {}) });
  const stamp = new Date().toISOString().slice(0, 10);
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}-report-${stamp}.csv"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(lines));
}

export async function registerReportRoutes(app: FastifyInstance, deps: ReportRouteDeps): Promise<void> {
  app.get<{ Querystring: VolumeQuery }>(
    '/api/reports/volume',
    {
      config: { permission: 'reports.view' },
      schema: {
        summary: 'Contact volume per interval and group: offered, answered, abandoned (IVR, queue), answer rate, service level, speed of answer, handle time (talk, hold, wrap-up), transfers, callbacks',
        description:
          "A call counts in the interval it started. Service level = calls answered within their queue's serviceLevelSeconds (queue entry to answer) / calls offered; abandoned callers count as offered. Definitions shared with GET /api/realtime/today. Chats count under groupBy=media only. An inverted range answers 400 INVALID_RANGE; an unknown filter or time zone 400 VALIDATION_FAILED.",
        tags: ['reports'],
        querystring: volumeQuery,
        response: { 200: volumeResponse, 400: errorBodySchema, 403: errorBodySchema },
      },
    },
    async (request, reply) => {
      const { format, ...q } = request.query;
      const report = await deps.reports.volume(q, readerOf(request.principal));
      if (format === 'json') return report;
      return download(request, reply, deps.audit, 'volume', { format, ...q, rows: report.rows.length }, volumeCsv(report, format));
    },
  );

  app.get<{ Querystring: RangeQuery }>(
    '/api/reports/agents',
    {
      config: { permission: 'reports.view' },
      schema: {
        summary: 'Per agent and day, from the agent-state trail: logged-in, available and not-ready time (by reason), occupancy, handled per hour, missed offers, first login, last logout',
        description: 'Occupancy = (on contact + wrap-up) / (on contact + wrap-up + available). Days are local days of tz. Team leads see the agents of their teams.',
        tags: ['reports'],
        querystring: agentsQuery,
        response: { 200: agentsResponse, 400: errorBodySchema, 403: errorBodySchema },
      },
    },
    async (request, reply) => {
      const { format, ...q } = request.query;
      const report = await deps.reports.agents(q, readerOf(request.principal));
      if (format === 'json') return report;
      return download(request, reply, deps.audit, 'agents', { format, ...q, rows: report.rows.length }, agentsCsv(report.rows, report.timeZone, format));
    },
  );

  app.get<{ Querystring: SatisfactionQuery }>(
    '/api/reports/satisfaction',
    {
      config: { permission: 'reports.view' },
      schema: {
        summary: 'Customer satisfaction per interval and group (queue, agent, media): answers, average score, CSAT, the spread of scores; from post-call surveys and surveys after solved chats',
        description:
          "An answer counts in the interval it was given. CSAT = answers scoring 4 or 5 / all answers. Post-call: the IVR survey flow's saved `rating` (1-5); chat: the widget's survey after a chat ended as solved. Team leads see answers about their teams' queues and agents.",
        tags: ['reports'],
        querystring: satisfactionQuery,
        response: { 200: satisfactionResponse, 400: errorBodySchema, 403: errorBodySchema },
      },
    },
    async (request, reply) => {
      const { format, ...q } = request.query;
      const report = await deps.reports.satisfaction(q, readerOf(request.principal));
      if (format === 'json') return report;
      return download(request, reply, deps.audit, 'satisfaction', { format, ...q, rows: report.rows.length }, satisfactionCsv(report, format));
    },
  );
}
