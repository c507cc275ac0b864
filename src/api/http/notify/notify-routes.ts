/**
 * Outcome notifications (issue 14), admin only (notify.manage): rules (create, change, delete,
 * audited; the secret is write-only), and the delivery log with a retry for failed ones.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditLog } from '../../../accounts/audit.js';
import type { DeliveryStatus, NotifyRuleInput } from '../../../notify/model.js';
import type { NotifyService } from '../../../notify/notify-service.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { deliveriesQuery, deliverySchema, ruleInputSchema, ruleSchema } from './notify-schemas.js';

export interface NotifyRouteDeps {
  notify: Pick<NotifyService, 'listRules' | 'getRule' | 'createRule' | 'updateRule' | 'deleteRule' | 'listDeliveries' | 'retry'>;
  audit: AuditLog;
}

const tags = ['notifications'];
const manage = { permission: 'notify.manage' } as const;

/** What the audit keeps of a rule: everything but the secret, and whether one was set. */
function audited(input: NotifyRuleInput): Record<string, unknown> {
  const { secret, ...rest } = input;
  return { ...rest, secret: secret === undefined ? 'kept' : secret === null ? 'removed' : 'set' };
}

export async function registerNotifyRoutes(app: FastifyInstance, deps: NotifyRouteDeps): Promise<void> {
  const audit = (r: FastifyRequest, action: string, target: string, details: Record<string, unknown>) =>
    deps.audit.record({ actorId: r.principal?.userId ?? 'unknown', action, target, details, ip: r.ip });

  app.get('/api/notify/rules', { config: manage, schema: { summary: 'Outcome-notification rules (secrets never included)', tags, response: { 200: { type: 'object', required: ['rules'], properties: { rules: { type: 'array', items: ruleSchema } } } } } }, async () => ({
    rules: await deps.notify.listRules(),
  }));

  app.get<{ Params: { id: string } }>('/api/notify/rules/:id', { config: manage, schema: { summary: 'One rule', tags, params: idParamsSchema, response: { 200: ruleSchema, 404: errorBodySchema } } }, async (r) =>
    deps.notify.getRule(r.params.id),
  );

  app.post<{ Body: NotifyRuleInput }>(
    '/api/notify/rules',
    { config: manage, schema: { summary: 'Add a rule: which endings, sent how', tags, body: ruleInputSchema, response: { 201: ruleSchema, 400: errorBodySchema } } },
    async (r, reply) => {
      const rule = await deps.notify.createRule(r.body);
      await audit(r, 'notify.rule_created', `notify_rule:${rule.id}`, audited(r.body));
      return reply.code(201).send(rule);
    },
  );

  app.put<{ Params: { id: string }; Body: NotifyRuleInput }>(
    '/api/notify/rules/:id',
    { config: manage, schema: { summary: 'Change a rule (an omitted secret is kept)', tags, params: idParamsSchema, body: ruleInputSchema, response: { 200: ruleSchema, 400: errorBodySchema, 404: errorBodySchema } } },
    async (r) => {
      const rule = await deps.notify.updateRule(r.params.id, r.body);
      await audit(r, 'notify.rule_updated', `notify_rule:${rule.id}`, audited(r.body));
      return rule;
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/notify/rules/:id',
    { config: manage, schema: { summary: 'Delete a rule (its delivery log stays)', tags, params: idParamsSchema, response: { 204: { type: 'null' }, 404: errorBodySchema } } },
    async (r, reply) => {
      await deps.notify.deleteRule(r.params.id);
      await audit(r, 'notify.rule_deleted', `notify_rule:${r.params.id}`, {});
      return reply.code(204).send();
    },
  );

  app.get<{ Querystring: { status?: DeliveryStatus; ruleId?: string; beforeAt?: number; beforeId?: string; limit?: number } }>(
    '/api/notify/deliveries',
    { config: manage, schema: { summary: 'The delivery log, newest first (keyset paging)', tags, querystring: deliveriesQuery, response: { 200: { type: 'object', required: ['deliveries'], properties: { deliveries: { type: 'array', items: deliverySchema } } } } } },
    async (r) => {
      const q = r.query;
      return {
        deliveries: await deps.notify.listDeliveries({
          ...(q.status ? { status: q.status } : {}),
          ...(q.ruleId ? { ruleId: q.ruleId } : {}),
          ...(q.beforeAt !== undefined && q.beforeId ? { before: { createdAt: q.beforeAt, id: q.beforeId } } : {}),
          ...(q.limit ? { limit: q.limit } : {}),
        }),
      };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/notify/deliveries/:id/retry',
    { config: manage, schema: { summary: 'Send a failed delivery again (same id)', tags, params: idParamsSchema, response: { 200: deliverySchema, 404: errorBodySchema, 409: errorBodySchema } } },
    async (r) => {
      const d = await deps.notify.retry(r.params.id);
      await audit(r, 'notify.delivery_retried', `notify_delivery:${d.id}`, {});
      return d;
    },
  );
}
