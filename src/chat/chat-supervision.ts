/**
 * Supervision of chats: a supervisor monitors a chat silently, whispers to its agent, or takes it
 * over; the chat service does the hand-over itself (ChatService.takeOver). Silence alerts and the
 * colleagues' take-over after one are in chat-silence-alerts.ts.
 *
 * Nothing here reaches the visitor: monitoring only reads, whispers are kept in their own table
 * (sql/085) and travel as chat.whisper events to staff, and a take-over does not tell the widget.
 * Who monitors which chat is stored (sql/107) and loaded again at start, so monitoring outlives a
 * daemon restart or a standby taking over: a row is written before a monitor counts, removed when
 * they stop, take the chat over or the chat ends (a chat that ended while the daemon was down is
 * dropped at start). Every action that succeeds is audited, and a refusal changes nothing.
 *
 * Chats the bot has (state 'bot', before any queue) are listed too, with how far the bot got;
 * a supervisor may monitor one read-only and hand it to a person (the bot's own hand-over, with
 * the reason 'supervisor'). Their changes reach the panel as chat.with_bot events.
 */
import type { AuditLog } from '../accounts/audit.js';
import type { BackgroundTasks } from '../core/background-tasks.js';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { DomainEvent, EventBus } from '../core/events.js';
import { checkWhisperText, chatInReach, teamsOfChat, type ChatSupervisor, type SupervisionDirectory } from './chat-supervision-rules.js';
import type { ChatSummary } from './chat-views.js';
import type { ChatMonitorStore, ChatWhisper, ChatWhisperStore, StoredMessage } from './ports.js';

/** The chat service as supervision uses it. */
export interface SupervisedChats {
  /** The chats the bot has now. */
  withBot(): ChatSummary[];
  list(agentId: string | undefined, supervise: boolean): { active: ChatSummary[]; waiting: ChatSummary[] };
  seenBy(chatId: string, viewer: { agentId?: string; supervise: boolean }): Promise<ChatSummary>;
  messages(chatId: string, viewer: { agentId?: string; supervise: boolean }, after: number, limit: number): Promise<{ messages: StoredMessage[]; lastSeq: number }>;
  takeOver(chatId: string, fromAgentId: string, toAgentId: string): Promise<ChatSummary>;
}

/** Where a chat's visitor comes from, when known (the visit's device and region). */
export interface ChatOrigin {
  device?: string;
  region?: string;
}

/** The bot as supervision uses it (bound after construction: the bot is built later). */
export interface SupervisedBot {
  /** The questions the bot answered in the chat (undefined: no bot session). */
  turnsOf(chatId: string): Promise<number | undefined>;
  /** The bot's hand-over with the reason 'supervisor'; the queue's refusal (QUEUE_CLOSED, ...) is thrown. */
  handOverBySupervisor(chatId: string): Promise<void>;
}

export interface ChatSupervisionDeps {
  chats: SupervisedChats;
  whispers: ChatWhisperStore;
  /** Who monitors which chat, kept across restarts. */
  monitorStore: ChatMonitorStore;
  /** Removes rows after an event (a chat ended, a take-over) without holding the event's publisher. */
  background: BackgroundTasks;
  directory: SupervisionDirectory;
  /** The visitor's device and region of a chat (undefined: not known). */
  origin?: (chatId: string) => Promise<ChatOrigin | undefined>;
  /** The chat's tags (shown on the monitor; chat.tags events keep them current). */
  tagsOf?: (chatId: string) => Promise<string[]>;
  audit: AuditLog;
  bus: EventBus;
  clock: Clock;
  newId: () => string;
}

/** A chat on the supervisor's Chats panel. */
export type SupervisedChat = ChatSummary & { origin?: ChatOrigin; monitoredByMe: boolean };

/** A chat the bot has, on the Chats panel: with the bot since createdAt. */
export type BotChatView = SupervisedChat & { turns: number; lastVisitorAt?: number };

/** Messages read back per bot chat to find the visitor's last one (the bot's lines come in threes). */
const VISITOR_LOOKBACK = 20;

/** What a monitor reads: the chat, its messages after a seq, its whispers and its tags. */
export interface MonitorView {
  chat: ChatSummary;
  messages: StoredMessage[];
  lastSeq: number;
  whispers: ChatWhisper[];
  tags: string[];
}

const ALL = { supervise: true } as const;

export class ChatSupervision {
  /** chatId -> the users monitoring it. */
  private readonly monitors = new Map<string, Set<string>>();
  private readonly unsubscribe: () => void;
  private bot: SupervisedBot | undefined;

