import type { Answers, FormField, FormKind, Label } from '../forms/form-rules.js';
import { VISITOR_SHARE_SCHEMAS, type ServerShareFrame, type VisitorShareFrame } from './assist/assist-protocol.js';

/**
 * The visitor widget's WebSocket protocol (public socket /api/widget/ws), described for people in
 * docs/chat-protocol.md. Every frame is one JSON object with a `type`. This file holds types and
 * JSON schemas only (type imports only), so the widget bundle can import it without pulling in the server.
 *
 * Visitor -> server
 *   hello    { visitorToken?, chatId?, resume?, channel? }   first frame; no token = a new visitor is issued one
 *   start    { queue?, name?, page? }              open a chat (idempotent: an open chat is returned)
 *   message  { clientId, kind: 'text', text, choice? }  stored once per clientId, then acknowledged (choice: a bot button)
 *   typing   { draft? }                            the visitor is typing; draft: the box's text so far, '' when cleared (never stored)
 *   end      {}                                    the visitor leaves the chat
 *   ack      { seq }                               the widget holds every server message up to seq
 *   tickets  {}                                    the visitor's own tickets with their public replies
 *   leave_message_options {}                      the visitor would rather leave a message (answer: leave_message_offer)
 *   leave_message { clientId, templateId, fields } leave a message: it becomes a ticket, once per clientId
 *   page_view { url, title?, referrer? }           the page shown now (on load and on in-page navigation); no answer
 *   invitation_answer { invitationId, accept }     accept (answer: started, then the chat) or decline an invitation
 *   form_answer { clientId, requestId, answers }   the visitor's answer to a form or survey; stored once (answer: form_saved)
 *   share_answer / share_signal / share_end        remote assistance (src/chat/assist/assist-protocol.ts)
 *   (start may carry prechat { formId, version, clientId, answers } when the channel asks a pre-chat form)
 *
 * Server -> visitor
 *   welcome  { visitorToken, chatId, state, lastSeq, limits }   answer to hello (then the missed messages)
 *   started  { chatId }                                         answer to start
 *   ack      { clientId, seq, at }                              after the message is durably stored
 *   message  { seq, from, agentName?, text, at, clientId?, attachment?, card?, bot? }   one numbered chat message
 *   bot      {}                                                 the bot answers this chat (until queued)
 *
 * Uploads (images, files, video, voice) go over HTTP, not this socket: POST
 * /api/widget/chats/:chatId/uploads?clientId&kind&name with the raw bytes and the visitor token
 * as `Authorization: Bearer`; the answer is an UploadAck and the upload comes back as a `message`
 * with `attachment`. Bytes: GET /api/widget/attachments/:id with the same header.
 *   queued   { position, estimatedWaitSec }                     while waiting, when the position changes
 *   assigned { agentName }                                      an agent took the chat
 *   typing   { from: 'agent', agentName? }                   who is typing (the owner or an invited colleague)
 *   ended    { reason }
 *   tickets  { tickets: VisitorTicket[] }                       answer to tickets (never an internal reply)
 *   ticket_update { ticketId, subject, status, updatedAt, reply? }   live, after hello: one of the visitor's tickets got a public reply or a new status
 *   leave_message_offer { reason, templates }                   nobody can serve (or the visitor asked): leave a message
 *   left_message { clientId, ticketId }                         the message is stored as that ticket
 *   error    { code, message, where?, clientId? }               nothing was changed; the socket stays open
 *   form     { requestId, kind, title, fields, answered }       a form or survey sent in the chat (also on catch-up)
 *   prechat_form { formId, version, kind, title, fields }       just before welcome: the channel's form to fill before start
 *   form_saved { clientId, requestId }                          the answer is durably stored (also for a resend)
 *   invitation { invitationId, agentName, message, messageZh?, expiresAt }   an agent or a rule invites (answer: invitation_answer)
 *
 * Sequence numbers: the server numbers every message of a chat (visitor, agent and system
 * messages alike) 1, 2, 3 ... A reconnecting widget sends `hello { visitorToken, chatId, resume:
 * lastSeqItHolds }` and receives every message after it, in order, before anything new.
 */

