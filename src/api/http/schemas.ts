/** JSON schema pieces shared by the accounts routes (and usable by any route). */
export const errorBodySchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    details: {},
  },
} as const;

export const idParamsSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;

export const ROLE_ENUM = ['agent', 'team_lead', 'supervisor', 'admin'] as const;

export const userViewSchema = {
  type: 'object',
  required: ['id', 'username', 'displayName', 'roles', 'disabled', 'lockedUntil', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    roles: { type: 'array', items: { type: 'string', enum: ROLE_ENUM } },
    disabled: { type: 'boolean' },
    lockedUntil: { type: ['integer', 'null'], description: 'epoch ms until which logins are refused' },
    phone: { type: 'object', properties: { mode: { type: 'string' }, extension: { type: 'string' } } },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
  },
} as const;

/** A user's own phone for supervision: none, a fixed extension, chosen at each login, or the browser softphone. */
export const userPhoneInput = {
  type: 'object',
  required: ['mode'],
  additionalProperties: false,
  properties: { mode: { type: 'string', enum: ['none', 'fixed', 'at_login', 'browser'] }, extension: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;
