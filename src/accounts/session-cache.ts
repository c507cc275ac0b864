import type { Principal } from './principal.js';

/**
 * Sessions this process resolved recently, by token hash, so that a request or a WebSocket
 * heartbeat costs no database round trip (resolving a token reads the session, the user and the
 * user's agent / led teams).
 *
 * Staying right:
 * - On this process, every change that ends a session or changes what a principal holds goes
 *   through here at once: logout, password change and reset, disable, role or any other user
 *   change, and (by `linksChanged`) any change of agents or teams.
 * - Another process on the same database (a second daemon, the `reset-password` command) cannot
 *   tell us. So an entry is trusted for `recheckMs` only (config `session.recheckSeconds`,
 *   default 10 s): after that the stored session and user are read again. A session revoked or a
 *   user disabled elsewhere stops working here within that time; `recheckMs` 0 reads them on
 *   every use (no cache).
 * - Expiry (absolute and idle) is checked on every use against the cached times; the idle clock
 *   slides in memory, and the stored last-seen is still written at most once a minute.
 *
 * Listeners hear of sessions ended and users changed on this process (the event socket closes or
 * re-checks its sockets at once instead of at the next heartbeat).
 */
export interface CachedSession {
  principal: Principal;
  sessionId: string;
  userId: string;
  expiresAt: number;
  /** The last use seen by this process. */
  lastSeenAt: number;
  /** last_seen_at as stored (written at most every minute). */
  storedLastSeenAt: number;
  /** When the stored session and user were last read. */
  checkedAt: number;
}

export type SessionChange =
  | { kind: 'ended'; sessionId: string }
  | { kind: 'ended'; userId: string; exceptSessionId?: string }
  | { kind: 'changed'; userId: string };

/** What user management tells the cache (UserService depends on this, not on the cache). */
export interface SessionInvalidation {
  /** The user's sessions were revoked (disable, password reset, own password change). */
  userSessionsEnded(userId: string, exceptSessionId?: string): void;
  /** The user's roles, name or state changed: the next use re-reads them. */
  userChanged(userId: string): void;
}

export const noSessionInvalidation: SessionInvalidation = {
  userSessionsEnded: () => {},
  userChanged: () => {},
};

export interface SessionCacheOptions {
  /** How long a resolved session is trusted before it is read again (0: never cached). */
  recheckMs: number;
  /** Entries kept at most; the least recently used leave first (default 100,000). */
  maxEntries?: number;
}

export class SessionCache implements SessionInvalidation {
  readonly recheckMs: number;
  private readonly maxEntries: number;
  private readonly entries = new Map<string, CachedSession>();
  private readonly loading = new Map<string, Promise<Principal>>();
  private readonly listeners = new Set<(change: SessionChange) => void>();
  /** Bumped by every invalidation: a load that started before one must not be cached. */
  private generation = 0;

  constructor(options: SessionCacheOptions) {
    this.recheckMs = Math.max(0, options.recheckMs);
    this.maxEntries = Math.max(1, options.maxEntries ?? 100_000);
  }

  /** The entry when it was checked against the database less than `recheckMs` ago. */
  fresh(tokenHash: string, now: number): CachedSession | undefined {
    const e = this.entries.get(tokenHash);
    if (!e) return undefined;
    if (now - e.checkedAt >= this.recheckMs || now < e.checkedAt) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    // Most recently used last: eviction takes from the front.
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, e);
    return e;
  }

  /**
   * Runs `load` once for concurrent callers of the same token, and caches what it stored unless an
   * invalidation happened meanwhile (the load may have read the row before the change).
   */
  load(tokenHash: string, load: () => Promise<CachedSession>): Promise<Principal> {
    const running = this.loading.get(tokenHash);
    if (running) return running;
    const generation = this.generation;
    const p = load()
      .then((entry) => {
        if (this.recheckMs > 0 && generation === this.generation) this.put(tokenHash, entry);
        return entry.principal;
      })
      .finally(() => {
        if (this.loading.get(tokenHash) === p) this.loading.delete(tokenHash);
      });
    this.loading.set(tokenHash, p);
    return p;
  }

  forget(tokenHash: string): void {
    this.entries.delete(tokenHash);
  }

  /** A logout on this process. */
  sessionEnded(sessionId: string): void {
    this.drop((e) => e.sessionId === sessionId);
    this.emit({ kind: 'ended', sessionId });
  }

  userSessionsEnded(userId: string, exceptSessionId?: string): void {
    this.drop((e) => e.userId === userId && e.sessionId !== exceptSessionId);
    this.emit(exceptSessionId === undefined ? { kind: 'ended', userId } : { kind: 'ended', userId, exceptSessionId });
  }

  userChanged(userId: string): void {
    this.drop((e) => e.userId === userId);
    this.emit({ kind: 'changed', userId });
  }

  /** Agents or teams changed: who is which agent and leads which team is read again. */
  linksChanged(): void {
    this.drop(() => true);
  }

  onChange(listener: (change: SessionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.entries.size;
  }

  private put(tokenHash: string, entry: CachedSession): void {
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  private drop(match: (e: CachedSession) => boolean): void {
    this.generation++;
    // A load under way may have read the row before the change: later callers start their own.
    this.loading.clear();
    for (const [key, e] of this.entries) if (match(e)) this.entries.delete(key);
  }

  private emit(change: SessionChange): void {
    for (const l of [...this.listeners]) l(change);
  }
}