  constructor(private readonly d: ChatSupervisionDeps) {
    this.unsubscribe = d.bus.subscribe((e) => this.onEvent(e));
  }

  close(): void {
    this.unsubscribe();
  }

  /**
   * Loads who monitored which chat before the restart (after the chat service restored its open
   * chats): a chat still open is monitored again; the rows of a chat that ended (or is gone) meanwhile
   * are removed.
   */
  async start(): Promise<void> {
    for (const { chatId, userId } of await this.d.monitorStore.monitors()) {
      const chat = await this.d.chats.seenBy(chatId, ALL).catch((err: unknown) => {
        // A row whose chat the store no longer has: nothing to monitor (the row goes below).
        if (err instanceof AppError && err.code === 'CHAT_NOT_FOUND') return undefined;
        throw err;
      });
      if (!chat || chat.state === 'ended') {
        await this.d.monitorStore.removeChatMonitors(chatId);
        continue;
      }
      let set = this.monitors.get(chatId);
      if (!set) this.monitors.set(chatId, (set = new Set()));
      set.add(userId);
    }
  }

  bindBot(bot: SupervisedBot): void {
    this.bot = bot;
  }

  /** Active, waiting and bot chats within the supervisor's reach. */
  async list(who: ChatSupervisor): Promise<{ active: SupervisedChat[]; waiting: SupervisedChat[]; withBot: BotChatView[] }> {
    const all = this.d.chats.list(undefined, true);
    const view = async (c: ChatSummary): Promise<SupervisedChat> => {
      const origin = await this.d.origin?.(c.id);
      return { ...c, ...(origin ? { origin } : {}), monitoredByMe: this.monitors.get(c.id)?.has(who.userId) ?? false };
    };
    const reach = (c: ChatSummary) => chatInReach(this.d.directory, who, c);
    const botView = async (c: ChatSummary): Promise<BotChatView> => {
      const page = await this.d.chats.messages(c.id, ALL, Math.max(0, c.lastSeq - VISITOR_LOOKBACK), VISITOR_LOOKBACK);
      const lastVisitorAt = page.messages.filter((m) => m.from === 'visitor').at(-1)?.at;
      return { ...(await view(c)), turns: (await this.bot?.turnsOf(c.id)) ?? 0, ...(lastVisitorAt !== undefined ? { lastVisitorAt } : {}) };
    };
    return {
      active: await Promise.all(all.active.filter(reach).map(view)),
      waiting: await Promise.all(all.waiting.filter(reach).map(view)),
      withBot: await Promise.all(this.d.chats.withBot().filter(reach).map(botView)),
    };
  }

  /**
   * Hands a chat the bot has to a person: it enters its queue with the reason 'supervisor' (the
   * agent who gets it sees that reason). CHAT_CLOSED when it ended, CHAT_NOT_WITH_BOT when the bot
   * does not have it (already waiting or served), the queue's refusal when it does not take it.
   */
  async handToPerson(who: ChatSupervisor, chatId: string, ip?: string): Promise<ChatSummary> {
    const chat = await this.reachable(who, chatId);
    if (chat.state === 'ended') throw new AppError('CHAT_CLOSED', undefined, { chatId });
    if (chat.state !== 'bot' || !this.bot) throw new AppError('CHAT_NOT_WITH_BOT', undefined, { chatId, where: '/id' });
    await this.bot.handOverBySupervisor(chatId);
    await this.d.audit.record({ actorId: who.userId, action: 'chat.bot_hand_over', target: `chat:${chatId}`, details: { queueId: chat.queueId }, ...(ip ? { ip } : {}) });
    const now = await this.d.chats.seenBy(chatId, ALL);
    this.changed(now, 'handler');
    return now;
  }

  /** Starts (or continues) monitoring an open chat: its history now, its changes as chat.monitored events. */
  async monitor(who: ChatSupervisor, chatId: string, ip?: string): Promise<MonitorView> {
    const chat = await this.reachable(who, chatId);
    if (chat.state === 'ended') throw new AppError('CHAT_CLOSED', undefined, { chatId });
    let set = this.monitors.get(chatId);
    const first = !set?.has(who.userId);
    // Stored first: a monitor the store does not hold would be lost by the next restart.
    if (first) await this.d.monitorStore.addMonitor(chatId, who.userId, this.d.clock.now());
    if (!set) this.monitors.set(chatId, (set = new Set()));
    set.add(who.userId);
    if (first) await this.d.audit.record({ actorId: who.userId, action: 'chat.monitor', target: `chat:${chatId}`, ...(ip ? { ip } : {}) });
    return this.read(chatId, 0);
  }

