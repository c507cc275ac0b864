/**
 * Chats: the visitor's widget and the agent's workspace over one record per chat (chat-state.ts)
 * and its numbered messages (the store). The routing engine decides who serves a chat; this
 * service connects the offer at once (chats are connected automatically up to the agent's chat
 * capacity) and frees the agent's slot when the chat ends.
 *
 * Consistency: a chat's state changes synchronously in memory together with the engine call
 * (offer accepted, contact abandoned or ended), then its row is saved and the visitor and agent
 * are told, in that chat's lane (chat-lanes.ts), so what they see follows the stored order.
 * Messages are numbered and stored in the lane as well: an ack leaves only after the commit.
 */
import { checkUpload, type AttachmentLimits } from '../attachments/attachment-rules.js';
import type { AttachmentFiles, AttachmentRecord } from '../attachments/ports.js';
import { AppError, isAppError, validationError } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
import type { DomainEvent, EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';
import type { BackgroundTasks } from '../core/background-tasks.js';
import type { ChatColleagueList } from './chat-colleagues.js';
import { ChatLanes } from './chat-lanes.js';
import { chatReducer, type ChatEvent, type ChatRecord } from './chat-state.js';
import { OpenChats } from './open-chats.js';
import { ChatTimers, type ChatTimerSettings } from './chat-timers.js';
import { summaryOf, visitorFrameOf, type ChatSummary } from './chat-views.js';
import type { HandoverInfo } from './bot/bot-rules.js';
import type { AgentNames, ChatFrontDoor, ChatRouting, ChatStore, ChatSurvey, NewMessage, StoredMessage, VisitorRouting, VisitorRoutingPort } from './ports.js';
import { CHAT_LIMITS, type ArticleCard, type AssistNote, type BotChoice, type BotSay, type ChatChannel, type ChatOutcome, type ServerFrame } from './protocol.js';
import { QueuePositions } from './queue-positions.js';
import { hashVisitorToken, newVisitorToken } from './visitor-token.js';

export interface ChatServiceDeps {
  store: ChatStore;
  routing: ChatRouting;
  names: AgentNames;
  clock: Clock;
  bus: EventBus;
  log: Logger;
  background: BackgroundTasks;
  newId: () => string;
  timers: ChatTimerSettings;
  /** The system message a silent visitor gets. */
  reminderText?: string;
  /** Where uploads' bytes go, and how big each kind may be. */
  files: AttachmentFiles;
  attachmentLimits: AttachmentLimits;
  /** The CRM lookup's routing for a visitor (absent: no CRM configured). */
  visitorRouting?: VisitorRoutingPort;
  /** Colleagues invited into chats besides their owner (multi-party); none when absent. */
  colleagues?: ChatColleagueList;
}

/** One upload into a chat (a message whose content is the file). */
export interface ChatUpload {
  clientId: string;
  /** image, file, video or voice; anything else is ATTACHMENT_KIND_UNKNOWN. */
  kind: string;
  /** The name the sender gave; kept for display only. */
  name: string;
  bytes: Uint8Array;
}

type Listener = (frame: ServerFrame) => void;

const REMINDER = 'Are you still there? This chat will close soon without a reply.';

/** Messages read back per chat at start to find who spoke last (system notes in between are skipped). */
const RESUME_LOOKBACK = 20;

export class ChatService {
  /** Waiting and active chats; an ended chat is read from the store. */
  private readonly open = new OpenChats();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly lanes = new ChatLanes();
  private readonly timers: ChatTimers;
  /** Waiting visitors' places in line, pushed once per batch of changes (queue-positions.ts). */
  private readonly positions: QueuePositions;
  private readonly unsubscribeEngine: () => void;
  /** Chats whose hand-over is entering the queue right now: a refusal returns them to the bot, not to an ending. */
  private readonly handingOver = new Set<string>();
  /** The bot (bound after construction: it sends through this service). None: every chat goes to the queue. */
  private frontDoor: ChatFrontDoor | undefined;

  constructor(private readonly d: ChatServiceDeps) {
    this.timers = new ChatTimers(d.clock, d.timers, {
      onAgentSilent: (chatId, silentMs) => this.agentSilent(chatId, silentMs),
      onVisitorReminder: (chatId) => this.d.background.run('chat.reminder', () => this.append({ chatId, from: 'system', text: d.reminderText ?? REMINDER, at: this.d.clock.now() }), { chatId }),
      onVisitorGone: (chatId) => this.d.background.run('chat.visitor_gone', async () => this.transition(chatId, { kind: 'end', reason: 'visitor_inactive', at: this.d.clock.now() }), { chatId }),
    });
    this.positions = new QueuePositions({
      position: (chatId) => this.d.routing.position(chatId),
      waiting: () => this.open.waiting(),
      emit: (chatId, frame) => this.emit(chatId, frame),
      queuesOf: (agentId) => this.d.routing.queuesOf(agentId),
    });
    // The engine changes lines on its own too (overflow, offers back in line, staffing).
    this.unsubscribeEngine = d.bus.subscribe((e) => this.positions.onEvent(e));
  }

  /**
   * Rebuilds the open chats from the store (after a restart the engine recovers their contacts)
   * and re-arms each connected chat's timers from its last message: whoever spoke last is owed an
   * answer since then, so a visitor who went quiet while the daemon was down is still closed on
   * time and an agent's silence still alerts.
   */
  async start(): Promise<void> {
    // Uploads a crash caught between staging and their commit: no row names them.
    const swept = await this.d.files.sweepStaged();
    if (swept > 0) this.d.log.info({ swept }, 'removed staged uploads left by a stop');
    for (const c of await this.d.store.openChats()) {
      this.open.set(c.id, c);
      if (c.state !== 'active') continue;
      const recent = await this.d.store.messagesAfter(c.id, Math.max(0, c.lastSeq - RESUME_LOOKBACK), RESUME_LOOKBACK);
      const last = recent.filter((m) => m.from === 'visitor' || m.from === 'agent').at(-1);
      if (last?.from === 'agent') this.timers.agentSpoke(c.id, last.at);
      else this.timers.visitorSpoke(c.id, last?.at ?? c.assignedAt ?? c.createdAt);
    }
  }

  stop(): void {
    this.timers.stopAll();
    this.unsubscribeEngine();
  }

  bindFrontDoor(frontDoor: ChatFrontDoor): void {
    this.frontDoor = frontDoor;
  }

  /** Everything queued on the chats' lanes has run (tests). */
  idle(): Promise<void> {
    return this.lanes.idle();
  }

  // ---- visitor ----------------------------------------------------------------------------

  /** Identifies the visitor (a new one when no token) and the chat the socket follows. */
  async hello(token: string | undefined, chatId: string | undefined): Promise<{ visitorId: string; token: string; chat: ChatRecord | undefined }> {
    let visitorId: string;
    if (token === undefined) {
      token = newVisitorToken();
      visitorId = this.d.newId();
      await this.d.store.createVisitor({ id: visitorId, tokenHash: hashVisitorToken(token), createdAt: this.d.clock.now() });
      if (chatId !== undefined) throw new AppError('CHAT_TOKEN_NOT_FOR_CHAT', 'A new visitor has no chats', { where: '/chatId' });
      return { visitorId, token, chat: undefined };
    }
    const visitor = await this.d.store.visitorByTokenHash(hashVisitorToken(token));
    if (!visitor) throw new AppError('CHAT_TOKEN_INVALID', undefined, { where: '/visitorToken' });
    visitorId = visitor.id;
    if (chatId !== undefined) return { visitorId, token, chat: await this.ownChat(visitorId, chatId) };
    return { visitorId, token, chat: this.openChatOf(visitorId) };
  }

  /** The visitor a token names (uploads and downloads over HTTP); CHAT_TOKEN_INVALID when none. */
  async visitorByToken(token: string): Promise<string> {
    const visitor = await this.d.store.visitorByTokenHash(hashVisitorToken(token));
    if (!visitor) throw new AppError('CHAT_TOKEN_INVALID', undefined, { where: '/headers/x-visitor-token' });
    return visitor.id;
  }

  /** Opens a chat for the visitor, or returns the one they already have open. */
  async startChat(visitorId: string, input: { queue?: string; name?: string; page?: string; targetAgentId?: string; channel?: ChatChannel }): Promise<ChatRecord> {
    const existing = this.openChatOf(visitorId);
    if (existing) return existing;
    const asked = await this.d.routing.resolveQueue(input.queue);
    // An invitation names its agent: the CRM does not move that chat elsewhere, and it is the
    // agent's, never the bot's.
    const crm = input.targetAgentId ? undefined : await this.crmRouting(visitorId);
    const queueId = crm?.queueId ? await this.crmQueue(crm.queueId, asked) : asked;
    const channel = input.channel ?? 'web';
    const door = this.frontDoor && !input.targetAgentId ? await this.frontDoor.admit({ visitorId, queueId, channel }) : { kind: 'queue' as const };
    const chat: ChatRecord = {
      id: this.d.newId(),
      visitorId,
      queueId,
      state: 'waiting',
      agentId: null,
      visitorName: input.name?.trim() ?? '',
      page: input.page ?? '',
      createdAt: this.d.clock.now(),
      assignedAt: null,
      endedAt: null,
      endReason: null,
      outcome: null,
      outcomeReason: null,
      lastSeq: 0,
      channel,
      handover: door.kind === 'handover' ? door.info : null,
      ...(door.kind === 'bot' ? { state: 'bot' as const } : {}),
    };
    await this.d.store.insertChat(chat);
    this.open.set(chat.id, chat);
    if (chat.state === 'bot' || chat.handover) this.frontDoor?.started(chat);
    if (chat.state === 'bot') return chat;
    try {
      this.d.routing.enqueue({
        chatId: chat.id,
        queueId,
        attributes: { ...crm?.attributes, chatId: chat.id, page: chat.page },
        ...(crm?.priority !== undefined ? { priority: crm.priority } : {}),
        ...(input.targetAgentId ? { targetAgentId: input.targetAgentId } : {}),
      });
    } catch (err) {
      // The queue did not take it (closed, full, disabled): the chat ends before it began.
      if (this.open.has(chat.id)) this.transition(chat.id, { kind: 'end', reason: 'no_agent', at: this.d.clock.now() }, { skipEffects: true });
      throw err;
    }
    const current = this.open.get(chat.id) ?? chat;
    if (current.state === 'waiting') this.publishWaiting(current);
    this.positions.changed(queueId);
    return current;
  }

  private crmRouting(visitorId: string): Promise<VisitorRouting | undefined> {
    const ask = this.d.visitorRouting;
    if (!ask) return Promise.resolve(undefined);
    // The port answers undefined for every failure it knows; anything else is a bug, logged here.
    return ask(visitorId).catch((err: unknown) => {
      this.d.log.error({ visitorId, err }, 'the CRM routing failed unexpectedly: the chat goes where the visitor asked');
      return undefined;
    });
  }

  /** The CRM rule's chat queue, or the visitor's own choice when that queue is gone since. */
  private async crmQueue(queueId: string, asked: string): Promise<string> {
    try {
      return await this.d.routing.resolveQueue(queueId);
    } catch (err) {
      if (!isAppError(err)) throw err;
      this.d.log.warn({ queueId, code: err.code }, 'the CRM routing names a chat queue that is gone: the chat goes where the visitor asked');
      return asked;
    }
  }

  async visitorMessage(visitorId: string, chatId: string, clientId: string, text: string, choice?: BotChoice): Promise<StoredMessage> {
    if (text.length > CHAT_LIMITS.maxTextLength) throw new AppError('CHAT_MESSAGE_TOO_LARGE', `A message holds at most ${CHAT_LIMITS.maxTextLength} characters`, { where: '/text', clientId });
    const chat = await this.ownChat(visitorId, chatId);
    if (chat.state === 'ended') return this.replayOrClosed(chat, 'visitor', clientId);
    const { message: stored, duplicate } = await this.appendOnce({ chatId, from: 'visitor', clientId, text, at: this.d.clock.now() });
    if (chat.state === 'active' || chat.state === 'bot') this.timers.visitorSpoke(chatId);
    // A resend is not a new question: the bot answered the first copy.
    const now = this.open.get(chatId);
    if (!duplicate && now?.state === 'bot') this.frontDoor?.visitorSaid(now, stored, choice);
    return stored;
  }

  // ---- the bot (src/chat/bot) ---------------------------------------------------------------

  /**
   * A bot message (a line, or an article card) in a chat the bot has, or its last word as the
   * chat waits after a hand-over; the visitor's silence timers run from it while the bot has it.
   */
  async botMessage(chatId: string, message: { text: string; botSay?: BotSay; card?: ArticleCard }): Promise<StoredMessage | undefined> {
    const state = this.open.get(chatId)?.state;
    if (state !== 'bot' && state !== 'waiting') return undefined;
    const stored = await this.append({ chatId, from: 'bot', text: message.text, at: this.d.clock.now(), ...(message.botSay ? { botSay: message.botSay } : {}), ...(message.card ? { card: message.card } : {}) });
    if (this.open.get(chatId)?.state === 'bot') this.timers.agentSpoke(chatId);
    return stored;
  }

  /**
   * The bot passes the chat to a person: it enters its queue with the whole conversation and the
   * reason. The row is written (in the chat's lane) before the queue may connect it, so an
   * immediate assignment is stored after it; a queue that refuses (closed, full) leaves the chat
   * with the bot, the row written back as it was, and the refusal is thrown (QUEUE_CLOSED, ...).
   */
  async handOver(chatId: string, info: HandoverInfo): Promise<ChatRecord> {
    const asked = this.open.get(chatId);
    if (!asked) throw new AppError('CHAT_CLOSED', undefined, { chatId });
    // The CRM's routing applies to a handed-over chat as to one that went straight to the queue
    // (its queue was already chosen at the start): its attributes and priority, asked again now
    // because the answer is cached only briefly and the bot may have talked for minutes.
    const crm = await this.crmRouting(asked.visitorId);
    const before = this.open.get(chatId);
    if (!before) throw new AppError('CHAT_CLOSED', undefined, { chatId });
    const { chat } = chatReducer(before, { kind: 'bot_handover', info });
    this.open.set(chatId, chat);
    this.timers.stop(chatId);
    const saved = this.lanes.run(chatId, () => this.d.store.saveChat(chat));
    this.handingOver.add(chatId);
    try {
      this.d.routing.enqueue({
        chatId,
        queueId: chat.queueId,
        attributes: { ...crm?.attributes, chatId, page: chat.page, handover: info.reason },
        ...(crm?.priority !== undefined ? { priority: crm.priority } : {}),
      });
    } catch (err) {
      this.open.set(chatId, before);
      // The bot has the chat again: the visitor's silence is counted again (a supervisor's refused
      // hand-over says nothing that would re-arm it), so a visitor who leaves is still closed.
      this.timers.agentSpoke(chatId);
      await saved;
      await this.lanes.run(chatId, () => this.d.store.saveChat(before));
      throw err;
    } finally {
      this.handingOver.delete(chatId);
    }
    await saved;
    const current = this.open.get(chatId) ?? chat;
    if (current.state === 'waiting') this.publishWaiting(current);
    this.positions.changed(chat.queueId);
    await this.lanes.run(chatId, async () => undefined);
    return current;
  }

  /** The agent sends a knowledge-base article as a card (stored once per clientId, like a message). */
  async agentCard(agentId: string, chatId: string, clientId: string, card: ArticleCard): Promise<StoredMessage> {
    const chat = await this.agentsChat(agentId, chatId);
    if (chat.state === 'ended') return this.replayOrClosed(chat, 'agent', clientId);
    const stored = await this.append({ chatId, from: 'agent', agentId, clientId, text: card.title, card, at: this.d.clock.now() });
    this.timers.agentSpoke(chatId);
    return stored;
  }

  private publishWaiting(chat: ChatRecord): void {
    this.publish({
      type: 'chat.waiting',
      at: this.d.clock.now(),
      scope: { queueId: chat.queueId, everyone: true },
      chatId: chat.id,
      queueId: chat.queueId,
      visitorName: chat.visitorName,
      since: chat.createdAt,
      ...(chat.handover ? { handover: { reason: chat.handover.reason } } : {}),
    });
  }

  /** An upload from the visitor: checked by content, stored once per clientId, acknowledged after the commit. */
  async visitorUpload(visitorId: string, chatId: string, upload: ChatUpload): Promise<StoredMessage> {
    const chat = await this.ownChat(visitorId, chatId);
    if (chat.state === 'ended') return withAttachment(await this.replayOrClosed(chat, 'visitor', upload.clientId));
    const stored = withAttachment(await this.appendUpload({ chatId, from: 'visitor', clientId: upload.clientId, text: '', at: this.d.clock.now() }, upload, `visitor:${visitorId}`));
    if (chat.state === 'active') this.timers.visitorSpoke(chatId);
    return stored;
  }

  /** An attachment of this visitor's own chat (the same refusal for any other: nothing is learnt). */
  async visitorAttachment(visitorId: string, attachmentId: string): Promise<AttachmentRecord> {
    const a = await this.d.store.attachment(attachmentId);
    if (!a?.chatId) throw new AppError('ATTACHMENT_NOT_FOUND', undefined, { attachmentId });
    const chat = this.open.get(a.chatId) ?? (await this.d.store.chat(a.chatId));
    if (chat?.visitorId !== visitorId) throw new AppError('ATTACHMENT_NOT_FOUND', undefined, { attachmentId });
    return a;
  }

  /**
   * What a visitor may read of the knowledge base: an article sent to them as a card in one of
   * their own chats (by an agent or the bot). Anything else is KB_ARTICLE_NOT_FOUND, the same
   * answer as for no article at all. The caller shows only its published version.
   */
  async visitorMayRead(visitorId: string, articleId: string): Promise<{ openChatId: string | undefined }> {
    if (!(await this.d.store.articleSentTo(visitorId, articleId))) throw new AppError('KB_ARTICLE_NOT_FOUND', undefined, { articleId });
    return { openChatId: this.openChatOf(visitorId)?.id };
  }

  /** The draft (the visitor's box so far) goes to the chat's agent and invited colleagues only, and is not kept. */
  async visitorTyping(visitorId: string, chatId: string, draft?: string): Promise<void> {
    const chat = await this.ownChat(visitorId, chatId);
    if (chat.state === 'ended') throw new AppError('CHAT_CLOSED', undefined, { chatId });
    if (chat.agentId) this.publish({ type: 'chat.typing', at: this.d.clock.now(), scope: { agentId: chat.agentId, ...this.colleagueScope(chatId) }, chatId, agentId: chat.agentId, from: 'visitor', ...(draft !== undefined ? { draft } : {}) });
  }

  /**
   * The survey after a chat the agent ended as solved: stored once. A resend of the same answer
   * is answered the same; a different second answer is refused and the first stands.
   */
  async visitorSurvey(visitorId: string, chatId: string, score: number, comment: string): Promise<ChatSurvey> {
    const chat = await this.ownChat(visitorId, chatId);
    if (chat.state !== 'ended' || chat.outcome !== 'solved') throw new AppError('CHAT_SURVEY_NOT_OFFERED', undefined, { chatId, where: '/chatId' });
    const text = comment.trim();
    const stored = await this.d.store.saveSurvey({ chatId, score, comment: text, at: this.d.clock.now() });
    if (stored.score !== score || stored.comment !== text) throw new AppError('CHAT_SURVEY_ANSWERED', undefined, { chatId, where: '/score' });
    return stored;
  }

  /** A chat ended as solved whose survey is not answered yet: a widget catching up (a reload) is offered it again, never once answered. */
  private async surveyOpen(chat: ChatRecord): Promise<boolean> {
    return chat.state === 'ended' && chat.outcome === 'solved' && !(await this.d.store.surveyAnswered(chat.id));
  }

  async visitorEnd(visitorId: string, chatId: string): Promise<void> {
    await this.ownChat(visitorId, chatId);
    this.transition(chatId, { kind: 'end', reason: 'visitor_left', at: this.d.clock.now() });
    await this.lanes.run(chatId, async () => undefined);
  }

  /** The visitor's own chat (open or ended); CHAT_TOKEN_NOT_FOR_CHAT for any other, as everywhere. */
  async visitorChat(visitorId: string, chatId: string): Promise<ChatRecord> {
    return this.ownChat(visitorId, chatId);
  }

  /** A chat its owner or an invited colleague serves (CHAT_NOT_YOURS otherwise): remote assistance asks. */
  async servedBy(agentId: string, chatId: string): Promise<ChatRecord> {
    return this.agentsChat(agentId, chatId);
  }

  /** A system line on the chat's timeline carrying a screen share's note (both sides see it). */
  async assistNote(chatId: string, text: string, assist: AssistNote): Promise<StoredMessage> {
    return this.append({ chatId, from: 'system', text, assist, at: this.d.clock.now() });
  }

  /** A frame for every widget socket following the chat (a form sent in it: src/forms). */
  tellVisitor(chatId: string, frame: ServerFrame): void {
    this.emit(chatId, frame);
  }

  /** Follows a chat: every frame for its visitor (messages, queue place, assignment, typing, end). */
  watch(chatId: string, listener: Listener): () => void {
    let set = this.listeners.get(chatId);
    if (!set) this.listeners.set(chatId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(chatId);
    };
  }

  /** What a (re)connected widget needs to catch up: the messages after `afterSeq` and the current status frame. */
  async catchUp(chat: ChatRecord, afterSeq: number): Promise<ServerFrame[]> {
    const messages = await this.d.store.messagesAfter(chat.id, afterSeq, 10_000);
    const frames: ServerFrame[] = [];
    for (const m of messages) frames.push(visitorFrameOf(m, m.agentId ? await this.d.names.displayName(m.agentId) : undefined));
    const current = this.open.get(chat.id) ?? chat;
    if (current.state === 'bot') frames.push({ type: 'bot' });
    else if (current.state === 'waiting') frames.push(this.positions.current(current.id) ?? { type: 'queued', position: 1, estimatedWaitSec: null });
    else if (current.state === 'active' && current.agentId) frames.push({ type: 'assigned', agentName: await this.d.names.displayName(current.agentId) });
    else if (current.endReason) frames.push({ type: 'ended', reason: current.endReason, ...((await this.surveyOpen(current)) ? { survey: true as const } : {}) });
    return frames;
  }

  // ---- agent ------------------------------------------------------------------------------

  list(agentId: string | undefined, supervise: boolean): { active: ChatSummary[]; waiting: ChatSummary[] } {
    const queues = new Set(agentId ? this.d.routing.queuesOf(agentId) : []);
    const all = [...this.open.values()];
    const active = all.filter((c) => c.state === 'active' && (supervise || c.agentId === agentId || (agentId !== undefined && this.colleaguesOf(c.id).includes(agentId))));
    const waiting = all.filter((c) => c.state === 'waiting' && (supervise || queues.has(c.queueId))).sort((a, b) => a.createdAt - b.createdAt);
    return { active: active.map(summaryOf), waiting: waiting.map(summaryOf) };
  }

  /** The chats the bot has now, longest with it first (supervisors see them: chat-supervision.ts). */
  withBot(): ChatSummary[] {
    return [...this.open.values()].filter((c) => c.state === 'bot').sort((a, b) => a.createdAt - b.createdAt).map(summaryOf);
  }

  async messages(chatId: string, viewer: { agentId?: string; supervise: boolean }, after: number, limit: number): Promise<{ messages: StoredMessage[]; lastSeq: number }> {
    const chat = await this.chat(chatId);
    if (!this.reaches(chat, viewer)) throw new AppError('CHAT_NOT_YOURS', undefined, { chatId });
    const messages = await this.d.store.messagesAfter(chatId, after, limit);
    return { messages, lastSeq: (this.open.get(chatId) ?? chat).lastSeq };
  }

  /** A chat the viewer serves or supervises (open or ended): notes and tags have the reach of its messages. */
  async seenBy(chatId: string, viewer: { agentId?: string; supervise: boolean }): Promise<ChatSummary> {
    const chat = await this.chat(chatId);
    if (!this.reaches(chat, viewer)) throw new AppError('CHAT_NOT_YOURS', undefined, { chatId });
    return summaryOf(this.open.get(chatId) ?? chat);
  }

  /** The chat's visitor, for a ticket made from the chat: the same reach as reading its messages. */
  async visitorOf(chatId: string, viewer: { agentId?: string; supervise: boolean }): Promise<string> {
    const chat = await this.chat(chatId);
    if (!this.reaches(chat, viewer)) throw new AppError('CHAT_NOT_YOURS', undefined, { chatId });
    return chat.visitorId;
  }

  /** A chat still under way that the viewer serves (or supervises): tying it to a ticket needs one. */
  async liveChatOf(chatId: string, viewer: { agentId?: string; supervise: boolean }): Promise<ChatSummary> {
    const chat = await this.chat(chatId);
    if (!this.reaches(chat, viewer)) throw new AppError('CHAT_NOT_YOURS', undefined, { chatId });
    if (chat.state === 'ended') throw new AppError('CHAT_CLOSED', undefined, { chatId });
    return summaryOf(chat);
  }

  async agentMessage(agentId: string, chatId: string, clientId: string, text: string): Promise<StoredMessage> {
    const chat = await this.agentsChat(agentId, chatId);
    if (chat.state === 'ended') return this.replayOrClosed(chat, 'agent', clientId);
    const stored = await this.append({ chatId, from: 'agent', agentId, clientId, text, at: this.d.clock.now() });
    this.timers.agentSpoke(chatId);
    return stored;
  }

  async agentUpload(agentId: string, chatId: string, upload: ChatUpload): Promise<StoredMessage> {
    const chat = await this.agentsChat(agentId, chatId);
    if (chat.state === 'ended') return withAttachment(await this.replayOrClosed(chat, 'agent', upload.clientId));
    const stored = withAttachment(await this.appendUpload({ chatId, from: 'agent', agentId, clientId: upload.clientId, text: '', at: this.d.clock.now() }, upload, `agent:${agentId}`));
    this.timers.agentSpoke(chatId);
    return stored;
  }

  /** An attachment of a chat the viewer may read (the same reach as its messages). */
  async chatAttachment(chatId: string, attachmentId: string, viewer: { agentId?: string; supervise: boolean }): Promise<AttachmentRecord> {
    const chat = await this.chat(chatId);
    if (!this.reaches(chat, viewer)) throw new AppError('CHAT_NOT_YOURS', undefined, { chatId });
    const a = await this.d.store.attachment(attachmentId);
    if (a?.chatId !== chatId) throw new AppError('ATTACHMENT_NOT_FOUND', undefined, { attachmentId });
    return a;
  }

  async agentTyping(agentId: string, chatId: string): Promise<void> {
    const chat = await this.agentsChat(agentId, chatId);
    if (chat.state === 'ended') throw new AppError('CHAT_CLOSED', undefined, { chatId });
    this.emit(chatId, { type: 'typing', from: 'agent', agentName: await this.d.names.displayName(agentId) });
  }

  async agentEnd(agentId: string, chatId: string, outcome: ChatOutcome, reason: string | undefined): Promise<ChatSummary> {
    if (outcome === 'spam' && !reason?.trim()) throw validationError([{ where: '/reason', reason: 'a reason is required when the outcome is spam' }]);
    await this.agentsChat(agentId, chatId, true);
    const ended = this.transition(chatId, { kind: 'end', reason: 'agent_ended', at: this.d.clock.now(), outcome, ...(reason ? { outcomeReason: reason } : {}) });
    await this.lanes.run(chatId, async () => undefined);
    return summaryOf(ended);
  }

  /** The agent takes a waiting chat from the list. */
  async pick(agentId: string, chatId: string): Promise<ChatSummary> {
    const chat = this.open.get(chatId);
    if (!chat) throw (await this.d.store.chat(chatId)) ? new AppError('CHAT_NOT_WAITING', undefined, { chatId }) : new AppError('CHAT_NOT_FOUND', undefined, { chatId });
    if (chat.state !== 'waiting') throw new AppError('CHAT_NOT_WAITING', undefined, { chatId });
    this.d.routing.take(agentId, chatId);
    const now = this.open.get(chatId);
    if (now?.state !== 'active' || now.agentId !== agentId) throw new AppError('CHAT_NOT_WAITING', 'The chat went to someone else', { chatId });
    await this.lanes.run(chatId, async () => undefined);
    return summaryOf(now);
  }

  /**
   * Hands an active chat from `fromAgentId` to `toAgentId` (a take-over, src/chat/chat-supervision.ts):
   * the engine moves the contact and frees the old agent's slot, the record changes, then the row
   * is saved and chat.assigned tells the new agent, in the chat's lane. The visitor is not told:
   * the new agent's name comes with their messages. Checked and applied synchronously, so of two
   * take-overs racing for the same chat the first wins and the second is CHAT_ALREADY_TAKEN.
   */
  takeOver(chatId: string, fromAgentId: string, toAgentId: string): Promise<ChatSummary> {
    const chat = this.open.get(chatId);
    if (!chat) return this.chat(chatId).then((c) => Promise.reject(new AppError(c.state === 'ended' ? 'CHAT_CLOSED' : 'CHAT_NOT_FOUND', undefined, { chatId })));
    if (chat.state !== 'active') return Promise.reject(new AppError('CHAT_NOT_ACTIVE', undefined, { chatId }));
    if (chat.agentId === toAgentId) return Promise.reject(new AppError('CHAT_ALREADY_YOURS', undefined, { chatId }));
    if (chat.agentId !== fromAgentId) return Promise.reject(new AppError('CHAT_ALREADY_TAKEN', undefined, { chatId, agentId: chat.agentId }));
    try {
      const { chat: next } = chatReducer(chat, { kind: 'take_over', agentId: toAgentId, at: this.d.clock.now() });
      this.d.routing.handOver(chatId, toAgentId);
      this.open.set(chatId, next);
      const at = this.d.clock.now();
      return this.lanes.run(chatId, async () => {
        await this.d.store.saveChat(next);
        this.publish({ type: 'chat.assigned', at, scope: { agentId: toAgentId, queueId: next.queueId }, chatId, agentId: toAgentId, queueId: next.queueId, visitorName: next.visitorName, picked: true });
        return summaryOf(next);
      });
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  // ---- routing engine ---------------------------------------------------------------------

  /** The engine offers a chat: connected at once. false when the chat cannot take it (the offer is declined). */
  offered(offer: { offerId: string; chatId: string; agentId: string }): boolean {
    const chat = this.open.get(offer.chatId);
    if (chat?.state !== 'waiting') return false;
    this.d.routing.accept(offer.offerId);
    this.transition(offer.chatId, { kind: 'assign', agentId: offer.agentId, at: this.d.clock.now() }, { picked: false });
    return true;
  }

  /** The engine let the chat go without an agent (closed, max wait, queue removed). */
  exited(chatId: string): void {
    if (this.open.get(chatId)?.state !== 'waiting' || this.handingOver.has(chatId)) return;
    this.transition(chatId, { kind: 'end', reason: 'no_agent', at: this.d.clock.now() }, { skipEffects: true });
  }

  // ---- transfers (chat-transfer-service.ts decides; this applies) --------------------------

  /**
   * Moves an active chat to another agent (hand_over) or back into a queue (requeue) in one step
   * with `engine`, which moves the routing engine's contact: a refusal from it changes nothing.
   * The visitor stays connected: a new agent is announced as `assigned`, a queue as `queued`.
   */
  move(chatId: string, event: Extract<ChatEvent, { kind: 'hand_over' | 'requeue' }>, engine: () => void, forcedBy?: string): ChatRecord {
    const before = this.open.get(chatId);
    if (!before) throw new AppError('CHAT_CLOSED', undefined, { chatId });
    const { chat } = chatReducer(before, event);
    let moved = false;
    // Queued before the engine runs: a requeued chat that the engine routes at once is assigned
    // inside engine(), and that assignment must be stored and told after this move, not before.
    const told = this.lanes.run(chatId, async () => {
      if (moved) await this.tellMove(before, chat, forcedBy);
    });
    this.d.background.run('chat.move', told, { chatId, event: event.kind });
    this.open.set(chatId, chat);
    try {
      engine();
      moved = true;
    } catch (err) {
      if (this.open.get(chatId) === chat) this.open.set(chatId, before);
      throw err;
    }
    if (event.kind === 'requeue') {
      this.positions.forget(chatId);
      this.positions.changed(event.queueId);
    }
    return this.open.get(chatId) ?? chat;
  }

  private async tellMove(before: ChatRecord, chat: ChatRecord, forcedBy: string | undefined): Promise<void> {
    await this.d.store.saveChat(chat);
    const at = this.d.clock.now();
    const from = before.agentId as string;
    const base = { type: 'chat.transferred' as const, at, chatId: chat.id, queueId: chat.queueId, visitorName: chat.visitorName, fromAgentId: from, ...(forcedBy ? { forcedBy } : {}) };
    if (chat.agentId) {
      this.emit(chat.id, { type: 'assigned', agentName: await this.d.names.displayName(chat.agentId) });
      this.publish({ ...base, scope: { agentIds: [from, chat.agentId], queueId: chat.queueId }, toAgentId: chat.agentId });
      return;
    }
    this.timers.stop(chat.id);
    this.publish({ ...base, scope: { agentId: from, queueId: chat.queueId }, toQueueId: chat.queueId });
    const now = this.open.get(chat.id);
    if (now?.state === 'waiting') this.publish({ type: 'chat.waiting', at, scope: { queueId: chat.queueId, everyone: true }, chatId: chat.id, queueId: chat.queueId, visitorName: chat.visitorName, since: chat.createdAt });
  }

  // ---- internals --------------------------------------------------------------------------

  /** Applies one event: memory and engine now; the row, the visitor and the agent in the lane. */
  private transition(chatId: string, event: Exclude<ChatEvent, { kind: 'take_over' }>, opts: { skipEffects?: boolean; picked?: boolean } = {}): ChatRecord {
    const before = this.open.get(chatId);
    if (!before) throw new AppError('CHAT_CLOSED', undefined, { chatId });
    if (event.kind === 'bot_handover') throw new AppError('INVALID_TRANSITION', 'A bot hand-over goes through handOver', { chatId });
    const { chat, effects } = chatReducer(before, event);
    if (chat.state === 'ended') this.open.delete(chatId);
    else this.open.set(chatId, chat);
    if (before.state === 'bot' && chat.state === 'ended') this.frontDoor?.ended(chatId);
    if (!opts.skipEffects) {
      for (const e of effects) {
        if (e.kind === 'leave_queue') this.d.routing.abandon(chatId);
        else if (e.kind === 'release_agent') this.d.routing.ended(chatId);
      }
    }
    const at = this.d.clock.now();
    this.d.background.run(
      'chat.transition',
      this.lanes.run(chatId, async () => {
        await this.d.store.saveChat(chat);
        if (event.kind === 'assign') {
          this.timers.visitorSpoke(chatId);
          this.emit(chatId, { type: 'assigned', agentName: await this.d.names.displayName(event.agentId) });
          this.publish({ type: 'chat.assigned', at, scope: { agentId: event.agentId, queueId: chat.queueId }, chatId, agentId: event.agentId, queueId: chat.queueId, visitorName: chat.visitorName, picked: opts.picked ?? true });
        } else if (event.kind === 'end') {
          this.timers.stop(chatId);
          this.emit(chatId, { type: 'ended', reason: event.reason, ...(event.outcome === 'solved' ? { survey: true as const } : {}) });
          this.publish({
            type: 'chat.ended',
            at,
            scope: { queueId: chat.queueId, ...(chat.agentId ? { agentId: chat.agentId } : {}), ...this.colleagueScope(chatId) },
            chatId,
            queueId: chat.queueId,
            startedAt: chat.createdAt,
            ...(chat.assignedAt !== null ? { answeredAt: chat.assignedAt } : {}),
            ...(chat.agentId ? { agentId: chat.agentId } : {}),
            reason: event.reason,
            ...(event.outcome ? { outcome: event.outcome } : {}),
          });
        }
      }),
      { chatId, event: event.kind },
    );
    if (before.state === 'waiting') this.positions.changed(before.queueId);
    return chat;
  }

  /** Like append, and says whether the store already held the message (a resend). */
  private appendOnce(message: NewMessage): Promise<{ message: StoredMessage; duplicate: boolean }> {
    let duplicate = true;
    return this.append(message, undefined, () => (duplicate = false)).then((m) => ({ message: m, duplicate }));
  }

  /**
   * Checks the bytes, stages the file, and stores the message with its attachment row; the file
   * is moved to its random stored name inside that transaction. Whatever fails (a refusal, the
   * insert, the move) or a resend that was already stored leaves no file behind.
   */
  private async appendUpload(base: NewMessage, upload: ChatUpload, uploadedBy: string): Promise<StoredMessage> {
    const checked = await checkUpload(upload, this.d.attachmentLimits).catch((err: unknown) => {
      if (err instanceof AppError) throw new AppError(err.code, err.message, { ...(err.details as object), clientId: upload.clientId });
      throw err;
    });
    const staged = await this.d.files.stage(upload.bytes);
    const record: AttachmentRecord = { id: this.d.newId(), ...checked, storedName: this.d.files.newName(), chatId: base.chatId, ticketId: null, replyId: null, uploadedBy, createdAt: base.at };
    try {
      const stored = await this.append({ ...base, attachment: record }, () => this.d.files.place(staged, record.storedName));
      if (stored.attachment?.id !== record.id) await this.d.files.discard(staged);
      return stored;
    } catch (err) {
      await this.d.files.discard(staged);
      await this.d.files.discard(record.storedName);
      throw err;
    }
  }

  /** Numbers, stores (or finds the earlier copy of) a message; then tells both sides, once. */
  private append(message: NewMessage, beforeCommit?: () => Promise<void>, onNew?: () => void): Promise<StoredMessage> {
    return this.lanes.run(message.chatId, async () => {
      const { message: stored, duplicate } = await this.d.store.appendMessage(message, beforeCommit ? { beforeCommit } : {});
      if (duplicate) return stored;
      onNew?.();
      const chat = this.open.get(stored.chatId);
      if (chat && stored.seq > chat.lastSeq) this.open.set(chat.id, { ...chat, lastSeq: stored.seq });
      const agentId = chat?.agentId ?? undefined;
      const frame = visitorFrameOf(stored, stored.agentId ? await this.d.names.displayName(stored.agentId) : undefined);
      // A colleague's line names them on it; the visitor is still chatting with the owner.
      const byColleague = stored.from === 'agent' && stored.agentId !== undefined && agentId !== undefined && stored.agentId !== agentId;
      this.emit(stored.chatId, byColleague ? { ...frame, colleague: true } : frame);
      this.publish({
        type: 'chat.message',
        at: stored.at,
        scope: { ...(agentId ? { agentId } : {}), ...(chat ? { queueId: chat.queueId } : {}), ...this.colleagueScope(stored.chatId) },
        chatId: stored.chatId,
        ...(agentId ? { agentId } : {}),
        ...(stored.agentId ? { authorAgentId: stored.agentId } : {}),
        seq: stored.seq,
        from: stored.from,
        text: stored.text,
        ...(stored.clientId ? { clientId: stored.clientId } : {}),
        ...(stored.attachment ? { attachment: stored.attachment } : {}),
        ...(stored.card ? { card: stored.card } : {}),
        ...(stored.botSay ? { botSay: stored.botSay } : {}),
        ...(stored.assist ? { assist: stored.assist } : {}),
      });
      return stored;
    });
  }

  /** A resend to an ended chat of a message stored before it ended gets its ack again; anything new is refused. */
  private async replayOrClosed(chat: ChatRecord, from: 'visitor' | 'agent', clientId: string): Promise<StoredMessage> {
    const earlier = (await this.d.store.messagesAfter(chat.id, 0, 10_000)).find((m) => m.from === from && m.clientId === clientId);
    if (earlier) return earlier;
    throw new AppError('CHAT_CLOSED', undefined, { chatId: chat.id, clientId });
  }

  private agentSilent(chatId: string, silentMs: number): void {
    const chat = this.open.get(chatId);
    if (chat?.state !== 'active' || !chat.agentId) return;
    this.publish({ type: 'chat.agent_silent', at: this.d.clock.now(), scope: { agentId: chat.agentId, queueId: chat.queueId }, chatId, agentId: chat.agentId, silentMs });
  }

  private emit(chatId: string, frame: ServerFrame): void {
    for (const l of [...(this.listeners.get(chatId) ?? [])]) l(frame);
  }

  private publish(event: DomainEvent): void {
    this.d.bus.publish(event);
  }

  /** An open chat's channel (undefined: not open here). */
  openChannelOf(chatId: string): ChatChannel | undefined {
    return this.open.get(chatId)?.channel;
  }

  /** The visitor's waiting or active chat, if any (the visitors list shows who is chatting). */
  openChatOfVisitor(visitorId: string): ChatRecord | undefined {
    return this.openChatOf(visitorId);
  }

  private openChatOf(visitorId: string): ChatRecord | undefined {
    return this.open.ofVisitor(visitorId);
  }

  private async chat(chatId: string): Promise<ChatRecord> {
    const chat = this.open.get(chatId) ?? (await this.d.store.chat(chatId));
    if (!chat) throw new AppError('CHAT_NOT_FOUND', undefined, { chatId });
    return chat;
  }

  /** The same answer for another visitor's chat and for no chat at all: a token learns nothing of other chats. */
  private async ownChat(visitorId: string, chatId: string): Promise<ChatRecord> {
    const chat = this.open.get(chatId) ?? (await this.d.store.chat(chatId));
    if (chat?.visitorId !== visitorId) throw new AppError('CHAT_TOKEN_NOT_FOR_CHAT', undefined, { where: '/chatId' });
    return chat;
  }

  /** The owner's chat; an invited colleague's too unless `ownerOnly` (ending: CHAT_NOT_OWNER). */
  private async agentsChat(agentId: string, chatId: string, ownerOnly = false): Promise<ChatRecord> {
    const chat = await this.chat(chatId);
    if (chat.agentId === agentId) return chat;
    const colleague = this.colleaguesOf(chatId).includes(agentId);
    if (colleague && !ownerOnly) return chat;
    throw new AppError(colleague ? 'CHAT_NOT_OWNER' : 'CHAT_NOT_YOURS', undefined, { chatId });
  }

  /** The owner, an invited colleague, or anyone with chat.supervise. */
  private reaches(chat: ChatRecord, viewer: { agentId?: string; supervise: boolean }): boolean {
    if (viewer.supervise || viewer.agentId === undefined) return viewer.supervise;
    return chat.agentId === viewer.agentId || this.colleaguesOf(chat.id).includes(viewer.agentId);
  }

  /** The colleagues invited into the chat (multi-party): they read it like its owner. */
  colleaguesOf(chatId: string): readonly string[] {
    return this.d.colleagues?.of(chatId) ?? [];
  }

  /** Invited colleagues hear what the owner hears (chat.message, typing, ended). */
  private colleagueScope(chatId: string): { agentIds?: string[] } {
    const ids = this.colleaguesOf(chatId);
    return ids.length > 0 ? { agentIds: [...ids] } : {};
  }
}

/** An upload's clientId that a text message already holds is refused: the two are not the same message. */
function withAttachment(m: StoredMessage): StoredMessage & { attachment: NonNullable<StoredMessage['attachment']> } {
  if (!m.attachment) throw validationError([{ where: '/clientId', reason: 'already used by a text message' }]);
  return m as StoredMessage & { attachment: NonNullable<StoredMessage['attachment']> };
}
