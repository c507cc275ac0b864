import type { FastifyInstance } from 'fastify';
import type { CatalogueEntry } from './route-catalogue.js';

declare module 'fastify' {
  interface FastifySchema {
    /** One line for the OpenAPI document. */
    summary?: string;
    description?: string;
    /** Groups in the OpenAPI document (`users`, `queues`, ...). */
    tags?: string[];
    /** Leave the route out of the OpenAPI document. */
    hide?: boolean;
  }
}

export interface OpenApiInfo {
  title: string;
  version: string;
}

/** `/api/users/:id` -> `/api/users/{id}` */
function toOpenApiPath(url: string): { path: string; params: string[] } {
  const params: string[] = [];
  const path = url.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path, params };
}

type JsonSchema = Record<string, unknown>;

function parametersFrom(schema: JsonSchema | undefined, where: 'path' | 'query' | 'header', pathParams: string[]) {
  const out: JsonSchema[] = [];
  const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema?.required as string[] | undefined) ?? []);
  for (const [name, s] of Object.entries(props)) {
    out.push({ name, in: where, required: where === 'path' ? true : required.has(name), schema: s });
  }
  if (where === 'path') {
    for (const name of pathParams) if (!(name in props)) out.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  }
  return out;
}

/** Builds an OpenAPI 3.0 document from the route catalogue (every registered route's schemas). */
export function buildOpenApiDocument(entries: readonly CatalogueEntry[], info: OpenApiInfo): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const e of entries) {
    const schema = (e.schema ?? {}) as JsonSchema & { hide?: boolean };
    // @fastify/websocket marks its routes hidden; ours are part of the API and are documented.
    if (schema.hide && !e.websocket) continue;
    const { path, params } = toOpenApiPath(e.url);
    const op: JsonSchema = {
      operationId: `${e.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      ...(schema.summary ? { summary: schema.summary } : {}),
      ...(schema.description ? { description: schema.description } : {}),
      ...(schema.tags ? { tags: schema.tags } : {}),
      'x-access': e.access === 'permission' ? { permission: e.permission } : { access: e.access },
      parameters: [
        ...parametersFrom(schema.params as JsonSchema | undefined, 'path', params),
        ...parametersFrom(schema.querystring as JsonSchema | undefined, 'query', []),
      ],
      // A WebSocket route is a GET that upgrades; OpenAPI 3.0 can only say so in words.
      responses: e.websocket
        ? { '101': { description: 'Switching Protocols: the connection becomes a WebSocket (send `Upgrade: websocket`)' } }
        : responsesOf(schema.response as Record<string, JsonSchema> | undefined),
      ...(e.websocket ? { 'x-websocket': true } : {}),
    };
    if (e.access !== 'public') op.security = [{ bearer: [] }, { cookie: [] }];
    if (schema.body) op.requestBody = { required: true, content: { 'application/json': { schema: schema.body } } };
    (paths[path] ??= {})[e.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.0.3',
    info,
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'token from POST /api/auth/login' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'sb_session' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['code', 'message'],
          properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } },
        },
      },
    },
  };
}

function responsesOf(response: Record<string, JsonSchema> | undefined): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [status, s] of Object.entries(response ?? {})) {
    out[status] =
      s.type === 'null'
        ? { description: 'No content' }
        : { description: (s.description as string | undefined) ?? 'OK', content: { 'application/json': { schema: s } } };
  }
  if (Object.keys(out).length === 0) out['200'] = { description: 'OK' };
  out.default = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  return out;
}

export async function registerOpenApiRoute(app: FastifyInstance, info: OpenApiInfo): Promise<void> {
  let cached: JsonSchema | undefined;
  app.get(
    '/api/openapi.json',
    { config: { access: 'public' }, schema: { summary: 'This document', tags: ['meta'], hide: true } },
    async () => (cached ??= buildOpenApiDocument(app.routeCatalogue.entries, info)),
  );
}
