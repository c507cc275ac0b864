/** Canned replies in the database (sql/059). */
import type { Kysely, Selectable } from 'kysely';
import type { AuditEntry, AuditLog } from '../../accounts/audit.js';
import type { CannedLanguage, CannedReply, CannedScope } from '../../chat/canned-replies.js';
import type { CannedReplyStore } from '../../chat/ports.js';
import { AppError } from '../../core/errors.js';
import { transactWithAudit } from '../accounts/unit-of-work.js';
import { epochMs } from '../config/repo-deps.js';
import { isUniqueViolation } from '../pg-errors.js';
import type { Database } from '../schema.js';
import type { CannedRepliesTable } from '../tables/chat.js';

function toReply(r: Selectable<CannedRepliesTable>): CannedReply {
  return {
    id: r.id,
    scope: r.scope as CannedScope,
    agentId: r.owner_agent_id,
    teamId: r.owner_team_id,
    shortcut: r.shortcut,
    title: r.title,
    body: r.body,
    language: r.language as CannedLanguage | null,
    createdBy: r.created_by,
    createdAt: epochMs(r.created_at),
    updatedAt: epochMs(r.updated_at),
  };
}

const scopeKey = (r: CannedReply): string => (r.scope === 'personal' ? `a:${r.agentId ?? ''}` : `t:${r.teamId ?? ''}`);

export class CannedReplyRepo implements CannedReplyStore {
  constructor(private readonly db: Kysely<Database>) {}

  async replies(owners: { agentIds: string[]; teamIds: string[]; allTeams?: boolean }): Promise<CannedReply[]> {
    const keys = [...owners.agentIds.map((a) => `a:${a}`), ...owners.teamIds.map((t) => `t:${t}`)];
    if (keys.length === 0 && !owners.allTeams) return [];
    const rows = await this.db
      .selectFrom('canned_replies')
      .selectAll()
      .where((eb) => eb.or([...(keys.length > 0 ? [eb('scope_key', 'in', keys)] : []), ...(owners.allTeams ? [eb('scope', '=', 'team')] : [])]))
      .orderBy('shortcut')
      .orderBy('scope')
      .orderBy('id')
      .execute();
    return rows.map(toReply);
  }

  async reply(id: string): Promise<CannedReply | undefined> {
    const row = await this.db.selectFrom('canned_replies').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toReply(row) : undefined;
  }

  async save(r: CannedReply, isNew: boolean, entry: AuditEntry, log: AuditLog): Promise<void> {
    const row = {
      scope: r.scope,
      owner_agent_id: r.agentId,
      owner_team_id: r.teamId,
      scope_key: scopeKey(r),
      shortcut: r.shortcut,
      title: r.title,
      body: r.body,
      language: r.language,
      updated_at: new Date(r.updatedAt),
    };
    try {
      await transactWithAudit(this.db, log, async (trx, audit) => {
        if (isNew) await trx.insertInto('canned_replies').values({ ...row, id: r.id, created_by: r.createdBy, created_at: new Date(r.createdAt) }).execute();
        else await trx.updateTable('canned_replies').set(row).where('id', '=', r.id).execute();
        await audit.record(entry);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('CANNED_SHORTCUT_TAKEN', `The shortcut ${r.shortcut} is already used`, { where: '/shortcut', shortcut: r.shortcut });
      throw err;
    }
  }

  async remove(id: string, entry: AuditEntry, log: AuditLog): Promise<boolean> {
    return transactWithAudit(this.db, log, async (trx, audit) => {
      const result = await trx.deleteFrom('canned_replies').where('id', '=', id).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return false;
      await audit.record(entry);
      return true;
    });
  }
}
