/** What the chat domain needs from the outside: its store, the routing engine, agent names. */
import type { AuditEntry, AuditLog } from '../accounts/audit.js';
import type { AttachmentRecord, AttachmentView } from '../attachments/ports.js';
import type { CannedReply } from './canned-replies.js';
import type { ChatNote } from './chat-notes.js';
import type { ChatRecord } from './chat-state.js';
import type { ArticleCard, AssistNote, BotChoice, BotSay, ChatChannel, ChatOutcome, EndReason, MessageAuthor } from './protocol.js';
import type { HandoverInfo } from './bot/bot-rules.js';

export interface StoredMessage {
  chatId: string;
  seq: number;
  from: MessageAuthor;
  agentId?: string;
  text: string;
  at: number;
  /** The id its author sent it with (visitor and agent messages; system messages have none). */
  clientId?: string;
  /** An upload: the text is empty (src/attachments). */
  attachment?: AttachmentView;
  /** An article card (agent or bot): the text is its title. */
  card?: ArticleCard;
  /** A bot message: the key the widget shows in the visitor's language (the text is the English line). */
  botSay?: BotSay;
  /** A system note of remote assistance (a screen share); the text is its English line. */
  assist?: AssistNote;
}

export type NewMessage = Omit<StoredMessage, 'seq' | 'attachment'> & { attachment?: AttachmentRecord };

export interface ChatStore {
  /** `tokenHash` only: the raw token never reaches the store. */
  createVisitor(visitor: { id: string; tokenHash: string; createdAt: number }): Promise<void>;
  visitorByTokenHash(tokenHash: string): Promise<{ id: string } | undefined>;
  insertChat(chat: ChatRecord): Promise<void>;
  /** Stores the state columns (state, agent, queue, times, ending). */
  saveChat(chat: ChatRecord): Promise<void>;
  chat(id: string): Promise<ChatRecord | undefined>;
  /** Waiting and active chats (to rebuild the service's view after a restart). */
  openChats(): Promise<ChatRecord[]>;
  /**
   * Numbers and stores the message in one transaction, or, when the chat already holds a message
   * of that author with that clientId, stores nothing and returns the stored one (`duplicate`).
   * Resolves only after the commit. A message with an attachment inserts its row in the same
   * transaction; `beforeCommit` runs last inside it (the upload's file is moved into place), and
   * its failure undoes both rows.
   */
  appendMessage(message: NewMessage, opts?: { beforeCommit?: () => Promise<void> }): Promise<{ message: StoredMessage; duplicate: boolean }>;
  /** An attachment's row (chat uploads and ticket attachments alike). */
  attachment(id: string): Promise<AttachmentRecord | undefined>;
  messagesAfter(chatId: string, afterSeq: number, limit: number): Promise<StoredMessage[]>;
  /** Whether an article card with this article was sent in one of the visitor's chats (what the widget may open). */
  articleSentTo(visitorId: string, articleId: string): Promise<boolean>;
  /** Stores the chat's survey unless it has one; returns the one stored (the new or the earlier). */
  saveSurvey(survey: ChatSurvey): Promise<ChatSurvey>;
  /** Whether the chat's survey was answered. */
  surveyAnswered(chatId: string): Promise<boolean>;
}

/**
 * Who answers a chat first (src/chat/bot/bot-service.ts): the chat service asks it when a chat
 * starts and tells it what the visitor says while the bot has the chat.
 */
export interface ChatFrontDoor {
  /** queue: as before; bot: the bot answers first; handover: straight to the queue with this reason (a VIP). */
  admit(chat: { visitorId: string; queueId: string; channel: ChatChannel }): Promise<{ kind: 'queue' } | { kind: 'bot' } | { kind: 'handover'; info: HandoverInfo }>;
  /** The chat started with the bot (stored): greet; or went past it to a person (a VIP): keep that for the reports. */
  started(chat: ChatRecord): void;
  /** A visitor message (stored) while the bot has the chat; `choice` when it was a bot button. */
  visitorSaid(chat: ChatRecord, message: StoredMessage, choice: BotChoice | undefined): void;
  /** A chat the bot had ended without a person. */
  ended(chatId: string): void;
}

