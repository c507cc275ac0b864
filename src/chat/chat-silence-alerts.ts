/**
 * The agent-silence alert and the colleagues' take-over after it.
 *
 * The chat timers (chat-timers.ts) publish chat.agent_silent when the visitor has waited too long
 * for the agent's answer. This turns it into chat.silence_alert for the agent's group (the agents
 * serving the chat's queue and the agents of the silent agent's teams, with their team leads and
 * the supervisors; chat-supervision-rules.ts) and keeps the alert open until the agent answers, the
 * chat ends or someone takes it over (then chat.silence_cleared). While it is open, any agent of the
 * group (chat.handle) may take the chat over: the first one wins, the others get CHAT_ALREADY_TAKEN.
 *
 *   (none) ──agent_silent──▶ open ──agent answers / chat ends──▶ (none), cleared
 *                              │
 *                              └──take over (first of the group)──▶ taken ──chat ends──▶ (none)
 *                                                                     │
 *                                  a later take-over: CHAT_ALREADY_TAKEN ◀┘
 */
import type { AuditLog } from '../accounts/audit.js';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { DomainEvent, EventBus } from '../core/events.js';
import { silenceGroup, type SupervisionDirectory } from './chat-supervision-rules.js';
import type { ChatSupervision, SupervisedChats } from './chat-supervision.js';
import type { ChatSummary } from './chat-views.js';

export interface SilenceAlertDeps {
  chats: Pick<SupervisedChats, 'list' | 'takeOver'>;
  supervision: Pick<ChatSupervision, 'tookOver'>;
  directory: SupervisionDirectory;
  audit: AuditLog;
  bus: EventBus;
  clock: Clock;
}

interface OpenAlert {
  state: 'open';
  agentId: string;
  queueId: string;
  group: { agentIds: string[]; teamIds: string[] };
}

interface TakenAlert {
  state: 'taken';
  byAgentId: string;
}

export class ChatSilenceAlerts {
  private readonly alerts = new Map<string, OpenAlert | TakenAlert>();
  private readonly unsubscribe: () => void;

  constructor(private readonly d: SilenceAlertDeps) {
    this.unsubscribe = d.bus.subscribe((e) => this.onEvent(e));
  }

  close(): void {
    this.unsubscribe();
  }

  /** Open alerts the agent's group holds (a toolbar that reconnects shows them again). */
  openFor(agentId: string): { chatId: string; agentId: string; queueId: string }[] {
    const out: { chatId: string; agentId: string; queueId: string }[] = [];
    for (const [chatId, a] of this.alerts) if (a.state === 'open' && a.group.agentIds.includes(agentId)) out.push({ chatId, agentId: a.agentId, queueId: a.queueId });
    return out;
  }

  /**
   * A colleague of the group takes the silent agent's chat over. Checked and handed over without a
   * pause in between, so of two colleagues clicking at once exactly one gets the chat.
   */
  async takeOver(taker: { userId: string; agentId?: string }, chatId: string, ip?: string): Promise<ChatSummary> {
    if (!taker.agentId) throw new AppError('NOT_AN_AGENT', undefined, { userId: taker.userId });
    const alert = this.alerts.get(chatId);
    if (!alert) throw new AppError('CHAT_NO_SILENCE_ALERT', undefined, { chatId });
    if (alert.state === 'taken') throw new AppError(alert.byAgentId === taker.agentId ? 'CHAT_ALREADY_YOURS' : 'CHAT_ALREADY_TAKEN', undefined, { chatId });
    if (!alert.group.agentIds.includes(taker.agentId)) throw new AppError('CHAT_NOT_IN_GROUP', undefined, { chatId });
    if (alert.agentId === taker.agentId) throw new AppError('CHAT_ALREADY_YOURS', undefined, { chatId });
    const toAgentId = taker.agentId;
    // takeOver checks and hands over synchronously; the alert is marked taken before anything awaits.
    const handing = this.d.chats.takeOver(chatId, alert.agentId, toAgentId);
    this.alerts.set(chatId, { state: 'taken', byAgentId: toAgentId });
    let chat: ChatSummary;
    try {
      chat = await handing;
    } catch (err) {
      // Refused (no room for the chat, logged out): the alert stays open for the others.
      if (this.alerts.get(chatId)?.state === 'taken') this.alerts.set(chatId, alert);
      throw err;
    }
    this.publish(chatId, alert, 'taken_over', toAgentId);
    this.d.supervision.tookOver(chat, alert.agentId, taker.userId, 'silence_alert');
    await this.d.audit.record({ actorId: taker.userId, action: 'chat.take_over_silent', target: `chat:${chatId}`, details: { fromAgentId: alert.agentId, toAgentId }, ...(ip ? { ip } : {}) });
    return chat;
  }

  private onEvent(e: DomainEvent): void {
    switch (e.type) {
      case 'chat.agent_silent':
        this.raise(e.chatId, e.agentId, e.silentMs, e.at);
        break;
      case 'chat.message': {
        const a = this.alerts.get(e.chatId);
        if (a?.state === 'open' && e.from === 'agent') this.clear(e.chatId, a, 'answered');
        break;
      }
      case 'chat.taken_over': {
        // A supervisor took it over while the group was alerted: the alert is answered.
        const a = this.alerts.get(e.chatId);
        if (a?.state === 'open') {
          this.alerts.set(e.chatId, { state: 'taken', byAgentId: e.toAgentId });
          this.publish(e.chatId, a, 'taken_over', e.toAgentId);
        }
        break;
      }
      case 'chat.ended': {
        const a = this.alerts.get(e.chatId);
        if (a?.state === 'open') this.clear(e.chatId, a, 'ended');
        this.alerts.delete(e.chatId);
        break;
      }
      default:
        break;
    }
  }

  private raise(chatId: string, agentId: string, silentMs: number, at: number): void {
    const chat = this.d.chats.list(undefined, true).active.find((c) => c.id === chatId);
    if (chat?.agentId !== agentId) return;
    const alert: OpenAlert = { state: 'open', agentId, queueId: chat.queueId, group: silenceGroup(this.d.directory, agentId, chat.queueId) };
    this.alerts.set(chatId, alert);
    this.d.bus.publish({
      type: 'chat.silence_alert',
      at,
      scope: { agentIds: alert.group.agentIds, teamIds: alert.group.teamIds, queueId: chat.queueId },
      chatId,
      agentId,
      queueId: chat.queueId,
      visitorName: chat.visitorName,
      silentMs,
      groupAgentIds: alert.group.agentIds,
    });
  }

  private clear(chatId: string, alert: OpenAlert, reason: 'answered' | 'ended'): void {
    this.alerts.delete(chatId);
    this.publish(chatId, alert, reason);
  }

  private publish(chatId: string, alert: OpenAlert, reason: 'answered' | 'ended' | 'taken_over', byAgentId?: string): void {
    this.d.bus.publish({
      type: 'chat.silence_cleared',
      at: this.d.clock.now(),
      scope: { agentIds: alert.group.agentIds, teamIds: alert.group.teamIds, queueId: alert.queueId },
      chatId,
      agentId: alert.agentId,
      reason,
      ...(byAgentId ? { byAgentId } : {}),
    });
  }
}
