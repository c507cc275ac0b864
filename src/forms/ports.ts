/** What forms and surveys in chat need from the outside: their store (src/store/forms). */
import type { AuditEntry, AuditLog } from '../accounts/audit.js';
import type { Answers, FormDefinition, FormKind } from './form-rules.js';

/** A form or survey at its current version. */
export interface FormRecord {
  id: string;
  kind: FormKind;
  /** The admin's name for it (the visitor sees the definition's title). */
  name: string;
  version: number;
  definition: FormDefinition;
  archived: boolean;
  createdAt: number;
  updatedAt: number;
}

/** A form put to a chat's visitor, against one version of its definition. */
export interface FormRequest {
  id: string;
  chatId: string;
  formId: string;
  version: number;
  /** Asked before the chat started (the widget's pre-chat form). */
  prechat: boolean;
  /** The user who sent it; null for a pre-chat form. */
  sentBy: string | null;
  /** The ticket the answers are added to as an internal note, as the agent chose when sending. */
  ticketId: string | null;
  sentAt: number;
}

export interface FormAnswer {
  requestId: string;
  chatId: string;
  visitorId: string;
  clientId: string;
  answers: Answers;
  at: number;
}

/** A request with the definition it was sent with and its answer, if any. */
export interface AnsweredRequest {
  request: FormRequest;
  name: string;
  definition: FormDefinition;
  answer: FormAnswer | undefined;
}

export interface FormStore {
  /** Current versions, by name; archived ones only when asked. */
  forms(includeArchived: boolean): Promise<FormRecord[]>;
  form(id: string): Promise<FormRecord | undefined>;
  /** One version's definition (immutable). */
  version(formId: string, version: number): Promise<FormDefinition | undefined>;
  /** Stores the record's version as a new immutable version row and the form's row, with the audit entry, in one transaction. */
  saveVersion(record: FormRecord, by: string, isNew: boolean, audit: AuditEntry, log: AuditLog): Promise<void>;
  setArchived(id: string, archived: boolean, at: number, audit: AuditEntry, log: AuditLog): Promise<void>;
  /** Channel -> form id. */
  prechatForms(): Promise<Record<string, string>>;
  setPrechatForm(channel: string, formId: string | null, at: number, audit: AuditEntry, log: AuditLog): Promise<void>;
  insertRequest(request: FormRequest): Promise<void>;
  request(id: string): Promise<FormRequest | undefined>;
  answerOf(requestId: string): Promise<FormAnswer | undefined>;
  answerByClientId(chatId: string, clientId: string): Promise<FormAnswer | undefined>;
  /** Inserts unless the request already has an answer or the chat holds the client id; false then (nothing stored). */
  insertAnswer(answer: FormAnswer): Promise<boolean>;
  /** A pre-chat request and its answer, together or not at all. */
  insertAnswered(request: FormRequest, answer: FormAnswer): Promise<void>;
  /** The chat's requests, oldest first. */
  chatRequests(chatId: string): Promise<AnsweredRequest[]>;
  /** Answered requests of any of these chat visitors, newest first. */
  visitorAnswers(visitorIds: string[], limit: number): Promise<AnsweredRequest[]>;
}
