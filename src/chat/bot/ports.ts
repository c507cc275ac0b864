/** What the bot needs from the outside: its stored settings and sessions, the knowledge base, hours, customers. */
import type { AuditEntry, AuditLog } from '../../accounts/audit.js';
import type { ArticleCard, BotSay, ChatChannel } from '../protocol.js';
import type { BotChannelSettings, BotWords } from './bot-settings.js';
import type { BotSession, HandoverInfo, HandoverReason } from './bot-rules.js';

export interface BotSessionRow {
  session: BotSession;
  channel: ChatChannel;
  startedAt: number;
}

export interface BotReportRow {
  /** Chats the bot answered (started with the bot) in the range. */
  chats: number;
  /** Chats the visitor said an article solved and that never went to a person. */
  solved: number;
  handedOver: Record<HandoverReason, number>;
  /** Articles by chats they solved, most first. */
  articles: { articleId: string; title: string; solved: number }[];
}

export interface BotStore {
  /** Channels an admin has set; a channel without a row is off (defaultChannelSettings). */
  settings(): Promise<BotChannelSettings[]>;
  saveSettings(settings: BotChannelSettings, by: string, at: number, audit: AuditEntry, log: AuditLog): Promise<void>;
  words(): Promise<BotWords | undefined>;
  saveWords(words: BotWords, by: string, at: number, audit: AuditEntry, log: AuditLog): Promise<void>;
  session(chatId: string): Promise<BotSessionRow | undefined>;
  /** Inserts or replaces the chat's session. */
  saveSession(row: BotSessionRow, at: number): Promise<void>;
  /** queueIds: only chats of these queues (a team lead's); absent: every chat. */
  report(from: number, to: number, limit: number, queueIds?: readonly string[]): Promise<BotReportRow>;
}

/** The published knowledge base, as the bot and the visitor see it. */
export interface BotKnowledge {
  /** Published articles matching the text, best first, each with its rank. */
  search(text: string, limit: number): Promise<(ArticleCard & { rank: number })[]>;
}

/** The chat service as the bot sends through it. */
export interface BotChat {
  botMessage(chatId: string, message: { text: string; botSay?: BotSay; card?: ArticleCard }): Promise<unknown>;
  handOver(chatId: string, info: HandoverInfo): Promise<unknown>;
}

/** Business hours: a queue's own calendar, or a named calendar of the center. */
export interface BotHours {
  /** A queue without a calendar is always open. */
  queueOpen(queueId: string, at: number): Promise<boolean>;
  /** undefined when no such calendar exists. */
  calendarOpen(calendarId: string, at: number): Promise<boolean | undefined>;
  calendarExists(calendarId: string): Promise<boolean>;
}

/** The customer level of a chat visitor ('' when no customer holds the visitor id). */
export interface BotCustomers {
  levelOf(visitorId: string): Promise<string>;
}