  /** Reads on in a chat being monitored (after a chat.monitored event). */
  async monitored(who: ChatSupervisor, chatId: string, after: number): Promise<MonitorView> {
    await this.reachable(who, chatId);
    if (!this.monitors.get(chatId)?.has(who.userId)) throw new AppError('CHAT_NOT_MONITORED', undefined, { chatId });
    return this.read(chatId, after);
  }

  async stopMonitoring(who: ChatSupervisor, chatId: string): Promise<void> {
    const set = this.monitors.get(chatId);
    if (!set?.has(who.userId)) throw new AppError('CHAT_NOT_MONITORED', undefined, { chatId });
    await this.d.monitorStore.removeMonitor(chatId, who.userId);
    this.forget(chatId, who.userId);
  }

  /** A line to the chat's agent only, from a supervisor monitoring the chat. */
  async whisper(who: ChatSupervisor, chatId: string, text: string, ip?: string): Promise<ChatWhisper> {
    const body = checkWhisperText(text);
    const chat = await this.reachable(who, chatId);
    if (chat.state === 'ended') throw new AppError('CHAT_CLOSED', undefined, { chatId });
    if (!this.monitors.get(chatId)?.has(who.userId)) throw new AppError('CHAT_NOT_MONITORED', undefined, { chatId });
    if (chat.state !== 'active' || !chat.agentId) throw new AppError('CHAT_NOT_ACTIVE', undefined, { chatId });
    const w: ChatWhisper = { id: this.d.newId(), chatId, agentId: chat.agentId, supervisorUserId: who.userId, supervisorName: who.name, text: body, afterSeq: chat.lastSeq, at: this.d.clock.now() };
    await this.d.whispers.addWhisper(w);
    await this.d.audit.record({ actorId: who.userId, action: 'chat.whisper', target: `chat:${chatId}`, details: { agentId: chat.agentId }, ...(ip ? { ip } : {}) });
    this.publish({ type: 'chat.whisper', at: w.at, scope: { agentId: w.agentId, teamIds: teamsOfChat(this.d.directory, chat) }, chatId, agentId: w.agentId, whisperId: w.id, supervisorUserId: w.supervisorUserId, supervisorName: w.supervisorName, text: w.text });
    this.changed(chat, 'whisper');
    return w;
  }

  /** The whispers of a chat, for its agent (or a supervisor within reach): never for the visitor. */
  async whispersOf(chatId: string, viewer: { agentId?: string } & Pick<ChatSupervisor, 'seesAll' | 'ledTeamIds'> & { supervise: boolean }): Promise<ChatWhisper[]> {
    const chat = await this.d.chats.seenBy(chatId, ALL);
    const own = viewer.agentId !== undefined && chat.agentId === viewer.agentId;
    if (!own && !(viewer.supervise && chatInReach(this.d.directory, viewer, chat))) throw new AppError('CHAT_NOT_YOURS', undefined, { chatId });
    return this.d.whispers.whispers(chatId);
  }

  /** The supervisor becomes the chat's handler; the agent is released and told. */
  async takeOver(who: ChatSupervisor, chatId: string, ip?: string): Promise<ChatSummary> {
    const chat = await this.reachable(who, chatId);
    if (!who.agentId) throw new AppError('NOT_AN_AGENT', 'Taking a chat over needs an agent profile to handle it', { userId: who.userId });
    if (chat.state === 'ended') throw new AppError('CHAT_CLOSED', undefined, { chatId });
    if (chat.state !== 'active' || !chat.agentId) throw new AppError('CHAT_NOT_ACTIVE', undefined, { chatId });
    const from = chat.agentId;
    const taken = await this.d.chats.takeOver(chatId, from, who.agentId);
    this.tookOver(taken, from, who.userId, 'supervisor');
    await this.d.audit.record({ actorId: who.userId, action: 'chat.take_over', target: `chat:${chatId}`, details: { fromAgentId: from, toAgentId: who.agentId }, ...(ip ? { ip } : {}) });
    return taken;
  }

