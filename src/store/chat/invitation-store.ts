/** Invitation rules and invitations over kysely (sql/105; ports in src/chat/invitation-ports.ts). */
import type { Kysely, Selectable } from 'kysely';
import type { AuditEntry, AuditLog } from '../../accounts/audit.js';
import type { InvitationAnswer, InvitationRuleStore, InvitationStore, StoredInvitation } from '../../chat/invitation-ports.js';
import type { InvitationRule, VisitorKind } from '../../chat/invitation-rules.js';
import { AppError } from '../../core/errors.js';
import { transactWithAudit } from '../accounts/unit-of-work.js';
import { isUniqueViolation } from '../pg-errors.js';
import type { Database } from '../schema.js';
import type { ChatInvitationRulesTable, ChatInvitationsTable } from '../tables/chat.js';

const ms = (d: Date | null): number | null => (d === null ? null : d.getTime());

function toRule(r: Selectable<ChatInvitationRulesTable>): InvitationRule {
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    urlPattern: r.url_pattern,
    minSecondsOnPage: r.min_seconds_on_page,
    // Checked by the table's constraint.
    visitorKind: r.visitor_kind as VisitorKind,
    message: { en: r.message_en, zh: r.message_zh },
    queueId: r.queue_id,
    createdAt: r.created_at.getTime(),
    updatedAt: r.updated_at.getTime(),
  };
}

function toInvitation(r: Selectable<ChatInvitationsTable>): StoredInvitation {
  return {
    id: r.id,
    visitorId: r.visitor_id,
    visitId: r.visit_id,
    agentId: r.agent_id,
    agentName: r.agent_name,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    queueId: r.queue_id,
    message: r.message,
    messageZh: r.message_zh,
    createdAt: r.created_at.getTime(),
    expiresAt: r.expires_at.getTime(),
    // Checked by the table's constraint.
    answer: r.answer as InvitationAnswer | null,
    answeredAt: ms(r.answered_at),
    chatId: r.chat_id,
  };
}

export class KyselyInvitationStore implements InvitationStore, InvitationRuleStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(inv: StoredInvitation, audit?: { entry: AuditEntry; log: AuditLog }): Promise<void> {
    const row = {
      id: inv.id,
      visitor_id: inv.visitorId,
      visit_id: inv.visitId,
      agent_id: inv.agentId,
      agent_name: inv.agentName,
      rule_id: inv.ruleId,
      rule_name: inv.ruleName,
      queue_id: inv.queueId,
      message: inv.message,
      message_zh: inv.messageZh,
      created_at: new Date(inv.createdAt),
      expires_at: new Date(inv.expiresAt),
      answer: inv.answer,
      answered_at: inv.answeredAt === null ? null : new Date(inv.answeredAt),
      chat_id: inv.chatId,
    };
    if (!audit) {
      await this.db.insertInto('chat_invitations').values(row).execute();
      return;
    }
    await transactWithAudit(this.db, audit.log, async (trx, log) => {
      await trx.insertInto('chat_invitations').values(row).execute();
      await log.record(audit.entry);
    });
  }

  async answer(id: string, answer: InvitationAnswer, at: number, chatId: string | null): Promise<void> {
    await this.db.updateTable('chat_invitations').set({ answer, answered_at: new Date(at), chat_id: chatId }).where('id', '=', id).where('answer', 'is', null).execute();
  }

  async unanswered(): Promise<StoredInvitation[]> {
    return (await this.db.selectFrom('chat_invitations').selectAll().where('answer', 'is', null).orderBy('created_at').execute()).map(toInvitation);
  }

  async ofVisit(visitId: string): Promise<StoredInvitation[]> {
    return (await this.db.selectFrom('chat_invitations').selectAll().where('visit_id', '=', visitId).orderBy('created_at').orderBy('id').execute()).map(toInvitation);
  }

  async rules(): Promise<InvitationRule[]> {
    return (await this.db.selectFrom('chat_invitation_rules').selectAll().orderBy('name').orderBy('id').execute()).map(toRule);
  }

  async save(rule: InvitationRule, isNew: boolean, entry: AuditEntry, log: AuditLog): Promise<void> {
    const row = {
      name: rule.name,
      enabled: rule.enabled,
      url_pattern: rule.urlPattern,
      min_seconds_on_page: rule.minSecondsOnPage,
      visitor_kind: rule.visitorKind,
      message_en: rule.message.en,
      message_zh: rule.message.zh,
      queue_id: rule.queueId,
      updated_at: new Date(rule.updatedAt),
    };
    try {
      await transactWithAudit(this.db, log, async (trx, audit) => {
        if (isNew) await trx.insertInto('chat_invitation_rules').values({ ...row, id: rule.id, created_at: new Date(rule.createdAt) }).execute();
        else await trx.updateTable('chat_invitation_rules').set(row).where('id', '=', rule.id).execute();
        await audit.record(entry);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('INVITATION_RULE_NAME_TAKEN', `Another invitation rule is named ${rule.name}`, { where: '/name', name: rule.name });
      throw err;
    }
  }

  async remove(id: string, entry: AuditEntry, log: AuditLog): Promise<boolean> {
    return transactWithAudit(this.db, log, async (trx, audit) => {
      const result = await trx.deleteFrom('chat_invitation_rules').where('id', '=', id).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return false;
      await audit.record(entry);
      return true;
    });
  }
}
