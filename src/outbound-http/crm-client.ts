/**
 * The CRM lookup's HTTP side: one request to the endpoint the admin configured, and nowhere else.
 * Redirects are not followed (a 3xx is an answer like any other non-2xx: the lookup falls back),
 * so a compromised or misconfigured endpoint cannot send the secret header on to another host;
 * the time limit covers connecting, the headers and the body; a body larger than 64 KiB is
 * refused unread. Every failure comes back as a result, never thrown.
 */
import type { CrmHttp, CrmHttpRequest, CrmHttpResult } from '../customers/crm-lookup-service.js';

const MAX_BODY_BYTES = 64 * 1024;

export interface CrmHttpOptions {
  userAgent?: string;
}

export class FetchCrmHttp implements CrmHttp {
  private readonly userAgent: string;
  constructor(opts: CrmHttpOptions) {
    this.userAgent = opts.userAgent ?? 'Switchboard-CRM-Lookup';
  }

  async ask(request: CrmHttpRequest): Promise<CrmHttpResult> {
    const signal = AbortSignal.timeout(request.timeoutMs);
    try {
      const res = await fetch(request.url, {
        method: request.method,
        headers: { 'user-agent': this.userAgent, ...request.headers },
        ...(request.body !== undefined ? { body: request.body } : {}),
        redirect: 'manual',
        signal,
      });
      const declared = Number(res.headers.get('content-length') ?? '0');
      if (declared > MAX_BODY_BYTES) {
        await res.body?.cancel();
        return { kind: 'answered', status: res.status, body: undefined };
      }
      const text = await res.text();
      if (text.length > MAX_BODY_BYTES) return { kind: 'answered', status: res.status, body: undefined };
      return { kind: 'answered', status: res.status, body: parseJson(text) };
    } catch (err) {
      if (signal.aborted) return { kind: 'timeout' };
      const cause = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      return { kind: 'unreachable', error: cause };
    }
  }
}

/** A body that is not JSON is "no answer" for the lookup (undefined), not an exception. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
