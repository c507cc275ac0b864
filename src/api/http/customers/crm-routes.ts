/**
 * The CRM lookup (issue 13): its settings and a test lookup for admins (config.edit; the secret
 * is write-only and the audit says only whether it was set, kept or removed), and what it knows
 * about a chat's visitor for the chat workspace (customer.view, only for a chat the user may
 * read). A call's answer travels in its screen-pop (GET /api/calls/:id/pop).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditLog } from '../../../accounts/audit.js';
import { can } from '../../../accounts/principal.js';
import { validationError } from '../../../core/errors.js';
import type { CrmSettingsInput } from '../../../customers/crm-lookup.js';
import type { CrmLookupResult, CrmLookupService, CrmSubject } from '../../../customers/crm-lookup-service.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { crmAnswerSchema, crmResultSchema, crmSettingsInput, crmSettingsView, crmTestBody } from './crm-schemas.js';

export interface CrmRouteDeps {
  crm: Pick<CrmLookupService, 'view' | 'save' | 'test' | 'lookup'>;
  callerSubject(number: string): CrmSubject | undefined;
  visitorSubject(visitorId: string): Promise<CrmSubject>;
  /** The visitor of a chat the user may read (CHAT_NOT_YOURS otherwise). */
  chats: { visitorOf(chatId: string, viewer: { agentId?: string; supervise: boolean }): Promise<string> };
  audit: AuditLog;
}

const tags = ['customers'];
const admin = { permission: 'config.edit' } as const;

/** What the audit keeps of a change: everything but the secret, and what became of it. */
function audited(input: CrmSettingsInput): Record<string, unknown> {
  const { secret, ...rest } = input;
  return { ...rest, secret: secret === undefined ? 'kept' : secret === null ? 'removed' : 'set' };
}

export async function registerCrmRoutes(app: FastifyInstance, deps: CrmRouteDeps): Promise<void> {
  const actor = (r: FastifyRequest) => r.principal?.userId ?? 'unknown';

  app.get('/api/crm/settings', { config: admin, schema: { summary: 'The CRM lookup settings (the secret never included)', tags, response: { 200: crmSettingsView } } }, async () => deps.crm.view());

  app.put<{ Body: CrmSettingsInput }>(
    '/api/crm/settings',
    { config: admin, schema: { summary: 'Change the CRM lookup (an omitted secret is kept); cached answers are dropped', tags, body: crmSettingsInput, response: { 200: crmSettingsView, 400: errorBodySchema } } },
    async (r) => {
      const view = await deps.crm.save(r.body);
      await deps.audit.record({ actorId: actor(r), action: 'crm.settings_update', target: 'crm_settings', details: audited(r.body), ip: r.ip });
      return view;
    },
  );

  app.post<{ Body: { phone?: string; visitorId?: string } }>(
    '/api/crm/test',
    { config: admin, schema: { summary: 'Ask the configured endpoint once, past the cache, and tell what came back', tags, body: crmTestBody, response: { 200: crmResultSchema, 400: errorBodySchema } } },
    async (r): Promise<CrmLookupResult> => {
      if (r.body.visitorId !== undefined) return deps.crm.test(await deps.visitorSubject(r.body.visitorId));
      const subject = deps.callerSubject(r.body.phone ?? '');
      if (!subject) throw validationError([{ where: '/phone', reason: 'not a phone number' }]);
      return deps.crm.test(subject);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/chats/:id/crm',
    {
      config: { permission: 'customer.view' },
      schema: {
        summary: "What the CRM knows about the chat's visitor (null when nothing, or when the lookup failed or is off)",
        tags: [...tags, 'chats'],
        params: idParamsSchema,
        response: { 200: { type: 'object', required: ['crm'], properties: { crm: { anyOf: [crmAnswerSchema, { type: 'null' }] } } }, 403: errorBodySchema, 404: errorBodySchema },
      },
    },
    async (r) => {
      const p = r.principal;
      const visitorId = await deps.chats.visitorOf(r.params.id, { ...(p?.agentId ? { agentId: p.agentId } : {}), supervise: can(p, 'chat.supervise') });
      const result = await deps.crm.lookup(await deps.visitorSubject(visitorId));
      return { crm: result.answer ?? null };
    },
  );
}