/** The visitor's answer to the survey after a solved chat. */
export interface ChatSurvey {
  chatId: string;
  /** 1 (bad) to 5 (very good). */
  score: number;
  comment: string;
  at: number;
}

export interface QueuePlace {
  /** 1 = next. */
  position: number;
  estimatedWaitMs: number | null;
}

/** The routing engine as chat sees it (src/wiring/chat-routing-port.ts). */
export interface ChatRouting {
  /** The chat queue a widget choice (a queue id, or undefined for the default) names; CHAT_NO_QUEUE when none. */
  resolveQueue(choice: string | undefined): Promise<string>;
  /** Enters the queue; QUEUE_CLOSED / QUEUE_FULL / QUEUE_DISABLED when it does not take the chat. */
  enqueue(request: { chatId: string; queueId: string; attributes: Record<string, string>; priority?: number; targetAgentId?: string }): QueuePlace;
  /** undefined when the chat is not waiting in the engine. */
  position(chatId: string): QueuePlace | undefined;
  /** Connects an offered chat (chats are connected automatically). */
  accept(offerId: string): void;
  /** The agent picks a waiting chat; the engine offers it to them (then `accept`). */
  take(agentId: string, chatId: string): void;
  /** The visitor left, or the chat was closed, while it waited. */
  abandon(chatId: string): void;
  /** The chat is over: the agent's chat slot frees. */
  ended(chatId: string): void;
  /** A connected chat passes to another agent at once (a take-over): the old agent's slot frees; a coded refusal (no room, not logged in) changes nothing. */
  handOver(chatId: string, toAgentId: string): void;
  /** The queues an agent serves (their waiting list). */
  queuesOf(agentId: string): string[];
}

/**
 * What the CRM lookup asks about where a visitor's chat waits (another queue, a priority at least
 * this high, attributes). Answers within the lookup's own time limit and never rejects: a failure
 * answers undefined and the chat goes where the visitor asked.
 */
export interface VisitorRouting {
  queueId?: string;
  priority?: number;
  attributes: Record<string, string>;
}

export type VisitorRoutingPort = (visitorId: string) => Promise<VisitorRouting | undefined>;

export interface AgentNames {
  displayName(agentId: string): Promise<string>;
}

/** Where canned replies are kept (src/chat/canned-replies.ts holds the rules). */
export interface CannedReplyStore {
  /** Replies of any of these owners (every team's with allTeams), by shortcut. */
  replies(owners: { agentIds: string[]; teamIds: string[]; allTeams?: boolean }): Promise<CannedReply[]>;
  reply(id: string): Promise<CannedReply | undefined>;
  /** Inserts or replaces with the audit entry in one transaction; CANNED_SHORTCUT_TAKEN on a shortcut its owner already uses. */
  save(reply: CannedReply, isNew: boolean, audit: AuditEntry, log: AuditLog): Promise<void>;
  /** false when there was no such reply (nothing audited then). */
  remove(id: string, audit: AuditEntry, log: AuditLog): Promise<boolean>;
}

/** Private notes and tags of chats (never read for the visitor). */
export interface ChatNotesStore {
  notes(chatId: string): Promise<ChatNote[]>;
  addNote(note: ChatNote): Promise<void>;
  tags(chatId: string): Promise<string[]>;
  /** Replaces the chat's tags in one transaction. */
  setTags(chatId: string, tags: string[], by: string, at: number): Promise<void>;
  /** Of these chats, the ids that carry the tag. */
  chatsTagged(tag: string, chatIds: string[]): Promise<string[]>;
}

// ---- visitors before any chat (visit-service.ts) -------------------------------------------

/** Read from the User-Agent header; the header itself is not kept. */
export interface VisitDevice {
  /** desktop, mobile, tablet, ... ('' unknown). */
  type: string;
  /** Browser name and major version, e.g. "Chrome 120". */
  browser: string;
  /** OS name and version, e.g. "iOS 17.0". */
  os: string;
}

/** Derived from the client's address in the local database; the address itself is not kept. */
export interface VisitRegion {
  /** ISO 3166 alpha-2. */
  country: string;
  region: string;
  city: string;
}

