import type { AccountsTables } from './tables/accounts.js';
import type { ConfigTables } from './tables/config.js';
import type { AcdTables } from './tables/acd.js';
import type { CallsTables } from './tables/calls.js';
import type { IvrTables } from './tables/ivr.js';
import type { NotifyTables } from './tables/notify.js';
import type { ChatTables } from './tables/chat.js';
import type { ChatSupervisionTables } from './tables/chat-supervision.js';
import type { SupervisionTables } from './tables/supervision.js';
import type { TicketsTables } from './tables/tickets.js';
import type { KbTables } from './tables/kb.js';
import type { QaTables } from './tables/qa.js';
import type { FormsTables } from './tables/forms.js';
import type { CrmTables } from './tables/crm.js';
import type { ChatBotTables } from './tables/chat-bot.js';
import type { MessagingTables } from './tables/messaging.js';

/**
 * The whole database as kysely sees it. Each area keeps its own table types in tables/<area>.ts
 * and its own migrations in sql/ (accounts 001-009, config 010-019, acd 020-029, calls 030-039,
 * ivr 040-049, supervision settings 052-053, chat 054-059, notify 060-069, tickets 070-079; from
 * 080 on, whatever needs tables of several areas, such as chats kept as tickets, 080; the knowledge base 081-083; forms and
 * surveys in chat 089; the CRM lookup 094; quality scoring 096).
 */
export interface Database extends AccountsTables, ConfigTables, AcdTables, CallsTables, IvrTables, SupervisionTables, ChatTables, ChatSupervisionTables, NotifyTables, TicketsTables, KbTables, FormsTables, CrmTables, QaTables, ChatBotTables, MessagingTables {}
