/** JSON schemas of the visitors routes (visitor-routes.ts); the web app types its answers from them. */
const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;

const pageSchema = {
  type: 'object',
  required: ['seq', 'url', 'title', 'enteredAt', 'leftAt', 'durationMs'],
  properties: { seq: int, url: str, title: str, enteredAt: int, leftAt: { type: ['integer', 'null'] }, durationMs: { ...int, description: 'time on the page; an open page counts up to now' } },
} as const;

/** The latest invitation of the visit, by an agent or a rule, with its answer (null while open). */
const lastInvitationSchema = {
  anyOf: [
    {
      type: 'object',
      required: ['invitationId', 'agentName', 'ruleName', 'createdAt', 'answer', 'answeredAt'],
      properties: {
        invitationId: str,
        agentName: { type: ['string', 'null'], description: 'the inviting agent; null for a rule' },
        ruleName: { type: ['string', 'null'], description: 'the rule that invited; null for an agent' },
        createdAt: int,
        answer: { anyOf: [{ type: 'string', enum: ['accepted', 'declined', 'expired'] }, { type: 'null' }], description: 'null: open' },
        answeredAt: { type: ['integer', 'null'] },
      },
    },
    { type: 'null' },
  ],
} as const;

export const visitorSchema = {
  type: 'object',
  required: ['visitorId', 'visitId', 'online', 'startedAt', 'endedAt', 'timeOnSiteMs', 'returning', 'currentPage', 'pagesViewed', 'landingPage', 'referrer', 'searchEngine', 'searchKeywords', 'device', 'region', 'chatId', 'lastInvitation'],
  properties: {
    visitorId: str,
    visitId: str,
    online: { type: 'boolean', description: 'a widget socket of the visit is open' },
    startedAt: int,
    endedAt: { type: ['integer', 'null'] },
    timeOnSiteMs: int,
    returning: { type: 'boolean', description: 'the visitor had been here before this visit' },
    currentPage: { anyOf: [{ type: 'object', required: ['url', 'title'], properties: { url: str, title: str } }, { type: 'null' }] },
    pagesViewed: int,
    landingPage: str,
    referrer: str,
    searchEngine: { type: 'string', description: "google, bing, baidu, sogou, so.com or ''" },
    searchKeywords: str,
    device: { type: 'object', required: ['type', 'browser', 'os'], properties: { type: str, browser: str, os: str } },
    region: { anyOf: [{ type: 'object', required: ['country', 'region', 'city'], properties: { country: str, region: str, city: str } }, { type: 'null' }] },
    chatId: { type: ['string', 'null'], description: 'the visitor’s waiting or active chat' },
    lastInvitation: lastInvitationSchema,
  },
} as const;

export const visitorListSchema = { type: 'object', required: ['visitors'], properties: { visitors: { type: 'array', items: visitorSchema } } } as const;

export const visitorDetailSchema = { ...visitorSchema, required: [...visitorSchema.required, 'pages'], properties: { ...visitorSchema.properties, pages: { type: 'array', items: pageSchema } } } as const;


export const invitationSchema = {
  type: 'object',
  required: ['invitationId', 'visitorId', 'agentId', 'message', 'expiresAt'],
  properties: { invitationId: str, visitorId: str, agentId: { type: ['string', 'null'] }, message: str, expiresAt: int },
} as const;