  /** Publishes a completed take-over (by a supervisor or a colleague): both agents and the teams are told. */
  tookOver(chat: ChatSummary, fromAgentId: string, byUserId: string, via: 'supervisor' | 'silence_alert'): void {
    const toAgentId = chat.agentId as string;
    // The new handler no longer monitors: they are in the conversation now.
    if (this.monitors.get(chat.id)?.has(byUserId)) {
      this.forget(chat.id, byUserId);
      this.d.background.run('chat.monitor_removed', () => this.d.monitorStore.removeMonitor(chat.id, byUserId), { chatId: chat.id, userId: byUserId });
    }
    this.publish({ type: 'chat.taken_over', at: this.d.clock.now(), scope: { agentIds: [fromAgentId, toAgentId], teamIds: teamsOfChat(this.d.directory, { agentId: fromAgentId, queueId: chat.queueId }) }, chatId: chat.id, fromAgentId, toAgentId, byUserId, via });
    this.changed(chat, 'handler');
  }

  isMonitoring(userId: string, chatId: string): boolean {
    return this.monitors.get(chatId)?.has(userId) ?? false;
  }

  private async read(chatId: string, after: number): Promise<MonitorView> {
    const chat = await this.d.chats.seenBy(chatId, ALL);
    const page = await this.d.chats.messages(chatId, ALL, after, 1000);
    return { chat, messages: page.messages, lastSeq: page.lastSeq, whispers: await this.d.whispers.whispers(chatId), tags: (await this.d.tagsOf?.(chatId)) ?? [] };
  }

  /** The chat, when within the supervisor's reach: CHAT_NOT_FOUND or CHAT_OUTSIDE_TEAMS otherwise. */
  /** Whether the chat is within a supervisor's reach (a team lead: their teams' chats). */
  async reaches(who: Pick<ChatSupervisor, 'seesAll' | 'ledTeamIds'>, chatId: string): Promise<boolean> {
    const chat = await this.d.chats.seenBy(chatId, ALL);
    return chatInReach(this.d.directory, who, chat);
  }

  private async reachable(who: ChatSupervisor, chatId: string): Promise<ChatSummary> {
    const chat = await this.d.chats.seenBy(chatId, ALL);
    if (!chatInReach(this.d.directory, who, chat)) throw new AppError('CHAT_OUTSIDE_TEAMS', undefined, { chatId, where: '/id' });
    return chat;
  }

  /** Relays what happens in monitored chats to their monitors (ids only; they re-read). */
  private onEvent(e: DomainEvent): void {
    if (e.type === 'chat.message' && e.agentId === undefined) this.botChatChanged(e.chatId, e.from);
    if (e.type !== 'chat.message' && e.type !== 'chat.typing' && e.type !== 'chat.ended') return;
    if (!this.monitors.has(e.chatId)) return;
    const agentId = e.agentId ?? null;
    const queueId = e.type === 'chat.ended' ? e.queueId : (e.scope.queueId ?? '');
    if (e.type === 'chat.ended') {
      this.monitors.delete(e.chatId);
      this.d.background.run('chat.monitors_ended', () => this.d.monitorStore.removeChatMonitors(e.chatId), { chatId: e.chatId });
    }
    const change = e.type === 'chat.message' ? 'message' : e.type === 'chat.typing' ? 'typing' : 'ended';
    this.publish({ type: 'chat.monitored', at: e.at, scope: { teamIds: teamsOfChat(this.d.directory, { agentId, queueId }) }, chatId: e.chatId, change, ...(e.type === 'chat.message' ? { seq: e.seq } : {}) });
  }

  /** A message in a chat the bot has: the supervisors who could see it re-read their list (its turns and times changed). */
  private botChatChanged(chatId: string, from: string): void {
    if (from !== 'visitor' && from !== 'bot' && from !== 'system') return;
    const chat = this.d.chats.withBot().find((c) => c.id === chatId);
    if (!chat) return;
    this.publish({ type: 'chat.with_bot', at: this.d.clock.now(), scope: { teamIds: teamsOfChat(this.d.directory, chat) }, chatId, queueId: chat.queueId, from });
  }

  private forget(chatId: string, userId: string): void {
    const set = this.monitors.get(chatId);
    set?.delete(userId);
    if (set?.size === 0) this.monitors.delete(chatId);
  }

  private changed(chat: ChatSummary, change: 'whisper' | 'handler'): void {
    if (!this.monitors.has(chat.id)) return;
    this.publish({ type: 'chat.monitored', at: this.d.clock.now(), scope: { teamIds: teamsOfChat(this.d.directory, chat) }, chatId: chat.id, change });
  }

  private publish(e: DomainEvent): void {
    this.d.bus.publish(e);
  }
}
