/**
 * Forms and surveys, the admin's side (config.edit): define, change (every save is a new,
 * immutable version, so answers already stored keep the definition they answered), archive, and
 * choose each widget channel's pre-chat form. Every change is audited in its own transaction.
 */
import type { AuditLog } from '../accounts/audit.js';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { definitionProblems, type FormDefinition } from './form-rules.js';
import type { FormRecord, FormStore } from './ports.js';

export const PRECHAT_CHANNELS = ['web', 'mobile_web', 'app'] as const;
export type PrechatChannel = (typeof PRECHAT_CHANNELS)[number];

export interface FormInput {
  name: string;
  definition: FormDefinition;
}

export interface FormServiceDeps {
  store: FormStore;
  audit: AuditLog;
  clock: Clock;
  newId: () => string;
}

export interface Actor {
  userId: string;
  ip?: string;
}

export class FormService {
  constructor(private readonly d: FormServiceDeps) {}

  list(includeArchived = false): Promise<FormRecord[]> {
    return this.d.store.forms(includeArchived);
  }

  async get(id: string): Promise<FormRecord> {
    const form = await this.d.store.form(id);
    if (!form) throw new AppError('FORM_NOT_FOUND', undefined, { formId: id, where: '/id' });
    return form;
  }

  async create(input: FormInput, actor: Actor): Promise<FormRecord> {
    check(input);
    const now = this.d.clock.now();
    const record: FormRecord = { id: this.d.newId(), kind: input.definition.kind, name: input.name.trim(), version: 1, definition: input.definition, archived: false, createdAt: now, updatedAt: now };
    await this.d.store.saveVersion(record, actor.userId, true, this.entry(actor, 'form.created', record), this.d.audit);
    return record;
  }

  /** A new version; the kind stays (a form's answers and a survey's are read differently). */
  async update(id: string, input: FormInput, actor: Actor): Promise<FormRecord> {
    check(input);
    const before = await this.get(id);
    if (input.definition.kind !== before.kind) throw new AppError('FORM_INVALID', 'A form cannot become a survey, nor the other way round', { problems: [{ where: '/definition/kind', reason: `stays ${before.kind}` }] });
    const record: FormRecord = { ...before, name: input.name.trim(), version: before.version + 1, definition: input.definition, updatedAt: this.d.clock.now() };
    await this.d.store.saveVersion(record, actor.userId, false, this.entry(actor, 'form.updated', record), this.d.audit);
    return record;
  }

  /** Archived forms cannot be sent or asked before a chat; their answers stay readable. */
  async archive(id: string, archived: boolean, actor: Actor): Promise<FormRecord> {
    const before = await this.get(id);
    if (archived && Object.values(await this.d.store.prechatForms()).includes(id)) {
      throw new AppError('CONFIG_IN_USE', 'The form is a channel\'s pre-chat form', { where: '/archived', formId: id });
    }
    const at = this.d.clock.now();
    await this.d.store.setArchived(id, archived, at, this.entry(actor, archived ? 'form.archived' : 'form.restored', before), this.d.audit);
    return { ...before, archived, updatedAt: at };
  }

  /** Channel -> the form asked before a chat (channels without one are left out). */
  prechat(): Promise<Record<string, string>> {
    return this.d.store.prechatForms();
  }

  async setPrechat(channel: PrechatChannel, formId: string | null, actor: Actor): Promise<Record<string, string>> {
    if (formId !== null) {
      const form = await this.d.store.form(formId);
      if (!form || form.archived) throw new AppError('FORM_NOT_FOUND', undefined, { formId, where: '/formId' });
      if (form.kind !== 'form') throw new AppError('FORM_INVALID', 'A pre-chat form must be a form, not a survey', { problems: [{ where: '/formId', reason: 'is a survey' }] });
    }
    const audit = { actorId: actor.userId, action: 'form.prechat_set', target: `channel:${channel}`, details: { formId }, ...(actor.ip ? { ip: actor.ip } : {}) };
    await this.d.store.setPrechatForm(channel, formId, this.d.clock.now(), audit, this.d.audit);
    return this.d.store.prechatForms();
  }

  private entry(actor: Actor, action: string, r: FormRecord) {
    return { actorId: actor.userId, action, target: `form:${r.id}`, details: { name: r.name, kind: r.kind, version: r.version }, ...(actor.ip ? { ip: actor.ip } : {}) };
  }
}

function check(input: FormInput): void {
  const problems = definitionProblems(input.definition).map((p) => ({ where: `/definition${p.where}`, reason: p.reason }));
  if (input.name.trim() === '') problems.unshift({ where: '/name', reason: 'is empty' });
  if (problems.length === 0) return;
  const first = problems[0];
  throw new AppError('FORM_INVALID', first ? `${first.where}: ${first.reason}` : undefined, { where: first?.where, problems });
}
