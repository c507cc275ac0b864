import { sql, type Kysely } from 'kysely';
import { isRole } from '../../accounts/permissions.js';
import type { SessionCheck, SessionRecord, SessionRepository } from '../../accounts/ports.js';
import type { Database } from '../schema.js';

export class KyselySessionRepository implements SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(s: { id: string; userId: string; tokenHash: string; at: number; expiresAt: number; ip?: string; userAgent?: string }): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: s.id,
        user_id: s.userId,
        token_hash: s.tokenHash,
        created_at: new Date(s.at),
        last_seen_at: new Date(s.at),
        expires_at: new Date(s.expiresAt),
        revoked_at: null,
        ip: s.ip ?? null,
        user_agent: s.userAgent?.slice(0, 400) ?? null,
      })
      .execute();
  }

  async findByTokenHash(tokenHash: string): Promise<SessionRecord | undefined> {
    const row = await this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      userId: row.user_id,
      createdAt: row.created_at.getTime(),
      lastSeenAt: row.last_seen_at.getTime(),
      expiresAt: row.expires_at.getTime(),
      revokedAt: row.revoked_at ? row.revoked_at.getTime() : null,
    };
  }

  async touch(id: string, at: number): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: new Date(at) }).where('id', '=', id).execute();
  }

  async checkMany(ids: string[]): Promise<SessionCheck[]> {
    const out: SessionCheck[] = [];
    for (const [i, part] of chunks(ids, CHUNK).entries()) {
      if (i > 0) await breathe();
      const rows = await this.db
        .selectFrom('sessions')
        .leftJoin('users', 'users.id', 'sessions.user_id')
        .select(['sessions.id', 'sessions.user_id', 'sessions.created_at', 'sessions.last_seen_at', 'sessions.expires_at', 'sessions.revoked_at', 'users.username', 'users.roles', 'users.disabled'])
        // One array parameter: far cheaper to bind than a thousand (PGlite especially).
        .where(sql<boolean>`sessions.id = any(${part}::text[])`)
        .execute();
      for (const r of rows) {
        out.push({
          id: r.id,
          userId: r.user_id,
          createdAt: r.created_at.getTime(),
          lastSeenAt: r.last_seen_at.getTime(),
          expiresAt: r.expires_at.getTime(),
          revokedAt: r.revoked_at ? r.revoked_at.getTime() : null,
          ...(r.username !== null && r.roles !== null && r.disabled !== null ? { user: { username: r.username, roles: r.roles.filter(isRole), disabled: r.disabled } } : {}),
        });
      }
    }
    return out;
  }

  async touchMany(uses: { id: string; at: number }[]): Promise<void> {
    for (const [i, part] of chunks(uses, CHUNK).entries()) {
      if (i > 0) await breathe();
      const ids = part.map((u) => u.id);
      const ats = part.map((u) => new Date(u.at).toISOString());
      await sql`update sessions set last_seen_at = greatest(sessions.last_seen_at, v.at) from unnest(${ids}::text[], ${ats}::timestamptz[]) as v(id, at) where sessions.id = v.id`.execute(this.db);
    }
  }

  async revoke(id: string, at: number): Promise<void> {
    await this.db.updateTable('sessions').set({ revoked_at: new Date(at) }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  async revokeAllOf(userId: string, at: number): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ revoked_at: new Date(at) })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async revokeOthers(userId: string, keepId: string, at: number): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ revoked_at: new Date(at) })
      .where('user_id', '=', userId)
      .where('id', '<>', keepId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async purgeDead(userId: string, before: number): Promise<void> {
    const cutoff = new Date(before);
    await this.db
      .deleteFrom('sessions')
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('expires_at', '<', cutoff), eb('revoked_at', '<', cutoff)]))
      .execute();
  }
}

/**
 * Sessions per statement: the embedded engine runs a statement on the event loop's thread, so a
 * statement is kept to a few milliseconds there, with a breath between statements.
 */
const CHUNK = 500;

/**
 * Lets the event loop run between statements: the embedded engine executes them on this thread
 * and settles their promises without yielding, so a loop of statements would otherwise hold calls,
 * sockets and timers until the last one.
 */
export function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}
