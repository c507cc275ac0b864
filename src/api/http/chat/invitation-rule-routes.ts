/**
 * /api/chat-invitation-rules: the admins' rules for automatic invitations (issue 12). Reading needs
 * config.view, changing config.edit; each change is stored with its audit entry in one unit of work
 * (InvitationRuleService). Rules are center-wide configuration like queues: no team scope.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { InvitationRuleService } from '../../../chat/invitation-rule-service.js';
import type { InvitationRuleInput } from '../../../chat/invitation-rules.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { ruleInputSchema, ruleListSchema, ruleSchema } from './invitation-rule-schemas.js';

export interface InvitationRuleRouteDeps {
  rules: Pick<InvitationRuleService, 'list' | 'create' | 'update' | 'remove'>;
}

const tags = ['chat', 'config'];
const view = { permission: 'config.view' } as const;
const edit = { permission: 'config.edit' } as const;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema } as const;
const actorOf = (r: FastifyRequest) => ({ userId: r.principal?.userId ?? 'unknown', ip: r.ip });
const refusals = 'INVITATION_RULE_PATTERN_INVALID (where /urlPattern), INVITATION_RULE_QUEUE_UNKNOWN, INVITATION_RULE_NAME_TAKEN';

export async function registerInvitationRuleRoutes(app: FastifyInstance, deps: InvitationRuleRouteDeps): Promise<void> {
  app.get('/api/chat-invitation-rules', { config: view, schema: { summary: 'Automatic invitation rules, by name (the order they are tried in)', tags, response: { 200: ruleListSchema, ...errors } } }, async () => ({
    rules: deps.rules.list(),
  }));

  app.post<{ Body: InvitationRuleInput }>(
    '/api/chat-invitation-rules',
    { config: edit, schema: { summary: `Add a rule; audited chat_invitation_rule.created; refused with ${refusals}`, tags, body: ruleInputSchema, response: { 201: ruleSchema, 409: errorBodySchema, ...errors } } },
    async (r, reply) => reply.code(201).send(await deps.rules.create(r.body, actorOf(r))),
  );

  app.put<{ Params: { id: string }; Body: InvitationRuleInput }>(
    '/api/chat-invitation-rules/:id',
    { config: edit, schema: { summary: `Replace a rule; audited chat_invitation_rule.updated; refused with ${refusals}`, tags, params: idParamsSchema, body: ruleInputSchema, response: { 200: ruleSchema, 404: errorBodySchema, 409: errorBodySchema, ...errors } } },
    async (r) => deps.rules.update(r.params.id, r.body, actorOf(r)),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/chat-invitation-rules/:id',
    { config: edit, schema: { summary: 'Delete a rule (its invitations keep its name); audited chat_invitation_rule.deleted', tags, params: idParamsSchema, response: { 204: { type: 'null' }, 404: errorBodySchema, ...errors } } },
    async (r, reply) => {
      await deps.rules.remove(r.params.id, actorOf(r));
      return reply.code(204).send();
    },
  );
}