/** Limits the server enforces; also announced in `welcome.limits`. */
export const CHAT_LIMITS = {
  /** Characters of one text message. */
  maxTextLength: 4000,
  /** Bytes of one frame (UTF-8); a bigger frame is refused before parsing. */
  maxFrameBytes: 20_000,
  /** Characters of one typing frame's draft (the widget sends no more; a longer one is refused). */
  maxDraftLength: 500,
  /** Characters of a client id. */
  maxClientIdLength: 64,
  /** Characters of a visitor's name and of the page address. */
  maxNameLength: 100,
  maxPageLength: 2000,
  /** Characters of a page title (page_view). */
  maxTitleLength: 300,
} as const;

/** Where the widget runs; each channel offers its own leave-a-message templates. */
export const WIDGET_CHANNELS = ['web', 'mobile_web', 'app'] as const;
export type WidgetChannel = (typeof WIDGET_CHANNELS)[number];

/** Why the widget is offered to leave a message. */
export const LEAVE_MESSAGE_REASONS = ['closed', 'no_agent', 'asked'] as const;
export type LeaveMessageReason = (typeof LEAVE_MESSAGE_REASONS)[number];

/** Most fields of a left message, and characters of one value (the template's kind may allow fewer). */
export const LEAVE_MESSAGE_LIMITS = { maxFields: 20, maxValueLength: 4000 } as const;

/** The survey after a solved chat: a score and a comment of at most this many characters. */
export const SURVEY_LIMITS = { minScore: 1, maxScore: 5, maxCommentLength: 1000 } as const;

/** bot: the bot answers (issue 21) until it hands the chat over to the queue (waiting). */
export const CHAT_STATES = ['bot', 'waiting', 'active', 'ended'] as const;
export type ChatStateName = (typeof CHAT_STATES)[number];

/** Who wrote a message: `system` messages are the server's (reminders, "chat ended"); `bot` the chat bot's. */
export const MESSAGE_AUTHORS = ['visitor', 'agent', 'system', 'bot'] as const;

/** Where a chat came from: the widget's channels, and the messaging-platform webhook. */
export const CHAT_CHANNELS = ['web', 'mobile_web', 'app', 'messaging'] as const;
export type ChatChannel = (typeof CHAT_CHANNELS)[number];

/** What the bot says, as a key the widget shows in the visitor's language (the message's text is the English line, for agents). */
export const BOT_SAYS = ['greeting', 'greeting_closed', 'found', 'ask_solved', 'no_match', 'glad', 'sorry_retry', 'handing_over', 'no_agent', 'no_person'] as const;
export type BotSay = (typeof BOT_SAYS)[number];

/** The widget's buttons while the bot answers: the last answer solved it, did not, or a person please. */
export const BOT_CHOICES = ['yes', 'no', 'person'] as const;
export type BotChoice = (typeof BOT_CHOICES)[number];

/** A knowledge-base article sent in the chat (by an agent or the bot): the widget opens its published text. */
export interface ArticleCard {
  articleId: string;
  title: string;
  /** The start of the article's published text. */
  excerpt: string;
}
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];

/** Why a chat ended, as the visitor is told. */
export const END_REASONS = ['visitor_left', 'agent_ended', 'visitor_inactive', 'no_agent'] as const;
export type EndReason = (typeof END_REASONS)[number];

/** How an agent closes a chat (POST /api/chats/:id/end). `spam` needs a reason. */
export const CHAT_OUTCOMES = ['solved', 'unresolved', 'spam'] as const;
export type ChatOutcome = (typeof CHAT_OUTCOMES)[number];

// ---------------------------------------------------------------------------------------------
// visitor -> server

