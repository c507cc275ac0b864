/**
 * The typed client of the chat bot's routes (src/api/http/chat/chat-bot-routes.ts): the admin
 * settings page, the bot tab of the reports page, and article cards sent from the workspace.
 */
import type { FromSchema } from './schema-type.js';
import type { botReportSchema, botSettingsSchema, botWordsSchema } from '../../api/http/chat/chat-bot-schemas.js';
import type { calendarView } from '../../api/http/config/entity-schemas.js';
import { request } from './http.js';
import type { ChatSendReply, Page } from './types.js';

export type BotChannelView = FromSchema<typeof botSettingsSchema>;
export type BotHandoverView = BotChannelView['handover'];
export type BotModeView = BotChannelView['mode'];
export type BotWordsView = FromSchema<typeof botWordsSchema>;
export type BotReport = FromSchema<typeof botReportSchema>;
export type CalendarConfig = FromSchema<typeof calendarView>;

const enc = encodeURIComponent;

export const chatBotApi = {
  settings: () => request<{ channels: BotChannelView[] }>('GET', '/api/chat-bot/settings'),
  /** Refused whole with BOT_SETTINGS_INVALID (details.problems name each field); nothing stored then. */
  saveChannel: (channel: string, body: Omit<BotChannelView, 'channel'>) => request<BotChannelView>('PUT', `/api/chat-bot/settings/${enc(channel)}`, body),
  words: () => request<BotWordsView>('GET', '/api/chat-bot/words'),
  saveWords: (body: BotWordsView) => request<BotWordsView>('PUT', '/api/chat-bot/words', body),
  calendars: () => request<Page<CalendarConfig>>('GET', '/api/calendars?limit=500'),
  report: (from: number, to: number, limit = 10) => request<BotReport>('GET', `/api/reports/chat-bot?${new URLSearchParams({ from: String(from), to: String(to), limit: String(limit) }).toString()}`),
  /** A published article as a card in the agent's chat; a resend with the same clientId stores nothing more. */
  sendCard: (chatId: string, clientId: string, articleId: string) => request<ChatSendReply>('POST', `/api/chats/${enc(chatId)}/cards`, { clientId, articleId }),
};

/** Where the daemon says a field is wrong, without the schema's `/body` prefix: `/handover/unhelpfulTurns`, `/sentiment/3/weight`. */
export function problemPaths(details: unknown): string[] {
  const list = (details as { problems?: { where?: unknown }[] } | undefined)?.problems ?? [];
  return list.map((p) => (typeof p.where === 'string' ? p.where.replace(/^\/body(?=\/|$)/, '') : '')).filter((w) => w !== '');
}
