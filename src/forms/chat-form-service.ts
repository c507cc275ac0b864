/**
 * Forms and surveys in a chat (issue 21): an agent sends one, the visitor answers it in the
 * widget, the answer is kept on the chat (and so on the customer who holds the chat's visitor)
 * and, where the agent chose a ticket when sending, added to that ticket as an internal note.
 * A channel may also ask a form before its chats start (pre-chat).
 *
 * Every answer is checked against the exact version it answers (form-rules.ts) and refused whole
 * with the first problem's code naming the field: nothing is half stored. It is stored once per
 * request (a survey answered twice: SURVEY_ALREADY_ANSWERED) and its client id once per chat, so
 * a resend after a reconnect gets the same form_saved. The visitor is told only after the commit.
 */
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { DomainEvent } from '../core/events.js';
import type { Logger } from '../core/log.js';
import type { FormFrame, PrechatAnswer, PrechatFormFrame, ServerFrame } from '../chat/protocol.js';
import { answerText, checkAnswers, labelIn, type Answers, type FormDefinition } from './form-rules.js';
import type { AnsweredRequest, FormRequest, FormStore } from './ports.js';

export interface ChatFormViewer {
  userId: string;
  agentId?: string;
  supervise: boolean;
  /** How far the viewer sees tickets (as the tickets page scopes them): a chosen ticket must be within. */
  tickets: { agentId: string | null; seesAll: boolean; teamIds: string[]; canClose: boolean; ip?: string };
}

/** The chat as this service needs it (ChatService behind it). */
export interface FormChats {
  /** CHAT_NOT_YOURS / CHAT_CLOSED unless the viewer serves (or supervises) the live chat. */
  liveChatOf(chatId: string, viewer: { agentId?: string; supervise: boolean }): Promise<{ id: string; agentId: string | null; queueId: string; channel?: string }>;
  /** CHAT_NOT_YOURS unless the viewer serves or supervises the chat (open or ended). */
  seenBy(chatId: string, viewer: { agentId?: string; supervise: boolean }): Promise<{ id: string; agentId: string | null; queueId: string }>;
  /** CHAT_TOKEN_NOT_FOR_CHAT unless the chat is this visitor's. */
  visitorChat(visitorId: string, chatId: string): Promise<{ id: string; agentId: string | null }>;
  /** Sends a frame to every widget socket following the chat. */
  tellVisitor(chatId: string, frame: ServerFrame): void;
}

/** Tickets as this service needs them (TicketService behind it, with the sender's reach). */
export interface FormTickets {
  /** NOT_FOUND unless the viewer may see the ticket (team-scoped like the tickets page). */
  check(ticketId: string, viewer: ChatFormViewer): Promise<void>;
  /** The ticket the chat was made into or linked to, if the viewer sees it. */
  ofChat(chatId: string, viewer: ChatFormViewer): Promise<string | undefined>;
  /** Adds an internal note (a reply only agents see) on behalf of the user who sent the form. */
  addNote(ticketId: string, body: string, byUserId: string): Promise<void>;
}

export interface ChatFormServiceDeps {
  store: FormStore;
  chats: FormChats;
  tickets: FormTickets;
  clock: Clock;
  newId: () => string;
  publish(event: DomainEvent): void;
  log: Logger;
}

export interface FormAnswerInput {
  clientId: string;
  requestId: string;
  answers: Answers;
}

/** A checked pre-chat answer, ready to store once the chat exists. */
export interface CheckedPrechat {
  formId: string;
  version: number;
  clientId: string;
  values: Answers;
  /** The visitor's name as a field with identity `name` gave it. */
  name?: string;
}

export class ChatFormService {
  constructor(private readonly d: ChatFormServiceDeps) {}

  // ---- agent ------------------------------------------------------------------------------

