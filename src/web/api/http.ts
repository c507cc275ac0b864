/**
 * REST calls to the daemon: same-origin, the session in the HttpOnly cookie (never in the page),
 * JSON in and out. Every failure becomes an ApiError with the daemon's {code, message}, or a code
 * of our own when the daemon could not be reached (NETWORK) or answered something unreadable.
 * A 401 on a signed-in session tells the session module, which sends the user back to login.
 */
import { noteServerDate } from './server-clock.js';
import type { ErrorCode } from './types.js';

/** Codes the page itself produces, next to the daemon's ErrorCode catalogue. */
export type ClientErrorCode = 'NETWORK' | 'BAD_ANSWER';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiError(err: unknown, code?: string): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}

type UnauthorizedListener = (err: ApiError) => void;
let onUnauthorized: UnauthorizedListener = () => {};

/** The session module listens here: a 401 means the session ended (expired, logged out elsewhere). */
export function setUnauthorizedListener(listener: UnauthorizedListener): void {
  onUnauthorized = listener;
}

export interface RequestOptions {
  /** A 401 is an expected answer here (the login itself, the first "who am I"): not a session end. */
  anonymousOk?: boolean;
  signal?: AbortSignal;
  /** A bearer token instead of the session cookie (the wallboard opened with its read-only token). */
  bearer?: string;
  /** Raw bytes as the body (uploads) instead of JSON. */
  raw?: Blob;
}

export async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const sentAt = Date.now();
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.raw ? { 'content-type': 'application/octet-stream' } : {}),
        ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(options.raw ? { body: options.raw } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new ApiError(0, 'NETWORK', `${method} ${path}: the server could not be reached`, { cause: String(err) });
  }
  noteServerDate(res.headers.get('date'), sentAt, Date.now());
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = undefined;
  if (text !== '') {
    try {
      data = JSON.parse(text);
    } catch {
      throw new ApiError(res.status, 'BAD_ANSWER', `${method} ${path}: answered ${res.status} with something that is not JSON`);
    }
  }
  if (res.ok) return data as T;
  const e = (data ?? {}) as { code?: ErrorCode; message?: string; details?: unknown };
  const err = new ApiError(res.status, e.code ?? 'BAD_ANSWER', e.message ?? `${method} ${path}: ${res.status}`, e.details);
  if (res.status === 401 && !options.anonymousOk) onUnauthorized(err);
  throw err;
}
