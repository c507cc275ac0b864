/** Leave-a-message templates and left messages in the database (sql/072, sql/073). */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditEntry, AuditLog } from '../../accounts/audit.js';
import { AppError } from '../../core/errors.js';
import type { LeaveMessageStore } from '../../tickets/leave-message-ports.js';
import type { LeaveMessageChannel, LeaveMessageTemplate, TemplateField, TemplateName } from '../../tickets/leave-message-template.js';
import { transactWithAudit } from '../accounts/unit-of-work.js';
import { epochMs } from '../config/repo-deps.js';
import { isUniqueViolation } from '../pg-errors.js';
import type { Database } from '../schema.js';
import type { LeaveMessageTemplatesTable } from '../tables/tickets.js';

function toTemplate(r: Selectable<LeaveMessageTemplatesTable>): LeaveMessageTemplate {
  return {
    id: r.id,
    channel: r.channel as LeaveMessageChannel,
    businessLine: r.business_line,
    // Checked by the API schema before it was stored; older names were copied into both (sql/111).
    name: r.name as TemplateName,
    // Checked by checkTemplate before it was stored.
    fields: r.fields as TemplateField[],
    enabled: r.enabled,
    createdAt: epochMs(r.created_at),
    updatedAt: epochMs(r.updated_at),
  };
}

export class LeaveMessageRepo implements LeaveMessageStore {
  constructor(private readonly db: Kysely<Database>) {}

  async templates(filter: { channel?: LeaveMessageChannel; enabledOnly?: boolean }): Promise<LeaveMessageTemplate[]> {
    let q = this.db.selectFrom('leave_message_templates').selectAll();
    if (filter.channel) q = q.where('channel', '=', filter.channel);
    if (filter.enabledOnly) q = q.where('enabled', '=', true);
    return (await q.orderBy(sql`name->>'en'`).orderBy('id').execute()).map(toTemplate);
  }

  async template(id: string): Promise<LeaveMessageTemplate | undefined> {
    const row = await this.db.selectFrom('leave_message_templates').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toTemplate(row) : undefined;
  }

  async saveTemplate(t: LeaveMessageTemplate, isNew: boolean, entry: AuditEntry, log: AuditLog): Promise<void> {
    const row = { channel: t.channel, business_line: t.businessLine, name: JSON.stringify(t.name), fields: JSON.stringify(t.fields), enabled: t.enabled, updated_at: new Date(t.updatedAt) };
    try {
      await transactWithAudit(this.db, log, async (trx, audit) => {
        if (isNew) await trx.insertInto('leave_message_templates').values({ ...row, id: t.id, created_at: new Date(t.createdAt) }).execute();
        else await trx.updateTable('leave_message_templates').set(row).where('id', '=', t.id).execute();
        await audit.record(entry);
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError('TEMPLATE_LINE_TAKEN', `The ${t.channel} channel already has a template for ${t.businessLine}`, { where: '/businessLine', channel: t.channel, businessLine: t.businessLine });
      }
      throw err;
    }
  }

  async deleteTemplate(id: string, entry: AuditEntry, log: AuditLog): Promise<boolean> {
    return transactWithAudit(this.db, log, async (trx, audit) => {
      const result = await trx.deleteFrom('leave_message_templates').where('id', '=', id).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return false;
      await audit.record(entry);
      return true;
    });
  }

  async leftMessage(visitorId: string, clientId: string): Promise<{ ticketId: string } | undefined> {
    const row = await this.db.selectFrom('left_messages').select('ticket_id').where('visitor_id', '=', visitorId).where('client_id', '=', clientId).executeTakeFirst();
    return row ? { ticketId: row.ticket_id } : undefined;
  }
}
