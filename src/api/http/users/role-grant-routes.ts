/**
 * Permissions an admin grants per role (src/accounts/role-grants.ts): read them, and set which
 * roles hold one (users.manage, audited). Today: tickets.close.
 */
import type { FastifyInstance } from 'fastify';
import type { RoleGrants, RoleGrantsService } from '../../../accounts/role-grants.js';
import { GRANTABLE } from '../../../accounts/role-grants.js';
import { errorBodySchema, ROLE_ENUM } from '../schemas.js';

const rolesSchema = { type: 'array', maxItems: ROLE_ENUM.length, uniqueItems: true, items: { type: 'string', enum: ROLE_ENUM } } as const;
const grantsSchema = {
  type: 'object',
  required: [...GRANTABLE],
  properties: Object.fromEntries(GRANTABLE.map((p) => [p, rolesSchema])),
  description: 'the roles holding each grantable permission (admins hold every permission regardless)',
} as const;

export async function registerRoleGrantRoutes(app: FastifyInstance, deps: { grants: Pick<RoleGrantsService, 'current' | 'set'> }): Promise<void> {
  const manage = { permission: 'users.manage' } as const;
  app.get('/api/role-grants', { config: manage, schema: { summary: 'Permissions granted per role', tags: ['users'], response: { 200: grantsSchema } } }, async (): Promise<RoleGrants> => deps.grants.current());

  app.put<{ Params: { permission: string }; Body: { roles: string[] } }>(
    '/api/role-grants/:permission',
    {
      config: manage,
      schema: {
        summary: 'Set the roles holding a grantable permission (takes effect on every user’s next request)',
        tags: ['users'],
        params: { type: 'object', required: ['permission'], additionalProperties: false, properties: { permission: { type: 'string', enum: GRANTABLE } } },
        body: { type: 'object', required: ['roles'], additionalProperties: false, properties: { roles: rolesSchema } },
        response: { 200: grantsSchema, 400: errorBodySchema },
      },
    },
    async (r) => deps.grants.set(r.params.permission, r.body.roles, { userId: r.principal?.userId ?? 'unknown', ip: r.ip }),
  );
}