export interface HelloFrame {
  type: 'hello';
  /** The token a previous welcome gave; absent for a new visitor. */
  visitorToken?: string;
  /** The chat to resume; it must be this visitor's own. Absent: the visitor's open chat, if any. */
  chatId?: string;
  /** The last server seq the widget holds (0 or absent: everything). */
  resume?: number;
  /** Where the widget runs (absent: web); chooses the leave-a-message templates offered. */
  channel?: WidgetChannel;
}
export interface StartFrame {
  type: 'start';
  /** The widget's queue/menu choice: a chat queue's id. Absent: the configured default chat queue. */
  queue?: string;
  name?: string;
  /** The page the widget runs on. */
  page?: string;
  /** The answers to the channel's pre-chat form (prechat_form), when it asks one. */
  prechat?: PrechatAnswer;
}
export interface PrechatAnswer {
  formId: string;
  version: number;
  clientId: string;
  answers: Answers;
}
/** The visitor's answer to a form or survey the agent sent (FormFrame). */
export interface FormAnswerFrame {
  type: 'form_answer';
  /** Unique per answer on this visitor's side: a resend is answered form_saved again and stored once. */
  clientId: string;
  requestId: string;
  answers: Answers;
}
export interface MessageFrame {
  type: 'message';
  /** Unique per message on this visitor's side; a resend with the same id is acknowledged again and not stored twice. */
  clientId: string;
  kind: 'text';
  text: string;
  /** A bot button (the text is its label as the visitor saw it): only while the bot has the chat. */
  choice?: BotChoice;
}
export interface TypingFrame {
  type: 'typing';
  /**
   * What the box holds now (at most CHAT_LIMITS.maxDraftLength characters; '' when cleared), for the
   * agent's live preview. Relayed to the chat's agents only, never stored, never to a visitor.
   */
  draft?: string;
}
export interface EndFrame {
  type: 'end';
}
export interface VisitorAckFrame {
  type: 'ack';
  seq: number;
}
/** Asks for the visitor's own tickets (after hello). */
export interface TicketsRequestFrame {
  type: 'tickets';
}
/** The visitor would rather leave a message than wait (after hello). */
export interface LeaveMessageOptionsFrame {
  type: 'leave_message_options';
}
/** A message to leave with one of the offered templates; it becomes a ticket the visitor owns. */
export interface LeaveMessageFrame {
  type: 'leave_message';
  /** Unique per message on this visitor's side: a resend with the same id answers the same ticket. */
  clientId: string;
  templateId: string;
  /** Field name -> value, as the template names them. */
  fields: Record<string, string>;
}
/** The visitor's answer to the survey offered with `ended` (survey: true); once per chat. */
export interface SurveyFrame {
  type: 'survey';
  chatId: string;
  /** 1 (bad) to 5 (very good). */
  score: number;
  comment?: string;
}
/**
 * The page the widget's page shows now: sent after welcome on every page load and on every
 * in-page (SPA) navigation. It ends the time on the page this socket showed before. No answer.
 */
export interface PageViewFrame {
  type: 'page_view';
  url: string;
  title?: string;
  /** document.referrer on load (where the visitor came from); absent or '' on in-page navigation. */
  referrer?: string;
}
/** The visitor's answer to an invitation (accept: the chat starts, answered `started`). */
export interface InvitationAnswerFrame {
  type: 'invitation_answer';
  invitationId: string;
  accept: boolean;
}
export type VisitorFrame = VisitorShareFrame | FormAnswerFrame | InvitationAnswerFrame | PageViewFrame | HelloFrame | StartFrame | MessageFrame | TypingFrame | EndFrame | VisitorAckFrame | TicketsRequestFrame | LeaveMessageOptionsFrame | LeaveMessageFrame | SurveyFrame;
export type VisitorFrameType = VisitorFrame['type'];

// ---------------------------------------------------------------------------------------------
// server -> visitor

