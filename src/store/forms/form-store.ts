/** Forms and surveys in chat (src/forms/ports.ts FormStore) over kysely: PGlite or PostgreSQL. */
import type { Kysely, Selectable } from 'kysely';
import type { AuditEntry, AuditLog } from '../../accounts/audit.js';
import type { Answers, FormDefinition, FormKind } from '../../forms/form-rules.js';
import type { AnsweredRequest, FormAnswer, FormRecord, FormRequest, FormStore } from '../../forms/ports.js';
import { transactWithAudit } from '../accounts/unit-of-work.js';
import { epochMs } from '../config/repo-deps.js';
import type { Database } from '../schema.js';
import type { ChatFormAnswersTable, ChatFormRequestsTable } from '../tables/forms.js';

/** jsonb comes back parsed from both drivers; a string (older drivers) is parsed here. */
const parsed = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

function toRequest(r: Selectable<ChatFormRequestsTable>): FormRequest {
  return { id: r.id, chatId: r.chat_id, formId: r.form_id, version: r.version, prechat: r.prechat, sentBy: r.sent_by, ticketId: r.ticket_id, sentAt: epochMs(r.sent_at) };
}

function toAnswer(r: Selectable<ChatFormAnswersTable>): FormAnswer {
  return { requestId: r.request_id, chatId: r.chat_id, visitorId: r.visitor_id, clientId: r.client_id, answers: parsed<Answers>(r.answers), at: epochMs(r.at) };
}

export class KyselyFormStore implements FormStore {
  private prechat: Promise<Record<string, string>> | undefined;

  constructor(private readonly db: Kysely<Database>) {}

  private current() {
    return this.db
      .selectFrom('chat_forms as f')
      .innerJoin('chat_form_versions as v', (j) => j.onRef('v.form_id', '=', 'f.id').onRef('v.version', '=', 'f.current_version'))
      .select(['f.id', 'f.kind', 'f.name', 'f.current_version', 'f.archived', 'f.created_at', 'f.updated_at', 'v.definition']);
  }

  async forms(includeArchived: boolean): Promise<FormRecord[]> {
    let q = this.current().orderBy('f.name').orderBy('f.id');
    if (!includeArchived) q = q.where('f.archived', '=', false);
    return (await q.execute()).map(toForm);
  }

  async form(id: string): Promise<FormRecord | undefined> {
    const r = await this.current().where('f.id', '=', id).executeTakeFirst();
    return r && toForm(r);
  }

  async version(formId: string, version: number): Promise<FormDefinition | undefined> {
    const r = await this.db.selectFrom('chat_form_versions').select('definition').where('form_id', '=', formId).where('version', '=', version).executeTakeFirst();
    return r && parsed<FormDefinition>(r.definition);
  }

  async saveVersion(record: FormRecord, by: string, isNew: boolean, audit: AuditEntry, log: AuditLog): Promise<void> {
    await transactWithAudit(this.db, log, async (tx, txLog) => {
      if (isNew) {
        await tx
          .insertInto('chat_forms')
          .values({ id: record.id, kind: record.kind, name: record.name, current_version: 0, archived: false, created_at: new Date(record.createdAt), updated_at: new Date(record.updatedAt) })
          .execute();
      }
      await tx
        .insertInto('chat_form_versions')
        .values({ form_id: record.id, version: record.version, definition: JSON.stringify(record.definition), created_by: by, created_at: new Date(record.updatedAt) })
        .execute();
      await tx.updateTable('chat_forms').set({ name: record.name, current_version: record.version, updated_at: new Date(record.updatedAt) }).where('id', '=', record.id).execute();
      await txLog.record(audit);
    });
  }

  async setArchived(id: string, archived: boolean, at: number, audit: AuditEntry, log: AuditLog): Promise<void> {
    await transactWithAudit(this.db, log, async (tx, txLog) => {
      await tx.updateTable('chat_forms').set({ archived, updated_at: new Date(at) }).where('id', '=', id).execute();
      await txLog.record(audit);
    });
  }

  /**
   * Read at every widget hello and chat start, written only through setPrechatForm: kept in memory
   * until the next write (a standby reads it afresh when it takes over).
   */
  prechatForms(): Promise<Record<string, string>> {
    this.prechat ??= this.db
      .selectFrom('chat_prechat_forms')
      .select(['channel', 'form_id'])
      .execute()
      .then((rows) => Object.fromEntries(rows.map((r) => [r.channel, r.form_id])));
    const read = this.prechat;
    // A failed read is not kept: the next caller reads again.
    read.catch(() => {
      if (this.prechat === read) this.prechat = undefined;
    });
    return read.then((forms) => ({ ...forms }));
  }

  async setPrechatForm(channel: string, formId: string | null, at: number, audit: AuditEntry, log: AuditLog): Promise<void> {
    this.prechat = undefined;
    try {
      await this.writePrechatForm(channel, formId, at, audit, log);
    } finally {
      this.prechat = undefined;
    }
  }

