/**
 * Wiring, not domain: the ticket service over the store, announcing on the bus; a team's members
 * come from the routing engine's view of the agents.
 */
import type { Kysely } from 'kysely';
import type { AttachmentFiles } from '../attachments/ports.js';
import type { AttachmentsConfig } from '../config.js';
import type { AuditLog } from '../accounts/audit.js';
import type { RoutingService } from '../acd/routing-service.js';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import { newId } from '../core/ids.js';
import type { DirectoryReaders } from '../directory/ports.js';
import type { Database } from '../store/schema.js';
import { LeaveMessageRepo } from '../store/tickets/leave-message-repo.js';
import { TicketsRepo } from '../store/tickets/tickets-repo.js';
import type { BackgroundTasks } from '../core/background-tasks.js';
import type { Logger } from '../core/log.js';
import { KyselyChatEndingSource } from '../store/tickets/chat-ending-source.js';
import { KyselyVoicemailSource } from '../store/tickets/voicemail-source.js';
import { VoicemailTickets } from '../tickets/voicemail-tickets.js';
import { ChatEndingTickets } from '../tickets/chat-ending-tickets.js';
import { LeaveMessageService, type LeaveMessageServiceDeps } from '../tickets/leave-message-service.js';
import { TicketService } from '../tickets/ticket-service.js';
import type { TicketWording } from '../tickets/ticket-wording.js';

export function createTickets(d: { db: Kysely<Database>; audit: AuditLog; bus: EventBus; clock: Clock; acd: Pick<RoutingService, 'agents'>; directory: DirectoryReaders; files: AttachmentFiles; attachments: AttachmentsConfig; wording: TicketWording }): TicketService {
  return new TicketService({
    store: new TicketsRepo(d.db),
    audit: d.audit,
    events: d.bus,
    clock: d.clock,
    newId,
    membersOf: (teamId) =>
      d.acd
        .agents()
        .filter((a) => a.profile?.teamIds.includes(teamId))
        .map((a) => a.id),
    attachments: { files: d.files, limits: d.attachments.maxBytes },
    wording: d.wording,
    references: {
      customerExists: async (id) => (await d.directory.customers.find(id)) !== undefined,
      agentExists: async (id) => (await d.directory.agents.find(id)) !== undefined,
      teamExists: async (id) => (await d.directory.teams.find(id)) !== undefined,
    },
  });
}

/** Leave-a-message templates, and visitors' messages made into tickets by that ticket service. */
export function createLeaveMessages(d: { db: Kysely<Database>; audit: AuditLog; clock: Clock; tickets: TicketService; wording: TicketWording; customers: LeaveMessageServiceDeps['customers'] }): LeaveMessageService {
  return new LeaveMessageService({ store: new LeaveMessageRepo(d.db), tickets: d.tickets, audit: d.audit, clock: d.clock, newId, language: d.wording.language, customers: d.customers });
}

/** Chats agents end, kept as tickets by that ticket service (started once the server is ready). */
export function createChatEndingTickets(d: { db: Kysely<Database>; bus: EventBus; clock: Clock; tickets: TicketService; background: BackgroundTasks; logger: Logger }): ChatEndingTickets {
  return new ChatEndingTickets({
    bus: d.bus,
    source: new KyselyChatEndingSource(d.db),
    tickets: d.tickets,
    background: d.background,
    clock: d.clock,
    log: d.logger.child({ component: 'chat-tickets' }),
  });
}

/** Voicemails left in the IVR, made tickets by that ticket service (started once the server is ready). */
export function createVoicemailTickets(d: { db: Kysely<Database>; bus: EventBus; tickets: TicketService; background: BackgroundTasks; logger: Logger }): VoicemailTickets {
  const log = d.logger.child({ component: 'voicemail-tickets' });
  return new VoicemailTickets({ bus: d.bus, source: new KyselyVoicemailSource(d.db, log), tickets: d.tickets, background: d.background, log });
}