export interface WelcomeFrame {
  type: 'welcome';
  /** Keep it (localStorage): it is the visitor's only credential and covers only their own chats. */
  visitorToken: string;
  /** The chat this socket follows; null before `start`. */
  chatId: string | null;
  /** null before `start`. */
  state: ChatStateName | null;
  /** The chat's highest seq (0 before any message). */
  lastSeq: number;
  limits: { maxTextLength: number; maxFrameBytes: number };
}
export interface StartedFrame {
  type: 'started';
  chatId: string;
}
export interface ServerAckFrame {
  type: 'ack';
  clientId: string;
  seq: number;
  at: number;
}
export interface ChatMessageFrame {
  type: 'message';
  seq: number;
  from: MessageAuthor;
  /** The agent's display name, on agent messages. */
  agentName?: string;
  /**
   * An agent message written by a colleague invited into the chat, not by the agent who has it:
   * the widget shows the colleague's name on the message only; its status keeps naming the owner.
   * Absent on the owner's messages (a new owner after a take-over is named by their next message).
   */
  colleague?: true;
  text: string;
  /** Epoch ms when the server stored it. */
  at: number;
  /** On the visitor's own messages: the id it was sent with (so another tab of the widget can match it). */
  clientId?: string;
  /** An upload (text empty): fetch its bytes from GET /api/widget/attachments/:id with the visitor token. */
  attachment?: ChatAttachment;
  /** An article card (text: its title): open it with GET /api/widget/articles/:articleId and the visitor token. */
  card?: ArticleCard;
  /** A bot message: what to show in the visitor's language. */
  bot?: BotSay;
  /** A system note of remote assistance (a screen share): shown in the reader's language. */
  assist?: AssistNote;
}

/**
 * A screen share on the chat's timeline (issue 20): who asked, when it was live and for how long,
 * or that the visitor declined. The message's text is the English line, for agents and records.
 */
export interface AssistNote {
  /** screen_share: the visitor's screen; video_call: a two-way camera call. */
  what: 'screen_share' | 'video_call';
  outcome: 'ended' | 'declined';
  agentName: string;
  /** Epoch ms it went live (null: it never did). */
  startedAt: number | null;
  durationMs: number;
  endedBy: 'visitor' | 'agent' | 'system' | null;
  /** The session was recorded (the visitor was told when asked); staff open it by the share's id. */
  recorded?: true;
  shareId?: string;
}

/** Upload kinds (POST /api/widget/chats/:chatId/uploads); the server checks the bytes, not the name. */
export const UPLOAD_KINDS = ['image', 'file', 'video', 'voice'] as const;
export type UploadKind = (typeof UPLOAD_KINDS)[number];

/** What a message shows of its upload. */
export interface ChatAttachment {
  id: string;
  kind: UploadKind;
  /** The sender's file name, sanitized; for display only. */
  name: string;
  size: number;
  /** The type read from the bytes; the download is served with it (and nosniff). */
  contentType: string;
}

