import http from 'node:http';
import { AppError } from '../../core/errors.js';

export interface AriHttpOptions {
  /** `http://host:8088/ari` (the ARI base, without a trailing slash). */
  baseUrl: string;
  username: string;
  password: string;
  timeoutMs?: number;
}

/** The largest ARI REST answer read (16 MiB); more is refused as PBX_PROTOCOL. */
export const MAX_ARI_RESPONSE_BYTES = 16 * 1024 * 1024;

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
 * - every channel not-found body Asterisk sends (see CHANNEL_NOT_FOUND; 404, or 400 from
 *   addChannel) -> CHANNEL_GONE; "Bridge not found" -> BRIDGE_GONE
 * - any other 404 on a route naming a channel or bridge (`addresses`, else read from the path)
 *   -> CHANNEL_GONE / BRIDGE_GONE, except "Provided variable was not found" (an unset variable)
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
        let received = 0;
        res.on('data', (c: Buffer) => {
          received += c.length;
          if (received > MAX_ARI_RESPONSE_BYTES) {
            // A body this large is not ARI (GET /channels of 1,000 calls is about 2 MB): stop reading.
            reject(new AppError('PBX_PROTOCOL', `ARI ${method} ${url.pathname} answered more than ${MAX_ARI_RESPONSE_BYTES} bytes`, { where: 'ari/response', bytes: received }));
            r.destroy();
            return;
          }
          chunks.push(c);
        });
        res.on('error', (err) => reject(unavailable(err)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = undefined;
          if (text.length > 0) {
            try {
              body = JSON.parse(text);
            } catch {
              reject(new AppError('PBX_PROTOCOL', `ARI ${method} ${url.pathname} answered non-JSON`, { where: 'ari/response', status: res.statusCode }));
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

/**
 * Not-found bodies Asterisk 22 really sends (res/ari/resource_channels.c, resource_bridges.c):
 * "Channel not found" (most channel routes; 400 from addChannel/removeChannel), "Provided channel
 * was not found" (GET variable, snoop), "Callee not found" (dial); "Bridge not found".
 */
const CHANNEL_NOT_FOUND = /^(provided channel was not found|channel not found|callee not found)$/i;
const BRIDGE_NOT_FOUND = /^bridge not found$/i;
/** "Provided variable was not found": the channel exists, the variable is unset. */
const VARIABLE_NOT_FOUND = /^provided variable was not found$/i;

/** Which object a path addresses when the caller did not say: `/channels/{id}/...`, `/bridges/{id}/...`. */
export function addressedBy(path: string): 'channel' | 'bridge' | undefined {
  const m = /^\/?(?:ari\/)?(channels|bridges)\/([^/]+)/.exec(path);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  if (m[1] === 'channels') return m[2] === 'create' || m[2] === 'externalMedia' ? undefined : 'channel';
  return 'bridge';
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
  const target = addresses ?? addressedBy(path);
  // An unset variable is an answer, not an error about the channel: getVariable turns it into undefined.
  if (status === 404 && VARIABLE_NOT_FOUND.test(message)) {
    return new AppError('PBX_REJECTED', `Asterisk refused ${method} ${path}: ${message}`, { ...details, missing: 'variable' });
  }
  if ((status === 404 || status === 400) && CHANNEL_NOT_FOUND.test(message)) {
    return new AppError('CHANNEL_GONE', undefined, details);
  }
  if (status === 404 && BRIDGE_NOT_FOUND.test(message)) return new AppError('BRIDGE_GONE', undefined, details);
  // Any other 404 on a route that names a channel or bridge (wording varies by route and version).
  if (status === 404 && target === 'channel') return new AppError('CHANNEL_GONE', undefined, details);
  if (status === 404 && target === 'bridge') return new AppError('BRIDGE_GONE', undefined, details);
  // A channel that already left our Stasis app (hung up, redirected) is gone as far as we are
  // concerned, when the caller says the request is about that channel.
  if (status === 409 && addresses === 'channel' && message === 'Channel not in Stasis application') {
    return new AppError('CHANNEL_GONE', undefined, details);
  }
  return new AppError('PBX_REJECTED', `Asterisk refused ${method} ${path}: ${message}`, details);
}