  private async writePrechatForm(channel: string, formId: string | null, at: number, audit: AuditEntry, log: AuditLog): Promise<void> {
    await transactWithAudit(this.db, log, async (tx, txLog) => {
      if (formId === null) await tx.deleteFrom('chat_prechat_forms').where('channel', '=', channel).execute();
      else {
        await tx
          .insertInto('chat_prechat_forms')
          .values({ channel, form_id: formId, updated_at: new Date(at) })
          .onConflict((oc) => oc.column('channel').doUpdateSet({ form_id: formId, updated_at: new Date(at) }))
          .execute();
      }
      await txLog.record(audit);
    });
  }

  async insertRequest(r: FormRequest): Promise<void> {
    await this.db.insertInto('chat_form_requests').values(requestRow(r)).execute();
  }

  async request(id: string): Promise<FormRequest | undefined> {
    const r = await this.db.selectFrom('chat_form_requests').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toRequest(r);
  }

  async answerOf(requestId: string): Promise<FormAnswer | undefined> {
    const r = await this.db.selectFrom('chat_form_answers').selectAll().where('request_id', '=', requestId).executeTakeFirst();
    return r && toAnswer(r);
  }

  async answerByClientId(chatId: string, clientId: string): Promise<FormAnswer | undefined> {
    const r = await this.db.selectFrom('chat_form_answers').selectAll().where('chat_id', '=', chatId).where('client_id', '=', clientId).executeTakeFirst();
    return r && toAnswer(r);
  }

  async insertAnswer(a: FormAnswer): Promise<boolean> {
    // Both keys (one answer per request, one client id per chat) decide: a conflict on either stores nothing.
    const row = await this.db.insertInto('chat_form_answers').values(answerRow(a)).onConflict((oc) => oc.doNothing()).returning('request_id').executeTakeFirst();
    return row !== undefined;
  }

  async insertAnswered(request: FormRequest, answer: FormAnswer): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('chat_form_requests').values(requestRow(request)).execute();
      await tx.insertInto('chat_form_answers').values(answerRow(answer)).execute();
    });
  }

  async chatRequests(chatId: string): Promise<AnsweredRequest[]> {
    return this.answered((q) => q.where('r.chat_id', '=', chatId).orderBy('r.sent_at').orderBy('r.id'), false);
  }

  async visitorAnswers(visitorIds: string[], limit: number): Promise<AnsweredRequest[]> {
    return this.answered((q) => q.where('a.visitor_id', 'in', visitorIds).orderBy('a.at', 'desc').orderBy('r.id', 'desc').limit(limit), true);
  }

  private async answered(shape: (q: ReturnType<KyselyFormStore['requestRows']>) => ReturnType<KyselyFormStore['requestRows']>, onlyAnswered: boolean): Promise<AnsweredRequest[]> {
    let q = this.requestRows();
    if (onlyAnswered) q = q.where('a.request_id', 'is not', null);
    const rows = await shape(q).execute();
    return rows.map((r) => ({
      request: toRequest(r),
      name: r.form_name,
      definition: parsed<FormDefinition>(r.definition),
      answer:
        r.a_request_id === null
          ? undefined
          : { requestId: r.a_request_id, chatId: r.chat_id, visitorId: r.a_visitor_id ?? '', clientId: r.a_client_id ?? '', answers: parsed<Answers>(r.a_answers), at: r.a_at ? epochMs(r.a_at) : 0 },
    }));
  }

  private requestRows() {
    return this.db
      .selectFrom('chat_form_requests as r')
      .innerJoin('chat_form_versions as v', (j) => j.onRef('v.form_id', '=', 'r.form_id').onRef('v.version', '=', 'r.version'))
      .innerJoin('chat_forms as f', 'f.id', 'r.form_id')
      .leftJoin('chat_form_answers as a', 'a.request_id', 'r.id')
      .selectAll('r')
      .select(['f.name as form_name', 'v.definition', 'a.request_id as a_request_id', 'a.visitor_id as a_visitor_id', 'a.client_id as a_client_id', 'a.answers as a_answers', 'a.at as a_at']);
  }
}

function toForm(r: { id: string; kind: string; name: string; current_version: number; archived: boolean; created_at: Date; updated_at: Date; definition: unknown }): FormRecord {
  return { id: r.id, kind: r.kind as FormKind, name: r.name, version: r.current_version, definition: parsed<FormDefinition>(r.definition), archived: r.archived, createdAt: epochMs(r.created_at), updatedAt: epochMs(r.updated_at) };
}

function requestRow(r: FormRequest) {
  return { id: r.id, chat_id: r.chatId, form_id: r.formId, version: r.version, prechat: r.prechat, sent_by: r.sentBy, ticket_id: r.ticketId, sent_at: new Date(r.sentAt) };
}

function answerRow(a: FormAnswer) {
  return { request_id: a.requestId, chat_id: a.chatId, visitor_id: a.visitorId, client_id: a.clientId, answers: JSON.stringify(a.answers), at: new Date(a.at) };
}
