import http from 'node:http';
import { AppError } from '../../core/errors.js';

export interface AriHttpOptions {
  /** `http://host:8088/ari` (the ARI base, without a trailing slash). */
  baseUrl: string;
  username: string;
  password: string;
  timeoutMs?: number;
}

export type QueryValue = string | number | boolean | undefined;

export interface AriRequest {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Which object the path addresses, so a bare 404 becomes CHANNEL_GONE / BRIDGE_GONE. */
  addresses?: 'channel' | 'bridge';
}

export interface AriResponse<T> {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: T;
}

/**
 * A small ARI REST client over node:http with a keep-alive agent: one socket pool, no per-call
 * TCP handshake on the call-setup path (latency-facts: each awaited REST call costs ~1 ms).
 *
 * Error mapping (bodies per the recorded transcripts):
 * - `{"message":"Channel not found"}` (404, or 400 from addChannel) -> CHANNEL_GONE
 * - `{"message":"Bridge not found"}` -> BRIDGE_GONE; another 404 on an addressed channel/bridge too
 * - anything else >= 400 -> PBX_REJECTED, details `{ status, message }` (`message` or `error` field)
 * - no connection -> PBX_UNAVAILABLE
 */
export class AriHttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  private readonly base: URL;
  private readonly auth: string;

  constructor(private readonly opts: AriHttpOptions) {
    this.base = new URL(opts.baseUrl.endsWith('/') ? opts.baseUrl : `${opts.baseUrl}/`);
    this.auth = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`;
  }

  get<T>(path: string, req: AriRequest = {}): Promise<T> {
    return this.request<T>('GET', path, req).then((r) => r.body);
  }

  post<T = undefined>(path: string, req: AriRequest = {}): Promise<T> {
    return this.request<T>('POST', path, req).then((r) => r.body);
  }

  delete(path: string, req: AriRequest = {}): Promise<void> {
    return this.request<undefined>('DELETE', path, req).then(() => undefined);
  }

  close(): void {
    this.agent.destroy();
  }

  request<T>(method: string, path: string, req: AriRequest): Promise<AriResponse<T>> {
    const url = new URL(path.replace(/^\//, ''), this.base);
    for (const [k, v] of Object.entries(req.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
    const headers: http.OutgoingHttpHeaders = { authorization: this.auth, accept: 'application/json' };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    return new Promise((resolve, reject) => {
      const r = http.request(url, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => reject(unavailable(err)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = undefined;
          if (text.length > 0) {
            try {
              body = JSON.parse(text);
            } catch {
              reject(new AppError('PBX_PROTOCOL', `ARI ${method} ${url.pathname} answered non-JSON`, { status: res.statusCode }));
              return;
            }
          }
          const status = res.statusCode ?? 0;
          if (status >= 400) reject(mapError(status, body, req.addresses, method, url.pathname));
          else resolve({ status, headers: res.headers, body: body as T });
        });
      });
      r.setTimeout(this.opts.timeoutMs ?? 10_000, () => {
        r.destroy(new AppError('PBX_TIMEOUT', `ARI ${method} ${url.pathname} timed out`));
      });
      r.on('error', (err) => reject(err instanceof AppError ? err : unavailable(err)));
      r.end(payload);
    });
  }
}

function unavailable(err: Error): AppError {
  return new AppError('PBX_UNAVAILABLE', 'Asterisk ARI is not reachable', { reason: err.message }, { cause: err });
}

export function mapError(
  status: number,
  body: unknown,
  addresses: 'channel' | 'bridge' | undefined,
  method: string,
  path: string,
): AppError {
  const b = (body ?? {}) as { message?: unknown; error?: unknown };
  const message = typeof b.message === 'string' ? b.message : typeof b.error === 'string' ? b.error : `HTTP ${status}`;
  const details = { status, message, request: `${method} ${path}` };
  if ((status === 404 || status === 400) && message === 'Channel not found') {
    return new AppError('CHANNEL_GONE', undefined, details);
  }
  if (status === 404 && message === 'Bridge not found') return new AppError('BRIDGE_GONE', undefined, details);
  if (status === 404 && addresses === 'channel') return new AppError('CHANNEL_GONE', undefined, details);
  if (status === 404 && addresses === 'bridge') return new AppError('BRIDGE_GONE', undefined, details);
  // A channel that already left our Stasis app (hung up, redirected) is gone as far as we are concerned.
  if (status === 409 && addresses === 'channel' && message === 'Channel not in Stasis application') {
    return new AppError('CHANNEL_GONE', undefined, details);
  }
  return new AppError('PBX_REJECTED', `Asterisk refused ${method} ${path}: ${message}`, details);
}