export interface VisitRecord {
  id: string;
  visitorId: string;
  startedAt: number;
  /** null while a socket of the visit is open (on the site now). */
  endedAt: number | null;
  /** The visitor had been here before this visit. */
  returning: boolean;
  landingPage: string;
  referrer: string;
  searchEngine: string;
  searchKeywords: string;
  device: VisitDevice;
  region: VisitRegion | null;
}

export interface VisitPage {
  visitId: string;
  /** 1, 2, 3 ... in the order viewed. */
  seq: number;
  url: string;
  title: string;
  enteredAt: number;
  leftAt: number | null;
}

export interface VisitStore {
  /** The visitor's latest visit. */
  lastVisit(visitorId: string): Promise<VisitRecord | undefined>;
  insertVisit(visit: VisitRecord): Promise<void>;
  saveVisit(visit: VisitRecord): Promise<void>;
  insertPage(page: VisitPage): Promise<void>;
  closePage(visitId: string, seq: number, leftAt: number): Promise<void>;
  pages(visitId: string): Promise<VisitPage[]>;
  /** Visits still marked open (a stop left them): closed at start. */
  closeOpenVisits(at: number): Promise<number>;
}

/** Reads device and region; both local (no network). */
export interface VisitorLookup {
  device(userAgent: string): VisitDevice;
  /** undefined for private and loopback addresses or an address the database does not know. */
  region(ip: string): VisitRegion | undefined;
}

// ---- supervision (chat-supervision.ts) ------------------------------------------------------

/** A supervisor's line to the chat's agent: kept apart from the chat's messages (sql/085), never read for the visitor. */
export interface ChatWhisper {
  id: string;
  chatId: string;
  /** The agent it was meant for: the chat's handler when it was written. */
  agentId: string;
  supervisorUserId: string;
  supervisorName: string;
  text: string;
  /** The highest message seq when it was written: where it sits in the conversation. */
  afterSeq: number;
  at: number;
}

export interface ChatWhisperStore {
  addWhisper(whisper: ChatWhisper): Promise<void>;
  /** Oldest first. */
  whispers(chatId: string): Promise<ChatWhisper[]>;
}

/** Who monitors which chat (sql/107): monitoring outlives a daemon restart. */
export interface ChatMonitorStore {
  /** Idempotent: monitoring a chat one already monitors keeps the first row. */
  addMonitor(chatId: string, userId: string, at: number): Promise<void>;
  removeMonitor(chatId: string, userId: string): Promise<void>;
  /** Every monitor of the chat (it ended). */
  removeChatMonitors(chatId: string): Promise<void>;
  monitors(): Promise<{ chatId: string; userId: string }[]>;
}

/** An ended chat as the records page lists it (sql/054 chats with its tags, in the agent's order). */
export interface ChatRecordRow {
  id: string;
  queueId: string;
  agentId?: string;
  visitorName: string;
  channel: ChatChannel;
  createdAt: number;
  assignedAt?: number;
  endedAt?: number;
  endReason?: EndReason;
  outcome?: ChatOutcome;
  outcomeReason?: string;
  /** Messages of visitor, agents and the system (the chat's last seq: no extra read). */
  messageCount: number;
  tags: string[];
}

/** The store's view of a chat-record search (src/chat/chat-record-search.ts builds it). */
export interface ChatRecordQuery {
  from: number;
  to: number;
  agentId?: string;
  /** Only chats of these agents (a scope or a team); [] matches nothing. */
  agentIds?: string[];
  queueId?: string;
  outcomes?: ChatOutcome[];
  /** Chats ended without an outcome (the visitor left, nobody answered): with `outcomes`, either. */
  noOutcome?: boolean;
  endReasons?: EndReason[];
  tag?: string;
  /** Part of the visitor's name, any case. */
  visitorName?: string;
  minDurationSeconds?: number;
  maxDurationSeconds?: number;
  limit?: number;
  /** Keyset paging: chats created before this chat (by created_at, then id). */
  before?: string;
}

export interface ChatRecordReader {
  /** Ended chats matching, newest first (created_at desc, id desc). */
  list(q: ChatRecordQuery): Promise<ChatRecordRow[]>;
  /** How many match, counting no further than `upTo` (an export's cap: the count stays cheap). */
  count(q: ChatRecordQuery, upTo: number): Promise<number>;
  /** One ended chat (its agent decides who may read it). */
  get(chatId: string): Promise<ChatRecordRow | undefined>;
}