  /** Sends the current version of a form or survey into a live chat the viewer serves. */
  async send(chatId: string, input: { formId: string; ticketId?: string; toChatTicket?: boolean }, viewer: ChatFormViewer): Promise<AnsweredRequest> {
    const chat = await this.d.chats.liveChatOf(chatId, viewer);
    // The messaging webhook carries text and cards only (docs/messaging-webhook.md): a form sent
    // there would wait for an answer nobody can give.
    if (chat.channel === 'messaging') throw new AppError('FORM_CHANNEL_UNSUPPORTED', undefined, { chatId, where: '/formId' });
    const form = await this.d.store.form(input.formId);
    if (!form || form.archived) throw new AppError('FORM_NOT_FOUND', undefined, { formId: input.formId, where: '/formId' });
    let ticketId = input.ticketId ?? null;
    if (ticketId !== null) await this.d.tickets.check(ticketId, viewer);
    else if (input.toChatTicket) {
      ticketId = (await this.d.tickets.ofChat(chatId, viewer)) ?? null;
      if (ticketId === null) throw new AppError('FORM_CHAT_NO_TICKET', undefined, { chatId, where: '/toChatTicket' });
    }
    const request: FormRequest = { id: this.d.newId(), chatId, formId: form.id, version: form.version, prechat: false, sentBy: viewer.userId, ticketId, sentAt: this.d.clock.now() };
    await this.d.store.insertRequest(request);
    this.d.chats.tellVisitor(chatId, formFrame(request, form.definition, false));
    this.announce(chatId, chat.agentId, request.id, 'sent', request.sentAt);
    return { request, name: form.name, definition: form.definition, answer: undefined };
  }

  /** The chat's forms with their answers, for whoever may read the chat. */
  async forChat(chatId: string, viewer: ChatFormViewer): Promise<AnsweredRequest[]> {
    await this.d.chats.seenBy(chatId, viewer);
    return this.d.store.chatRequests(chatId);
  }

  /** Answers kept on a customer: those of the chat visitors the customer holds. */
  forVisitors(visitorIds: string[], limit = 100): Promise<AnsweredRequest[]> {
    return visitorIds.length === 0 ? Promise.resolve([]) : this.d.store.visitorAnswers(visitorIds, limit);
  }

  // ---- visitor ----------------------------------------------------------------------------

  /** Frames for a (re)connected widget: every form of the chat, answered or not. */
  async framesFor(chatId: string): Promise<FormFrame[]> {
    return (await this.d.store.chatRequests(chatId)).filter((r) => !r.request.prechat).map((r) => formFrame(r.request, r.definition, r.answer !== undefined));
  }

  async answer(visitorId: string, input: FormAnswerInput): Promise<void> {
    const request = await this.d.store.request(input.requestId);
    if (!request || request.prechat) throw new AppError('FORM_REQUEST_NOT_FOUND', undefined, { where: '/requestId', clientId: input.clientId });
    try {
      await this.d.chats.visitorChat(visitorId, request.chatId);
    } catch (err) {
      // Another visitor's form: the same answer as none at all.
      if (err instanceof AppError && err.code === 'CHAT_TOKEN_NOT_FOR_CHAT') throw new AppError('FORM_REQUEST_NOT_FOUND', undefined, { where: '/requestId', clientId: input.clientId });
      throw err;
    }
    const definition = await this.definition(request.formId, request.version);
    if (await this.answeredBefore(request, definition, input.clientId)) return;
    const values = refuseProblems(definition, input.answers, input.clientId);
    const answer = { requestId: request.id, chatId: request.chatId, visitorId, clientId: input.clientId, answers: values, at: this.d.clock.now() };
    if (!(await this.d.store.insertAnswer(answer))) {
      // A concurrent resend or a reused client id won: decide against what is stored now.
      if (await this.answeredBefore(request, definition, input.clientId)) return;
      throw new AppError('VALIDATION_FAILED', 'This client id was used for another answer', { where: '/clientId', clientId: input.clientId });
    }
    const chat = await this.d.chats.visitorChat(visitorId, request.chatId);
    this.announce(request.chatId, chat.agentId, request.id, 'answered', answer.at);
    if (request.ticketId && request.sentBy) await this.noteOnTicket(request, definition, values);
  }

  /** The channel's pre-chat form at its current version, if it asks one. */
  async prechatForm(channel: string): Promise<PrechatFormFrame | undefined> {
    const formId = (await this.d.store.prechatForms())[channel];
    const form = formId === undefined ? undefined : await this.d.store.form(formId);
    if (!form || form.archived) return undefined;
    return { type: 'prechat_form', formId: form.id, version: form.version, kind: form.kind, title: form.definition.title, fields: form.definition.fields };
  }

