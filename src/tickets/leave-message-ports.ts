/** What leave-a-message needs from the outside: where templates and left messages are kept. */
import type { AuditEntry, AuditLog } from '../accounts/audit.js';
import type { LeaveMessageChannel, LeaveMessageTemplate } from './leave-message-template.js';

/** A message a visitor left: stored with the ticket it became, in the same transaction. */
export interface LeftMessageRecord {
  visitorId: string;
  /** The widget's id for it: a retry with the same id finds this record instead of a new ticket. */
  clientId: string;
  templateId: string;
  fields: Record<string, string>;
  at: number;
}

export interface LeaveMessageStore {
  /** By name (the order the visitor's picker shows); only that channel's, or only enabled ones, when asked. */
  templates(filter: { channel?: LeaveMessageChannel; enabledOnly?: boolean }): Promise<LeaveMessageTemplate[]>;
  template(id: string): Promise<LeaveMessageTemplate | undefined>;
  /**
   * Inserts or replaces the template with its audit entry in one transaction;
   * TEMPLATE_LINE_TAKEN when another template has its channel and business line.
   */
  saveTemplate(template: LeaveMessageTemplate, isNew: boolean, audit: AuditEntry, log: AuditLog): Promise<void>;
  /** false when there was no such template (nothing audited then). */
  deleteTemplate(id: string, audit: AuditEntry, log: AuditLog): Promise<boolean>;
  /** The ticket a visitor's message with that client id already became, if any. */
  leftMessage(visitorId: string, clientId: string): Promise<{ ticketId: string } | undefined>;
}
