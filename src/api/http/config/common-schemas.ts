/** JSON schema pieces shared by the configuration routes. */
export const idString = { type: 'string', minLength: 1, maxLength: 100 } as const;
export const nameString = { type: 'string', minLength: 1, maxLength: 200 } as const;
export const nullableId = { type: ['string', 'null'], minLength: 1, maxLength: 100 } as const;

export const stamps = {
  id: { type: 'string' },
  createdAt: { type: 'integer', description: 'epoch ms' },
  updatedAt: { type: 'integer', description: 'epoch ms' },
} as const;

export const pagingQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  offset: { type: 'integer', minimum: 0, default: 0 },
} as const;

export function pageOf(item: object): object {
  return {
    type: 'object',
    required: ['items', 'total', 'limit', 'offset'],
    properties: {
      items: { type: 'array', items: item },
      total: { type: 'integer' },
      limit: { type: 'integer' },
      offset: { type: 'integer' },
    },
  };
}

export function listQuery(filters: Record<string, object>): object {
  return { type: 'object', additionalProperties: false, properties: { ...pagingQuery, ...filters } };
}

export const searchText = { type: 'string', minLength: 1, maxLength: 200, description: 'part of the name, any case' } as const;

/** `HH:MM`; `24:00` only as an end. Range checks that a pattern cannot express live in src/calendars. */
export const timeOfDay = { type: 'string', pattern: '^\\d{2}:\\d{2}$' } as const;

export const timeInterval = {
  type: 'object',
  required: ['start', 'end'],
  additionalProperties: false,
  properties: { start: timeOfDay, end: timeOfDay },
} as const;
