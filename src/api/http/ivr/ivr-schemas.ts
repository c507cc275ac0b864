/** JSON schemas of the IVR routes. */
export const problemSchema = {
  type: 'object',
  required: ['file', 'line', 'col', 'code', 'params', 'reason'],
  properties: {
    file: { type: 'string' },
    line: { type: 'integer' },
    col: { type: 'integer' },
    code: { type: 'string', description: 'The kind of problem (IVR_UNKNOWN_TARGET, IVR_UNREACHABLE_NODE, ...; src/ivr/problem-codes.ts), stable: a client words it from this and params; new codes may appear, so fall back to reason for one you do not know' },
    params: {
      type: 'object',
      additionalProperties: { type: ['string', 'number'] },
      description: "The values the sentence names, by placeholder; `where` is a place in the file as a path of `/`-joined segments, outermost first: flow, node:<id>, field:<key>, prompt, rule, if, time, choice",
    },
    reason: { type: 'string', description: 'The problem in English, built from the code and params' },
  },
} as const;

export const flowStateSchema = {
  type: 'object',
  required: ['name', 'file', 'version', 'loadedAt', 'problems'],
  properties: {
    name: { type: 'string' },
    file: { type: 'string' },
    version: { type: ['integer', 'null'] },
    loadedAt: { type: ['integer', 'null'] },
    problems: { type: 'array', items: problemSchema },
    description: { type: 'string' },
    numbers: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const graphSchema = {
  type: ['object', 'null'],
  properties: {
    start: { type: 'string' },
    nodes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'kind', 'line', 'label', 'detail'],
        properties: { id: { type: 'string' }, kind: { type: 'string' }, line: { type: 'integer' }, label: { type: 'string' }, detail: { type: 'string' } },
      },
    },
    edges: {
      type: 'array',
      items: { type: 'object', required: ['from', 'to', 'label'], properties: { from: { type: 'string' }, to: { type: 'string' }, label: { type: 'string' } } },
    },
  },
  required: ['start', 'nodes', 'edges'],
} as const;

/** GET /api/ivr/flows. */
export const flowListSchema = { type: 'object', required: ['flows'], properties: { flows: { type: 'array', items: flowStateSchema } } } as const;

/** GET /api/ivr/flows/:name: the file as on disk, its problems and diagram, and the running state. */
export const flowViewSchema = {
  type: 'object',
  required: ['name', 'source', 'problems', 'graph', 'state'],
  properties: { name: { type: 'string' }, source: { type: 'string' }, problems: { type: 'array', items: problemSchema }, graph: graphSchema, state: flowStateSchema },
} as const;

/** POST /api/ivr/flows/:name/check. */
export const checkResultSchema = {
  type: 'object',
  required: ['problems', 'graph'],
  properties: { problems: { type: 'array', items: problemSchema }, graph: graphSchema },
} as const;

/** GET /api/ivr/reports/abandon-points: per flow and node, the callers who hung up there. */
export const abandonPointsSchema = {
  type: 'object',
  required: ['points'],
  properties: {
    points: {
      type: 'array',
      items: { type: 'object', required: ['flow', 'node', 'count'], properties: { flow: { type: 'string' }, node: { type: 'string' }, count: { type: 'integer' } } },
    },
  },
} as const;

export const versionSchema = {
  type: 'object',
  required: ['flow', 'version', 'hash', 'file', 'changedAt', 'changedBy'],
  properties: {
    flow: { type: 'string' },
    version: { type: 'integer' },
    hash: { type: 'string' },
    file: { type: 'string' },
    changedAt: { type: 'integer' },
    changedBy: { type: ['string', 'null'] },
    /** The saver's display name (or username); null for a file read from disk or a user since deleted. */
    changedByName: { type: ['string', 'null'] },
    source: { type: 'string' },
  },
} as const;

/** GET /api/ivr/flows/:name/versions (without the texts: one version's text is read alone). */
export const versionListSchema = { type: 'object', required: ['versions'], properties: { versions: { type: 'array', items: versionSchema } } } as const;

export const traceSchema = {
  type: 'object',
  required: ['callId', 'flow', 'version', 'startedAt', 'endedAt', 'exit', 'exitNode', 'variables', 'steps'],
  properties: {
    callId: { type: 'string' },
    flow: { type: 'string' },
    version: { type: 'integer' },
    startedAt: { type: 'integer' },
    endedAt: { type: ['integer', 'null'] },
    exit: { type: ['string', 'null'] },
    exitNode: { type: ['string', 'null'] },
    variables: { type: 'object', additionalProperties: { type: 'string' } },
    steps: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          seq: { type: 'integer' },
          flow: { type: 'string' },
          node: { type: 'string' },
          kind: { type: 'string' },
          enteredAt: { type: 'integer' },
          leftAt: { type: ['integer', 'null'] },
          digits: { type: 'string' },
          result: { type: ['string', 'null'] },
        },
      },
    },
  },
} as const;

export const flowNameParams = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 64 } },
} as const;

export const sourceBody = {
  type: 'object',
  required: ['source'],
  additionalProperties: false,
  properties: { source: { type: 'string', maxLength: 200_000, 'x-free-text': true } },
} as const;
