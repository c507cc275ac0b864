import { isMap, isScalar } from 'yaml';
import type { HttpNode } from '../flow.js';
import { interpolate } from '../run-context.js';
import type { NodeDef } from './node-def.js';
import { isVarName, target } from './parse-helpers.js';

/**
 * Looks the caller up in a CRM: `url` may use `${caller_number}`; fields of the JSON answer become
 * variables (`assign: { customer_level: customer.level }`). A slow or failing CRM never holds the
 * caller longer than `timeout`: the call continues at `onError`.
 */
export const httpNode: NodeDef<HttpNode> = {
  kind: 'http',
  fields: ['url', 'method', 'timeout', 'assign', 'next', 'onError'],
  parse(v, base) {
    const url = v.string('url', true) ?? '';
    if (url && !/^https?:\/\//.test(url)) v.r.report(v.valuePos('url'), 'IVR_URL_NOT_HTTP', { url });
    const method = (v.string('method') ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'POST') v.r.report(v.valuePos('method'), 'IVR_BAD_HTTP_METHOD', { method });
    const assign: Record<string, string> = {};
    const n = v.node('assign');
    if (n !== undefined && !isMap(n)) v.r.report(v.valuePos('assign'), 'IVR_ASSIGN_NOT_A_MAPPING', { where: v.at });
    if (isMap(n))
      for (const pair of n.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : '';
        const path = isScalar(pair.value) ? pair.value.value : undefined;
        if (!isVarName(k)) v.r.report(v.r.posOf(pair.key as never), 'IVR_NOT_A_VARIABLE_NAME', { name: k });
        else if (typeof path !== 'string' || path === '') v.r.report(v.r.posOf(pair.key as never), 'IVR_ASSIGN_NEEDS_PATH', { name: k });
        else assign[k] = path;
      }
    return {
      kind: 'http',
      ...base,
      url,
      method: method === 'POST' ? 'POST' : 'GET',
      timeoutMs: v.duration('timeout', 2000),
      assign,
      next: target(v, 'next', true),
      onError: target(v, 'onError', true),
    };
  },
  async run(node, ctx) {
    const url = interpolate(node.url, ctx.vars, encodeURIComponent);
    const abort = new AbortController();
    let timer: ReturnType<typeof ctx.clock.setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = ctx.clock.setTimeout(() => {
        abort.abort();
        resolve('timeout');
      }, node.timeoutMs);
    });
    const request = ctx.services.http
      .fetchJson({ url, method: node.method, ...(node.method === 'POST' ? { body: ctx.vars } : {}), signal: abort.signal })
      .then((body) => ({ body }), (err: unknown) => ({ err }));
    const res = await Promise.race([request, timeout]);
    ctx.clock.clearTimeout(timer);
    if (res === 'timeout') return { next: node.onError.id, result: 'timeout' };
    if ('err' in res) {
      ctx.log.warn({ node: node.id, err: String(res.err) }, 'IVR HTTP lookup failed');
      return { next: node.onError.id, result: 'error' };
    }
    for (const [name, path] of Object.entries(node.assign)) {
      const val = pick(res.body, path);
      if (val !== undefined && val !== null && typeof val !== 'object') ctx.vars[name] = String(val);
    }
    return { next: node.next.id, result: 'ok' };
  },
};

function pick(body: unknown, path: string): unknown {
  let cur: unknown = body;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