/** Answer to an upload: like a message's ack, sent only after the commit. */
export interface UploadAck {
  clientId: string;
  seq: number;
  at: number;
  attachment: ChatAttachment;
}
export interface QueuedFrame {
  type: 'queued';
  /** 1 = next to be served. */
  position: number;
  /** null when the queue has no history to estimate from. */
  estimatedWaitSec: number | null;
}
/** The bot answers the chat (before any queue): the widget shows the "talk to a person" button. */
export interface BotFrame {
  type: 'bot';
}
export interface AssignedFrame {
  type: 'assigned';
  agentName: string;
}
export interface ServerTypingFrame {
  type: 'typing';
  from: 'agent';
  /** Who types: in a chat with an invited colleague it is not always the agent named by `assigned`. */
  agentName?: string;
}
export interface EndedFrame {
  type: 'ended';
  reason: EndReason;
  /** The agent ended the chat as solved: the widget asks the visitor the survey (SurveyFrame). */
  survey?: true;
}
/** The survey answer is stored (also the answer to a resend of the same one). */
export interface SurveySavedFrame {
  type: 'survey_saved';
  chatId: string;
}
export interface ErrorFrame {
  type: 'error';
  /** A code of src/core/errors.ts (CHAT_*, VALIDATION_FAILED, BAD_JSON, RATE_LIMITED, ...). */
  code: string;
  message: string;
  /** JSON pointer to the offending field, when there is one. */
  where?: string;
  /** The refused message's clientId, so the widget can mark that message failed. */
  clientId?: string;
}
/** A ticket as its visitor sees it: its progress and the public replies, nothing internal. */
export interface VisitorTicket {
  id: string;
  subject: string;
  /** new, open, pending, solved or closed (a deleted ticket is not shown). */
  status: string;
  createdAt: number;
  updatedAt: number;
  /** Public replies only, each with its files (fetched like chat attachments). */
  replies: { id: string; body: string; at: number; attachments: ChatAttachment[] }[];
}
export interface TicketsFrame {
  type: 'tickets';
  tickets: VisitorTicket[];
}
/** One of the visitor's tickets changed while the widget is open: a public reply (its files come with the next `tickets`) or a new status. */
export interface TicketUpdateFrame {
  type: 'ticket_update';
  ticketId: string;
  subject: string;
  status: string;
  updatedAt: number;
  reply?: { id: string; body: string; at: number };
}
/** A template's field as the widget renders it. */
export interface OfferedField {
  name: string;
  label: { en: string; zh: string };
  kind: 'text' | 'email' | 'phone' | 'long_text';
  required: boolean;
}
export interface OfferedTemplate {
  id: string;
  /** Shown in the visitor's language. */
  name: { en: string; zh: string };
  businessLine: string;
  fields: OfferedField[];
}
export interface LeaveMessageOfferFrame {
  type: 'leave_message_offer';
  /** closed: the queue is closed (out of hours) or missing; no_agent: nobody with chat capacity is logged in; asked: the visitor asked. */
  reason: LeaveMessageReason;
  /** The templates the widget's channel offers, by name; empty: the channel offers none. */
  templates: OfferedTemplate[];
}
export interface LeftMessageFrame {
  type: 'left_message';
  clientId: string;
  ticketId: string;
}
/** An agent (agentName) or the team (agentName null) invites the visitor to chat; answer with invitation_answer before expiresAt. */
export interface InvitationFrame {
  type: 'invitation';
  invitationId: string;
  agentName: string | null;
  /** The agent's text, or an invitation rule's English message. */
  message: string;
  /** An invitation rule's Chinese message: shown instead to a visitor whose widget speaks Chinese. */
  messageZh?: string;
  expiresAt: number;
}
/** What the widget renders of a form or survey (the definition of the version sent). */
export interface OfferedForm {
  kind: FormKind;
  title: Label;
  fields: FormField[];
}
/** A form or survey the agent sent in the chat; answered: the visitor has answered it (shown as done). */
export interface FormFrame extends OfferedForm {
  type: 'form';
  requestId: string;
  answered: boolean;
}
/** The channel asks this form before a chat starts: `start` carries its answers (prechat). */
export interface PrechatFormFrame extends OfferedForm {
  type: 'prechat_form';
  formId: string;
  version: number;
}
export interface FormSavedFrame {
  type: 'form_saved';
  clientId: string;
  requestId: string;
}
export type ServerFrame =
  | ServerShareFrame
  | FormFrame
  | PrechatFormFrame
  | FormSavedFrame
  | InvitationFrame
  | WelcomeFrame
  | LeaveMessageOfferFrame
  | LeftMessageFrame
  | TicketsFrame
  | TicketUpdateFrame
  | StartedFrame
  | ServerAckFrame
  | ChatMessageFrame
  | QueuedFrame
  | BotFrame
  | AssignedFrame
  | ServerTypingFrame
  | EndedFrame
  | SurveySavedFrame
  | ErrorFrame;

// ---------------------------------------------------------------------------------------------
// JSON schemas of the visitor frames (compiled by the widget socket with the project's Ajv)

const CLIENT_ID = { type: 'string', minLength: 1, maxLength: CHAT_LIMITS.maxClientIdLength, pattern: '^[A-Za-z0-9_.:-]+$' } as const;
const ID = { type: 'string', minLength: 1, maxLength: 100 } as const;
const SEQ = { type: 'integer', minimum: 0, maximum: 2_147_483_647 } as const;
/** Field name -> a text or a number; which names and values are allowed is the form's to say (coded per field). */
const ANSWERS = {
  type: 'object',
  maxProperties: 30,
  propertyNames: { maxLength: 40 },
  additionalProperties: { anyOf: [{ type: 'string', maxLength: 4000, 'x-free-text': true }, { type: 'number' }] },
} as const;
const PRECHAT = {
  type: 'object',
  additionalProperties: false,
  required: ['formId', 'version', 'clientId', 'answers'],
  properties: { formId: ID, version: { type: 'integer', minimum: 1, maximum: 1_000_000 }, clientId: CLIENT_ID, answers: ANSWERS },
} as const;

