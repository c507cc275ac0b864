import type { FastifyInstance } from 'fastify';
import type { AuditReader } from '../../../accounts/audit.js';

export interface AuditRouteDeps {
  auditReader: AuditReader;
}

const entrySchema = {
  type: 'object',
  required: ['id', 'at', 'action'],
  properties: {
    id: { type: 'string' },
    at: { type: 'integer' },
    actorId: { type: 'string' },
    action: { type: 'string' },
    target: { type: 'string' },
    details: { type: 'object', additionalProperties: true },
    ip: { type: 'string' },
  },
} as const;

export async function registerAuditRoutes(app: FastifyInstance, deps: AuditRouteDeps): Promise<void> {
  app.get<{ Querystring: { actorId?: string; action?: string; from?: number; to?: number; limit?: number; before?: string } }>(
    '/api/audit',
    {
      config: { permission: 'audit.view' },
      schema: {
        summary: 'The audit log, newest first; page with `before` = last id seen',
        tags: ['audit'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            actorId: { type: 'string', maxLength: 100 },
            action: { type: 'string', maxLength: 100, description: 'exact action, or a prefix ending in "." such as "auth."' },
            from: { type: 'integer', minimum: 0 },
            to: { type: 'integer', minimum: 0 },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            before: { type: 'string', maxLength: 100 },
          },
        },
        response: { 200: { type: 'object', required: ['entries'], properties: { entries: { type: 'array', items: entrySchema } } } },
      },
    },
    async (request) => ({ entries: await deps.auditReader.query(request.query) }),
  );
}