  /** Refuses a start without the channel's pre-chat answers, or with bad ones; nothing is stored here. */
  async checkPrechat(channel: string, input: PrechatAnswer | undefined): Promise<CheckedPrechat | undefined> {
    const asked = await this.prechatForm(channel);
    if (!asked) return undefined;
    if (!input) throw new AppError('FORM_PRECHAT_REQUIRED', undefined, { where: '/prechat', formId: asked.formId });
    if (input.formId !== asked.formId) throw new AppError('FORM_NOT_FOUND', 'Not the form this channel asks before a chat', { where: '/prechat/formId' });
    const definition = await this.definition(input.formId, input.version);
    const values = refuseProblems(definition, input.answers, input.clientId, '/prechat');
    const nameField = definition.fields.find((f) => f.identity === 'name');
    const name = nameField ? values[nameField.name] : undefined;
    return { formId: input.formId, version: input.version, clientId: input.clientId, values, ...(typeof name === 'string' ? { name } : {}) };
  }

  /** Stores the checked pre-chat answers with the chat that just started (request and answer together). */
  async savePrechat(visitorId: string, chatId: string, checked: CheckedPrechat): Promise<void> {
    const at = this.d.clock.now();
    const request: FormRequest = { id: this.d.newId(), chatId, formId: checked.formId, version: checked.version, prechat: true, sentBy: null, ticketId: null, sentAt: at };
    const stored = await this.d.store.answerByClientId(chatId, checked.clientId);
    if (stored) return;
    await this.d.store.insertAnswered(request, { requestId: request.id, chatId, visitorId, clientId: checked.clientId, answers: checked.values, at });
    const chat = await this.d.chats.visitorChat(visitorId, chatId);
    this.announce(chatId, chat.agentId, request.id, 'answered', at);
  }

  // ---- internals --------------------------------------------------------------------------

  private async definition(formId: string, version: number): Promise<FormDefinition> {
    const def = await this.d.store.version(formId, version);
    if (!def) throw new AppError('FORM_NOT_FOUND', undefined, { formId, version, where: '/formId' });
    return def;
  }

  /** true: this very answer is stored already (a resend); an answer under another client id is refused. */
  private async answeredBefore(request: FormRequest, def: FormDefinition, clientId: string): Promise<boolean> {
    const earlier = await this.d.store.answerOf(request.id);
    if (!earlier) return false;
    if (earlier.clientId === clientId) return true;
    throw new AppError(def.kind === 'survey' ? 'SURVEY_ALREADY_ANSWERED' : 'FORM_ALREADY_ANSWERED', undefined, { where: '/requestId', requestId: request.id, clientId });
  }

  private announce(chatId: string, chatAgentId: string | null, requestId: string, what: 'sent' | 'answered', at: number): void {
    const agentId = chatAgentId ?? undefined;
    this.d.publish({ type: 'chat.form', at, scope: agentId ? { agentId } : {}, chatId, requestId, what, ...(agentId ? { agentId } : {}) });
  }

  /** The answer as an internal note; the answer itself is stored already, so a failure here is logged, not undone. */
  private async noteOnTicket(request: FormRequest, def: FormDefinition, values: Answers): Promise<void> {
    const lines = def.fields.filter((f) => values[f.name] !== undefined).map((f) => `${labelIn(f.label, 'en')} / ${f.label.zh}: ${answerText(f, values[f.name] as string | number, 'en')}`);
    const body = `${def.title.en} / ${def.title.zh}\n${lines.join('\n')}`;
    try {
      await this.d.tickets.addNote(request.ticketId as string, body, request.sentBy as string);
    } catch (err) {
      this.d.log.error({ err, requestId: request.id, ticketId: request.ticketId }, 'adding a form answer to its ticket failed; the answer is kept on the chat');
    }
  }
}

function formFrame(r: FormRequest, def: FormDefinition, answered: boolean): FormFrame {
  return { type: 'form', requestId: r.id, kind: def.kind, title: def.title, fields: def.fields, answered };
}

/** The stored values, or the first problem's coded error naming its field (all problems in details). */
function refuseProblems(def: FormDefinition, answers: Answers, clientId: string, prefix = ''): Answers {
  const { problems, values } = checkAnswers(def, answers);
  const first = problems[0];
  if (!first) return values;
  throw new AppError(first.code, `${first.field} ${first.reason}`, { where: `${prefix}${first.where}`, field: first.field, clientId, problems: problems.map((p) => ({ ...p, where: `${prefix}${p.where}` })) });
}
