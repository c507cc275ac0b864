/**
 * Stored call records: the list and the detail (records.own: an agent their own calls; with
 * records.view the team scope; both decided in call-record-search.ts), delete (records.delete,
 * team scope, audited). Each listed call says whether its recordings can still be played.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../../../core/errors.js';
import type { CallDetail } from '../../../calls/ports.js';
import type { CallRecordFilter } from '../../../calls/record-search.js';
import { recordingStates } from '../../../calls/recording-presence.js';
import { recordInReach, recordInScope, recordSearch } from './call-record-search.js';
import { errorBodySchema } from '../schemas.js';
import { userOf, type CallRecordRouteDeps } from './call-route-deps.js';
import { callIdParams, recordDetailResponse, recordsQuery, recordsResponse } from './call-schemas.js';

export async function registerCallRecordRoutes(app: FastifyInstance, deps: CallRecordRouteDeps): Promise<void> {
  const inScope = (request: FastifyRequest, detail: CallDetail): boolean => recordInScope(request.principal, detail, deps.teamsOfAgent);

  app.get<{ Querystring: CallRecordFilter }>(
    '/api/call-records',
    {
      config: { permission: 'records.own' },
      schema: {
        summary: 'Call records within my reach, newest first; page with `before` = last id seen',
        description:
          'Without records.view only the calls my own agent handled (also on a leg it answered and transferred away); with it my team scope (a team lead: their teams\' calls and their own). Filters combine (and); `outcome` may repeat (any of them). An inverted range answers 400 INVALID_RANGE naming both fields; an unknown filter 400 VALIDATION_FAILED.',
        tags: ['calls'],
        querystring: recordsQuery,
        response: { 200: recordsResponse, 400: errorBodySchema },
      },
    },
    async (request) => {
      const search = recordSearch(request.principal, request.query, deps);
      const page = (await deps.records.list(search.query)).filter(search.keep);
      const ids = page.map((c) => c.id);
      const states = recordingStates(ids, await deps.records.recordingMarks(ids));
      return { calls: page.map((c) => ({ ...c, ...(states.get(c.id) ?? { recording: 'none' as const }) })) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/call-records/:id',
    {
      config: { permission: 'records.own' },
      schema: {
        summary: 'One call with its legs, timeline and recordings',
        description: "Without records.view only a call my own agent handled (also on a leg it answered and transferred away); with it my team scope and my own calls. A call out of reach answers 404 NOT_FOUND, as one that does not exist.",
        tags: ['calls'],
        params: callIdParams,
        response: { 200: recordDetailResponse, 404: errorBodySchema },
      },
    },
    async (request) => {
      const detail = await deps.records.get(request.params.id);
      // Out of reach (another agent's call, another team's) reads as not there, like a call record that does not exist.
      if (!detail || !recordInReach(request.principal, detail, deps.teamsOfAgent)) throw new AppError('NOT_FOUND', `No call record ${request.params.id}`, { callId: request.params.id });
      return detail;
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/call-records/:id',
    {
      config: { permission: 'records.delete' },
      schema: {
        summary: "Delete an ended call record with its legs, timeline, recording rows and the recordings' files",
        tags: ['calls'],
        params: callIdParams,
        response: { 204: { type: 'null' }, 404: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (request, reply) => {
      const callId = request.params.id;
      const existing = await deps.records.get(callId);
      if (!existing || !inScope(request, existing)) throw new AppError('NOT_FOUND', `No call record ${callId}`, { callId });
      if (existing.call.state !== 'ended') throw new AppError('CONFLICT', 'A call in progress cannot be deleted', { callId });
      // The files first: a file that cannot go keeps its record (and the way to it) for a retry.
      // Files already purged are gone; a row naming a path out of the folder is skipped, logged.
      let filesRemoved = 0;
      for (const r of existing.recordings) {
        if (r.purgedAt !== undefined || !deps.recordingFiles) continue;
        try {
          if ((await deps.recordingFiles.remove(r.name)) !== undefined) filesRemoved += 1;
        } catch (err) {
          if (!isAppError(err, 'RECORDING_NAME_REFUSED')) throw err;
          request.log.warn({ callId, recordingId: r.id }, 'a recording row names a file outside the recordings folder: left alone');
        }
      }
      const deleted = await deps.records.delete(callId);
      if (!deleted) throw new AppError('NOT_FOUND', `No call record ${callId}`, { callId });
      await deps.audit.record({ actorId: userOf(request), action: 'call_record.delete', target: `call:${callId}`, details: { recordingFilesRemoved: filesRemoved }, ...(request.ip ? { ip: request.ip } : {}) });
      return reply.status(204).send();
    },
  );
}
