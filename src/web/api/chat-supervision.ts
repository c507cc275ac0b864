/** The typed client of chat supervision (src/api/http/chat/supervision-routes.ts). */
import type { monitorViewSchema, silenceAlertListSchema, supervisedListSchema, whisperSchema } from '../../api/http/chat/supervision-schemas.js';
import { request } from './http.js';
import type { FromSchema } from './schema-type.js';
import type { ChatSummary } from './types.js';

export type ChatWhisper = FromSchema<typeof whisperSchema>;
export type SupervisedChats = FromSchema<typeof supervisedListSchema>;
export type SupervisedChat = SupervisedChats['active'][number];
export type BotChat = SupervisedChats['withBot'][number];
export type MonitorView = FromSchema<typeof monitorViewSchema>;
export type SilenceAlerts = FromSchema<typeof silenceAlertListSchema>;

const enc = encodeURIComponent;
const sup = (id: string, tail = '') => `/api/supervisor/chats/${enc(id)}${tail}`;

export const chatSupervision = {
  list: () => request<SupervisedChats>('GET', '/api/supervisor/chats'),
  monitor: (id: string) => request<MonitorView>('POST', sup(id, '/monitor')),
  readOn: (id: string, after: number) => request<MonitorView>('GET', `${sup(id)}?after=${after}`),
  stopMonitoring: (id: string) => request<void>('DELETE', sup(id, '/monitor')),
  whisper: (id: string, text: string) => request<ChatWhisper>('POST', sup(id, '/whisper'), { text }),
  takeOver: (id: string) => request<ChatSummary>('POST', sup(id, '/take-over')),
  /** A chat the bot has goes to its queue, with the reason 'supervisor' for the agent. */
  handOver: (id: string) => request<ChatSummary>('POST', sup(id, '/hand-over')),
  /** A waiting chat to a chosen agent; an active one moved to another agent or a chat queue, neither agent asked. */
  assign: (id: string, agentId: string) => request<ChatSummary>('POST', `/api/chats/${enc(id)}/assign`, { agentId }),
  forceTransfer: (id: string, target: { agentId: string } | { queueId: string }) => request<ChatSummary>('POST', `/api/chats/${enc(id)}/force-transfer`, target),
  /** The agent's side: whispers in my chat, open silence alerts of my group, taking a silent colleague's chat. */
  whispers: (chatId: string) => request<{ whispers: ChatWhisper[] }>('GET', `/api/chats/${enc(chatId)}/whispers`),
  silenceAlerts: () => request<SilenceAlerts>('GET', '/api/chats/silence-alerts'),
  takeOverSilent: (chatId: string) => request<ChatSummary>('POST', `/api/chats/${enc(chatId)}/take-over`),
};
