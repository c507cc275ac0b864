/**
 * Leave-a-message: the admins' templates (each change stored with its audit entry in one unit of
 * work) and the visitors' messages, which become tickets through TicketService.
 *
 * A message is stored at most once per visitor and client id: a retried frame finds the ticket
 * its first try made. The check before creating answers the usual retry; the primary key of the
 * left message, written in the ticket's own transaction, settles two tries racing each other.
 */
import type { AuditLog } from '../accounts/audit.js';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { checkLeftMessage, ticketOfLeftMessage } from './leave-message.js';
import type { LeaveMessageStore } from './leave-message-ports.js';
import { checkTemplate, type LeaveMessageChannel, type LeaveMessageTemplate, type LeaveMessageTemplateInput } from './leave-message-template.js';
import type { TicketService } from './ticket-service.js';
import type { CenterLanguage } from './ticket-wording.js';
import type { CustomerRepository } from '../customers/ports.js';

export interface TemplateActor {
  userId: string;
  ip?: string;
}

export interface LeftMessageInput {
  clientId: string;
  templateId: string;
  fields: Record<string, string>;
}

export interface LeaveMessageServiceDeps {
  store: LeaveMessageStore;
  tickets: Pick<TicketService, 'createFromLeftMessage'>;
  audit: AuditLog;
  clock: Clock;
  newId: () => string;
  /** The center's language, in which the ticket's subject and labels are written (ticket-wording.ts); default English. */
  language?: CenterLanguage;
  /** Finds the customer a message is from (the ticket is theirs); absent: tickets are left without a customer. */
  customers?: Pick<CustomerRepository, 'findByChatVisitor' | 'findByPhone' | 'findByEmail'>;
}

export class LeaveMessageService {
  constructor(private readonly d: LeaveMessageServiceDeps) {}

  list(channel?: LeaveMessageChannel): Promise<LeaveMessageTemplate[]> {
    return this.d.store.templates(channel ? { channel } : {});
  }

  async get(id: string): Promise<LeaveMessageTemplate> {
    const t = await this.d.store.template(id);
    if (!t) throw new AppError('TEMPLATE_NOT_FOUND', `No template ${id}`, { templateId: id });
    return t;
  }

  async create(input: LeaveMessageTemplateInput, actor: TemplateActor): Promise<LeaveMessageTemplate> {
    checkTemplate(input);
    const now = this.d.clock.now();
    const t: LeaveMessageTemplate = { ...input, enabled: input.enabled ?? true, id: this.d.newId(), createdAt: now, updatedAt: now };
    await this.d.store.saveTemplate(t, true, this.entry(actor, 'leave_message_template.created', t.id, input), this.d.audit);
    return t;
  }

  async update(id: string, input: LeaveMessageTemplateInput, actor: TemplateActor): Promise<LeaveMessageTemplate> {
    checkTemplate(input);
    const before = await this.get(id);
    const t: LeaveMessageTemplate = { ...before, ...input, enabled: input.enabled ?? before.enabled, updatedAt: this.d.clock.now() };
    await this.d.store.saveTemplate(t, false, this.entry(actor, 'leave_message_template.updated', id, input), this.d.audit);
    return t;
  }

  async remove(id: string, actor: TemplateActor): Promise<void> {
    // Tickets already made with it keep their fields: the left message holds them.
    if (!(await this.d.store.deleteTemplate(id, this.entry(actor, 'leave_message_template.deleted', id, {}), this.d.audit))) {
      throw new AppError('TEMPLATE_NOT_FOUND', `No template ${id}`, { templateId: id });
    }
  }

  /** The templates a widget on that channel offers, by name. */
  offered(channel: LeaveMessageChannel): Promise<LeaveMessageTemplate[]> {
    return this.d.store.templates({ channel, enabledOnly: true });
  }

  /**
   * Checks the message against its template (which must be offered on the visitor's channel) and
   * makes its ticket, owned by the visitor. A retry answers the first try's ticket (`duplicate`).
   */
  async submit(visitorId: string, channel: LeaveMessageChannel, input: LeftMessageInput): Promise<{ ticketId: string; duplicate: boolean }> {
    const earlier = await this.d.store.leftMessage(visitorId, input.clientId);
    if (earlier) return { ticketId: earlier.ticketId, duplicate: true };
    const template = await this.d.store.template(input.templateId);
    if (!template || !template.enabled || template.channel !== channel) {
      throw new AppError('TEMPLATE_NOT_FOUND', `No template ${input.templateId} is offered on the ${channel} channel`, { where: '/templateId', templateId: input.templateId });
    }
    const values = checkLeftMessage(template, input.fields);
    const left = { visitorId, clientId: input.clientId, templateId: template.id, fields: values, at: this.d.clock.now() };
    const customerId = await this.customerOf(visitorId, template, values);
    try {
      const ticket = await this.d.tickets.createFromLeftMessage({ ...ticketOfLeftMessage(template, values, visitorId, this.d.language ?? 'en'), ...(customerId ? { customerId } : {}) }, left);
      return { ticketId: ticket.id, duplicate: false };
    } catch (err) {
      // Another try of the same message won the race: its ticket is the answer.
      const raced = await this.d.store.leftMessage(visitorId, input.clientId);
      if (raced) return { ticketId: raced.ticketId, duplicate: true };
      throw err;
    }
  }

  /**
   * Whose message it is: the customer already holding the visitor, else the one customer holding
   * the phone number the visitor gave, else the one holding the e-mail address. A number two
   * customers share names nobody: an agent links the ticket by hand rather than to the wrong one.
   */
  private async customerOf(visitorId: string, template: LeaveMessageTemplate, values: Record<string, string>): Promise<string | undefined> {
    const c = this.d.customers;
    if (!c) return undefined;
    const known = await c.findByChatVisitor(visitorId);
    if (known) return known.id;
    const given = (kind: 'phone' | 'email') => template.fields.filter((f) => f.kind === kind).map((f) => values[f.name]).filter((v): v is string => v !== undefined && v !== '');
    for (const phone of given('phone')) {
      const found = await c.findByPhone(phone);
      if (found.length === 1) return found[0]?.id;
    }
    for (const email of given('email')) {
      const found = await c.findByEmail(email);
      if (found) return found.id;
    }
    return undefined;
  }

  private entry(actor: TemplateActor, action: string, id: string, details: object) {
    return { actorId: actor.userId, action, target: `leave_message_template:${id}`, details: { ...details }, ...(actor.ip ? { ip: actor.ip } : {}) };
  }
}
