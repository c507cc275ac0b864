/** GET /api/agent/softphone's answer; the browser's client types it from here (src/web/api/types.ts). */
export const credentialsSchema = {
  type: 'object',
  required: ['wsUrl', 'sipUri', 'authorizationUsername', 'password', 'displayName', 'iceServers'],
  properties: {
    wsUrl: { type: 'string', description: 'SIP over secure WebSocket of the media server' },
    sipUri: { type: 'string', description: 'the address the browser registers (sip:<extension>@<domain>)' },
    authorizationUsername: { type: 'string' },
    password: { type: 'string', description: 'the SIP digest password; never stored by the browser' },
    displayName: { type: 'string' },
    iceServers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['urls'],
        properties: { urls: { type: 'array', items: { type: 'string' } }, username: { type: 'string' }, credential: { type: 'string' } },
      },
    },
  },
} as const;