export const VISITOR_FRAME_SCHEMAS = {
  ...VISITOR_SHARE_SCHEMAS,
  hello: {
    type: 'object',
    additionalProperties: false,
    required: ['type'],
    properties: { type: { const: 'hello' }, visitorToken: { type: 'string', minLength: 20, maxLength: 200 }, chatId: ID, resume: SEQ, channel: { enum: WIDGET_CHANNELS } },
  },
  start: {
    type: 'object',
    additionalProperties: false,
    required: ['type'],
    properties: {
      type: { const: 'start' },
      queue: ID,
      name: { type: 'string', maxLength: CHAT_LIMITS.maxNameLength },
      page: { type: 'string', maxLength: CHAT_LIMITS.maxPageLength },
      prechat: PRECHAT,
    },
  },
  form_answer: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'clientId', 'requestId', 'answers'],
    properties: { type: { const: 'form_answer' }, clientId: CLIENT_ID, requestId: ID, answers: ANSWERS },
  },
  message: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'clientId', 'kind', 'text'],
    properties: {
      type: { const: 'message' },
      clientId: CLIENT_ID,
      kind: { const: 'text' },
      // The length is checked by the server itself so an over-long text gets its own code.
      text: { type: 'string', minLength: 1, 'x-free-text': true },
      choice: { enum: BOT_CHOICES },
    },
  },
  // The draft's length is checked by the server itself (CHAT_MESSAGE_TOO_LARGE, where /draft).
  typing: { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'typing' }, draft: { type: 'string', 'x-free-text': true } } },
  end: { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'end' } } },
  ack: { type: 'object', additionalProperties: false, required: ['type', 'seq'], properties: { type: { const: 'ack' }, seq: SEQ } },
  tickets: { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'tickets' } } },
  leave_message_options: { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'leave_message_options' } } },
  leave_message: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'clientId', 'templateId', 'fields'],
    properties: {
      type: { const: 'leave_message' },
      clientId: CLIENT_ID,
      templateId: ID,
      // Which names are allowed is the template's to say (MESSAGE_FIELD_UNKNOWN names the field).
      fields: {
        type: 'object',
        maxProperties: LEAVE_MESSAGE_LIMITS.maxFields,
        propertyNames: { maxLength: 40 },
        additionalProperties: { type: 'string', maxLength: LEAVE_MESSAGE_LIMITS.maxValueLength, 'x-free-text': true },
      },
    },
  },
  invitation_answer: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'invitationId', 'accept'],
    properties: { type: { const: 'invitation_answer' }, invitationId: ID, accept: { type: 'boolean' } },
  },
  page_view: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'url'],
    properties: {
      type: { const: 'page_view' },
      url: { type: 'string', minLength: 1, maxLength: CHAT_LIMITS.maxPageLength },
      title: { type: 'string', maxLength: CHAT_LIMITS.maxTitleLength, 'x-free-text': true },
      referrer: { type: 'string', maxLength: CHAT_LIMITS.maxPageLength },
    },
  },
  survey: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'chatId', 'score'],
    properties: {
      type: { const: 'survey' },
      chatId: ID,
      score: { type: 'integer', minimum: SURVEY_LIMITS.minScore, maximum: SURVEY_LIMITS.maxScore },
      comment: { type: 'string', maxLength: SURVEY_LIMITS.maxCommentLength, 'x-free-text': true },
    },
  },
} as const satisfies Record<VisitorFrameType, object>;

export function isVisitorFrameType(value: unknown): value is VisitorFrameType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(VISITOR_FRAME_SCHEMAS, value);
}
