import type { Kysely } from 'kysely';
import type { SessionRecord, SessionRepository } from '../../accounts/ports.js';
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
