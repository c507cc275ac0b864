/** JSON schemas of the auth routes (the web app types its session from them). */
export const principalSchema = {
  type: 'object',
  required: ['userId', 'username', 'roles', 'permissions', 'ledTeamIds'],
  properties: {
    userId: { type: 'string' },
    username: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    permissions: { type: 'array', items: { type: 'string' } },
    agentId: { type: 'string' },
    ledTeamIds: { type: 'array', items: { type: 'string' } },
  },
} as const;
