import type { FastifyInstance } from 'fastify';
import type { UserService } from '../../../accounts/user-service.js';
import type { PhoneInput } from '../../../accounts/user-service.js';
import { idParamsSchema, ROLE_ENUM, userPhoneInput, userViewSchema } from '../schemas.js';

export interface UserRouteDeps {
  users: UserService;
}

const passwordField = { type: 'string', minLength: 10, maxLength: 1024, 'x-free-text': true } as const;
const withGenerated = {
  type: 'object',
  required: ['user'],
  properties: {
    user: userViewSchema,
    generatedPassword: { type: 'string', description: 'present only when the server generated the password; shown once' },
  },
} as const;

/** User management; every route needs users.manage. */
export async function registerUserRoutes(app: FastifyInstance, deps: UserRouteDeps): Promise<void> {
  const config = { permission: 'users.manage' } as const;
  const actor = (r: { principal?: { userId: string }; ip: string }) => ({ ...(r.principal ? { userId: r.principal.userId } : {}), ip: r.ip });

  app.post<{ Body: { username: string; displayName?: string; roles: string[]; password?: string; phone?: PhoneInput } }>(
    '/api/users',
    {
      config,
      schema: {
        summary: 'Create a user (a password is generated when none is given)',
        tags: ['users'],
        body: {
          type: 'object',
          required: ['username', 'roles'],
          additionalProperties: false,
          properties: {
            username: { type: 'string', minLength: 2, maxLength: 63 },
            displayName: { type: 'string', maxLength: 200 },
            roles: { type: 'array', items: { type: 'string', enum: ROLE_ENUM }, maxItems: 4 },
            password: passwordField,
            phone: userPhoneInput,
          },
        },
        response: { 201: withGenerated },
      },
    },
    async (request, reply) => reply.status(201).send(await deps.users.create(request.body, actor(request))),
  );

  app.get(
    '/api/users',
    {
      config,
      schema: {
        summary: 'List users',
        tags: ['users'],
        response: { 200: { type: 'object', required: ['users'], properties: { users: { type: 'array', items: userViewSchema } } } },
      },
    },
    async () => ({ users: await deps.users.list() }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/users/:id',
    { config, schema: { summary: 'One user', tags: ['users'], params: idParamsSchema, response: { 200: userViewSchema } } },
    async (request) => deps.users.get(request.params.id),
  );

  app.patch<{ Params: { id: string }; Body: { displayName?: string; roles?: string[]; disabled?: boolean; phone?: PhoneInput } }>(
    '/api/users/:id',
    {
      config,
      schema: {
        summary: 'Change display name, roles, own phone (for supervision), or disable / enable (disabling ends the sessions)',
        tags: ['users'],
        params: idParamsSchema,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            displayName: { type: 'string', minLength: 1, maxLength: 200 },
            roles: { type: 'array', items: { type: 'string', enum: ROLE_ENUM }, maxItems: 4 },
            disabled: { type: 'boolean' },
            phone: userPhoneInput,
          },
        },
        response: { 200: userViewSchema },
      },
    },
    async (request) => deps.users.update(request.params.id, request.body, actor(request)),
  );

  app.post<{ Params: { id: string }; Body: { password?: string } | undefined }>(
    '/api/users/:id/password',
    {
      config,
      schema: {
        summary: 'Reset the password (generated when none is given); clears lockout, ends sessions',
        tags: ['users'],
        params: idParamsSchema,
        body: { type: 'object', additionalProperties: false, properties: { password: passwordField } },
        response: { 200: withGenerated },
      },
    },
    async (request) => deps.users.resetPassword(request.params.id, request.body?.password, actor(request)),
  );

  app.post<{ Params: { id: string } }>(
    '/api/users/:id/unlock',
    {
      config,
      schema: { summary: 'Lift a login lock after repeated failed logins (password and sessions unchanged)', tags: ['users'], params: idParamsSchema, response: { 200: userViewSchema } },
    },
    async (request) => deps.users.unlock(request.params.id, actor(request)),
  );
}
