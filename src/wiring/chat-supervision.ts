/** Wiring, not domain: chat supervision over the chat service, the routing engine's view of agents and the whisper table. */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../accounts/audit.js';
import type { RoutingService } from '../acd/routing-service.js';
import { ChatSilenceAlerts } from '../chat/chat-silence-alerts.js';
import type { SupervisionDirectory } from '../chat/chat-supervision-rules.js';
import { ChatSupervision, type ChatOrigin } from '../chat/chat-supervision.js';
import type { ChatService } from '../chat/chat-service.js';
import type { VisitService } from '../chat/visit-service.js';
import { regionLabel } from '../chat/visit-tracking.js';
import type { BackgroundTasks } from '../core/background-tasks.js';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import { newId } from '../core/ids.js';
import { ChatMonitorRepo } from '../store/chat/chat-monitor-repo.js';
import { ChatNotesRepo } from '../store/chat/chat-notes-repo.js';
import { ChatWhisperRepo } from '../store/chat/chat-whisper-repo.js';
import type { Database } from '../store/schema.js';

export interface ChatSupervisionParts {
  supervision: ChatSupervision;
  silenceAlerts: ChatSilenceAlerts;
}

/** The routing engine's view of agents, as supervision (and the chat's audience) reads it. */
export function supervisionDirectoryOf(acd: RoutingService): SupervisionDirectory {
  return {
    agentIds: () => acd.agents().map((a) => a.id),
    teamsOf: (agentId) => acd.teamsOf(agentId),
    queuesOf: (agentId) => acd.memberQueues(agentId),
  };
}

export function createChatSupervision(d: { db: Kysely<Database>; chat: ChatService; acd: RoutingService; visits: VisitService; audit: AuditLog; bus: EventBus; clock: Clock; background: BackgroundTasks }): ChatSupervisionParts {
  const directory = supervisionDirectoryOf(d.acd);
  const origin = async (chatId: string): Promise<ChatOrigin | undefined> => {
    const visit = await d.visits.visitOf(await d.chat.visitorOf(chatId, { supervise: true }));
    if (!visit) return undefined;
    const region = regionLabel(visit.visit.region);
    const device = visit.visit.device.type;
    return { ...(device ? { device } : {}), ...(region ? { region } : {}) };
  };
  const notes = new ChatNotesRepo(d.db);
  const supervision = new ChatSupervision({ chats: d.chat, whispers: new ChatWhisperRepo(d.db), monitorStore: new ChatMonitorRepo(d.db), background: d.background, directory, origin, tagsOf: (chatId) => notes.tags(chatId), audit: d.audit, bus: d.bus, clock: d.clock, newId });
  const silenceAlerts = new ChatSilenceAlerts({ chats: d.chat, supervision, directory, audit: d.audit, bus: d.bus, clock: d.clock });
  return { supervision, silenceAlerts };
}
