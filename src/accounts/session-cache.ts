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
 *   default 10 s). Every `recheckMs / 2` the AuthService re-checks every entry older than that in
 *   one batched read (sessions with their users, then the links of those users), so the entries
 *   in use stay fresh without a read per request or heartbeat; an entry that was not re-checked
 *   in time is read again on its next use. A session revoked, a user disabled or changed
 *   elsewhere takes effect here within `recheckMs`; `recheckMs` 0 reads on every use (no cache).
 * - Expiry (absolute and idle) is checked on every use against the cached times; the idle clock
 *   slides in memory; the re-check writes the uses to the stored last-seen (at most once a minute
 *   per session, in one statement) and drops the sessions that expired or idled out.
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

  /** The entry, fresh or not (a stale one still knows the last use seen here). */
  get(tokenHash: string): CachedSession | undefined {
    return this.entries.get(tokenHash);
  }

  /** Checked against the database less than `recheckMs` ago. */
  isFresh(e: CachedSession, now: number): boolean {
    return now - e.checkedAt < this.recheckMs && now >= e.checkedAt;
  }

  /** Marks the entry most recently used (eviction takes the least recently used first). */
  used(tokenHash: string, e: CachedSession): void {
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, e);
  }

  /** Whether this very entry is still the one cached (not dropped or replaced meanwhile). */
  holds(tokenHash: string, e: CachedSession): boolean {
    return this.entries.get(tokenHash) === e;
  }

  /** Entries last checked at or before `before`, least recently used first. */
  checkedBefore(before: number): [string, CachedSession][] {
    const out: [string, CachedSession][] = [];
    for (const entry of this.entries) if (entry[1].checkedAt <= before) out.push(entry);
    return out;
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

  /** The re-check found the session gone (revoked, expired, user disabled) by another process's doing. */
  ended(tokenHash: string, e: CachedSession): void {
    if (!this.holds(tokenHash, e)) return;
    this.entries.delete(tokenHash);
    this.emit({ kind: 'ended', sessionId: e.sessionId });
  }

  /** The re-check found the user's principal changed (another process): listeners re-check. */
  principalChanged(userId: string): void {
    this.emit({ kind: 'changed', userId });
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
