import type { Kysely } from 'kysely';
import type { AuditEntry, AuditLog } from '../../accounts/audit.js';
import type { WallboardToken, WallboardTokenStore } from '../../accounts/wallboard-tokens.js';
import type { Database } from '../schema.js';
import type { WallboardTokensTable } from '../tables/supervision.js';
import { transactWithAudit } from './unit-of-work.js';

function toToken(row: WallboardTokensTable): WallboardToken {
  return {
    id: row.id,
    name: row.name,
    tokenHash: row.token_hash,
    createdAt: new Date(row.created_at).getTime(),
    createdBy: row.created_by,
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at).getTime(),
  };
}

/** Wallboard tokens (sql/053): hashes only; each write with its audit entry. */
export class KyselyWallboardTokenStore implements WallboardTokenStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
  ) {}

  async list(): Promise<WallboardToken[]> {
    const rows = await this.db.selectFrom('wallboard_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toToken);
  }

  async create(token: WallboardToken, entry: AuditEntry): Promise<void> {
    await transactWithAudit(this.db, this.audit, async (trx, audit) => {
      await trx
        .insertInto('wallboard_tokens')
        .values({ id: token.id, name: token.name, token_hash: token.tokenHash, created_at: new Date(token.createdAt), created_by: token.createdBy, revoked_at: null })
        .execute();
      await audit.record(entry);
    });
  }

  async revoke(id: string, at: number, entry: AuditEntry): Promise<boolean> {
    return transactWithAudit(this.db, this.audit, async (trx, audit) => {
      const result = await trx.updateTable('wallboard_tokens').set({ revoked_at: new Date(at) }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await audit.record(entry);
      return true;
    });
  }
}
