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
import { AppError, validationError } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
import type { DomainEvent, EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';
import type { BackgroundTasks } from '../core/background-tasks.js';
import { ChatLanes } from './chat-lanes.js';
import { chatReducer, type ChatEvent, type ChatRecord } from './chat-state.js';
import { ChatTimers, type ChatTimerSettings } from './chat-timers.js';
import { summaryOf, visitorFrameOf, type ChatSummary } from './chat-views.js';
import type { AgentNames, ChatRouting, ChatStore, ChatSurvey, NewMessage, StoredMessage } from './ports.js';
import { CHAT_LIMITS, type ChatOutcome, type ServerFrame } from './protocol.js';
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
  private readonly open = new Map<string, ChatRecord>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly lanes = new ChatLanes();
  private readonly timers: ChatTimers;
  private readonly lastQueued = new Map<string, string>();

  constructor(private readonly d: ChatServiceDeps) {
    this.timers = new ChatTimers(d.clock, d.timers, {
      onAgentSilent: (chatId, silentMs) => this.agentSilent(chatId, silentMs),
      onVisitorReminder: (chatId) => this.d.background.run('chat.reminder', () => this.append({ chatId, from: 'system', text: d.reminderText ?? REMINDER, at: this.d.clock.now() }), { chatId }),
      onVisitorGone: (chatId) => this.d.background.run('chat.visitor_gone', async () => this.transition(chatId, { kind: 'end', reason: 'visitor_inactive', at: this.d.clock.now() }), { chatId }),
    });
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
  async startChat(visitorId: string, input: { queue?: string; name?: string; page?: string }): Promise<ChatRecord> {
    const existing = this.openChatOf(visitorId);
    if (existing) return existing;
    const queueId = await this.d.routing.resolveQueue(input.queue);
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
    };
    await this.d.store.insertChat(chat);
    this.open.set(chat.id, chat);
    try {
      this.d.routing.enqueue({ chatId: chat.id, queueId, attributes: { chatId: chat.id, page: chat.page } });
    } catch (err) {
      // The queue did not take it (closed, full, disabled): the chat ends before it began.
      if (this.open.has(chat.id)) this.transition(chat.id, { kind: 'end', reason: 'no_agent', at: this.d.clock.now() }, { skipEffects: true });
      throw err;
    }
    const current = this.open.get(chat.id) ?? chat;
    if (current.state === 'waiting') this.publish({ type: 'chat.waiting', at: chat.createdAt, scope: { queueId, everyone: true }, chatId: chat.id, queueId, visitorName: chat.visitorName, since: chat.createdAt });
    this.refreshPositions(queueId);
    return current;
  }

  async visitorMessage(visitorId: string, chatId: string, clientId: string, text: string): Promise<StoredMessage> {
    if (text.length > CHAT_LIMITS.maxTextLength) throw new AppError('CHAT_MESSAGE_TOO_LARGE', `A message holds at most ${CHAT_LIMITS.maxTextLength} characters`, { where: '/text', clientId });
    const chat = await this.ownChat(visitorId, chatId);
    if (chat.state === 'ended') return this.replayOrClosed(chat, 'visitor', clientId);
    const stored = await this.append({ chatId, from: 'visitor', clientId, text, at: this.d.clock.now() });
    if (chat.state === 'active') this.timers.visitorSpoke(chatId);
    return stored;
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

  async visitorTyping(visitorId: string, chatId: string): Promise<void> {
    const chat = await this.ownChat(visitorId, chatId);
    if (chat.state === 'ended') throw new AppError('CHAT_CLOSED', undefined, { chatId });
    if (chat.agentId) this.publish({ type: 'chat.typing', at: this.d.clock.now(), scope: { agentId: chat.agentId }, chatId, agentId: chat.agentId, from: 'visitor' });
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

  async visitorEnd(visitorId: string, chatId: string): Promise<void> {
    await this.ownChat(visitorId, chatId);
    this.transition(chatId, { kind: 'end', reason: 'visitor_left', at: this.d.clock.now() });
    await this.lanes.run(chatId, async () => undefined);
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
    if (current.state === 'waiting') frames.push(this.queuedFrame(current.id) ?? { type: 'queued', position: 1, estimatedWaitSec: null });
    else if (current.state === 'active' && current.agentId) frames.push({ type: 'assigned', agentName: await this.d.names.displayName(current.agentId) });
    else if (current.endReason) frames.push({ type: 'ended', reason: current.endReason });
    return frames;
  }

  // ---- agent ------------------------------------------------------------------------------

  list(agentId: string | undefined, supervise: boolean): { active: ChatSummary[]; waiting: ChatSummary[] } {
    const queues = new Set(agentId ? this.d.routing.queuesOf(agentId) : []);
    const all = [...this.open.values()];
    const active = all.filter((c) => c.state === 'active' && (supervise || c.agentId === agentId));
    const waiting = all.filter((c) => c.state === 'waiting' && (supervise || queues.has(c.queueId))).sort((a, b) => a.createdAt - b.createdAt);
    return { active: active.map(summaryOf), waiting: waiting.map(summaryOf) };
  }

  async messages(chatId: string, viewer: { agentId?: string; supervise: boolean }, after: number, limit: number): Promise<{ messages: StoredMessage[]; lastSeq: number }> {
    const chat = await this.chat(chatId);
    if (!viewer.supervise && chat.agentId !== viewer.agentId) throw new AppError('CHAT_NOT_YOURS', undefined, { chatId });
    const messages = await this.d.store.messagesAfter(chatId, after, limit);
    return { messages, lastSeq: (this.open.get(chatId) ?? chat).lastSeq };
  }

  /** A chat the viewer serves or supervises (open or ended): notes and tags have the reach of its messages. */
  async seenBy(chatId: string, viewer: { agentId?: string; supervise: boolean }): Promise<ChatSummary> {
    const chat = await this.chat(chatId);
    if (!viewer.supervise && chat.agentId !== viewer.agentId) throw new AppError('CHAT_NOT_YOURS', undefined, { chatId });
    return summaryOf(this.open.get(chatId) ?? chat);
  }

  /** The chat's visitor, for a ticket made from the chat: the same reach as reading its messages. */
  async visitorOf(chatId: string, viewer: { agentId?: string; supervise: boolean }): Promise<string> {
    const chat = await this.chat(chatId);
    if (!viewer.supervise && chat.agentId !== viewer.agentId) throw new AppError('CHAT_NOT_YOURS', undefined, { chatId });
    return chat.visitorId;
  }

  /** A chat still under way that the viewer serves (or supervises): tying it to a ticket needs one. */
  async liveChatOf(chatId: string, viewer: { agentId?: string; supervise: boolean }): Promise<ChatSummary> {
    const chat = await this.chat(chatId);
    if (!viewer.supervise && chat.agentId !== viewer.agentId) throw new AppError('CHAT_NOT_YOURS', undefined, { chatId });
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
    if (!viewer.supervise && chat.agentId !== viewer.agentId) throw new AppError('CHAT_NOT_YOURS', undefined, { chatId });
    const a = await this.d.store.attachment(attachmentId);
    if (a?.chatId !== chatId) throw new AppError('ATTACHMENT_NOT_FOUND', undefined, { attachmentId });
    return a;
  }

  async agentTyping(agentId: string, chatId: string): Promise<void> {
    const chat = await this.agentsChat(agentId, chatId);
    if (chat.state === 'ended') throw new AppError('CHAT_CLOSED', undefined, { chatId });
    this.emit(chatId, { type: 'typing', from: 'agent' });
  }

  async agentEnd(agentId: string, chatId: string, outcome: ChatOutcome, reason: string | undefined): Promise<ChatSummary> {
    if (outcome === 'spam' && !reason?.trim()) throw validationError([{ where: '/reason', reason: 'a reason is required when the outcome is spam' }]);
    await this.agentsChat(agentId, chatId);
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
    if (this.open.get(chatId)?.state !== 'waiting') return;
    this.transition(chatId, { kind: 'end', reason: 'no_agent', at: this.d.clock.now() }, { skipEffects: true });
  }

  // ---- internals --------------------------------------------------------------------------

  /** Applies one event: memory and engine now; the row, the visitor and the agent in the lane. */
  private transition(chatId: string, event: ChatEvent, opts: { skipEffects?: boolean; picked?: boolean } = {}): ChatRecord {
    const before = this.open.get(chatId);
    if (!before) throw new AppError('CHAT_CLOSED', undefined, { chatId });
    const { chat, effects } = chatReducer(before, event);
    if (chat.state === 'ended') this.open.delete(chatId);
    else this.open.set(chatId, chat);
    if (!opts.skipEffects) {
      for (const e of effects) {
        if (e.kind === 'leave_queue') this.d.routing.abandon(chatId);
        else this.d.routing.ended(chatId);
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
        } else {
          this.timers.stop(chatId);
          this.emit(chatId, { type: 'ended', reason: event.reason, ...(event.outcome === 'solved' ? { survey: true as const } : {}) });
          this.publish({
            type: 'chat.ended',
            at,
            scope: { queueId: chat.queueId, ...(chat.agentId ? { agentId: chat.agentId } : {}) },
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
    if (before.state === 'waiting') this.refreshPositions(before.queueId);
    return chat;
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
  private append(message: NewMessage, beforeCommit?: () => Promise<void>): Promise<StoredMessage> {
    return this.lanes.run(message.chatId, async () => {
      const { message: stored, duplicate } = await this.d.store.appendMessage(message, beforeCommit ? { beforeCommit } : {});
      if (duplicate) return stored;
      const chat = this.open.get(stored.chatId);
      if (chat && stored.seq > chat.lastSeq) this.open.set(chat.id, { ...chat, lastSeq: stored.seq });
      const agentId = chat?.agentId ?? undefined;
      this.emit(stored.chatId, visitorFrameOf(stored, stored.agentId ? await this.d.names.displayName(stored.agentId) : undefined));
      this.publish({
        type: 'chat.message',
        at: stored.at,
        scope: { ...(agentId ? { agentId } : {}), ...(chat ? { queueId: chat.queueId } : {}) },
        chatId: stored.chatId,
        ...(agentId ? { agentId } : {}),
        seq: stored.seq,
        from: stored.from,
        text: stored.text,
        ...(stored.clientId ? { clientId: stored.clientId } : {}),
        ...(stored.attachment ? { attachment: stored.attachment } : {}),
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

  private refreshPositions(queueId: string): void {
    for (const c of this.open.values()) {
      if (c.state !== 'waiting' || c.queueId !== queueId) continue;
      const frame = this.queuedFrame(c.id);
      if (!frame) continue;
      const key = `${frame.position}:${frame.estimatedWaitSec}`;
      if (this.lastQueued.get(c.id) === key) continue;
      this.lastQueued.set(c.id, key);
      this.emit(c.id, frame);
    }
  }

  private queuedFrame(chatId: string): Extract<ServerFrame, { type: 'queued' }> | undefined {
    const place = this.d.routing.position(chatId);
    if (!place) return undefined;
    return { type: 'queued', position: place.position, estimatedWaitSec: place.estimatedWaitMs === null ? null : Math.ceil(place.estimatedWaitMs / 1000) };
  }

  private emit(chatId: string, frame: ServerFrame): void {
    for (const l of [...(this.listeners.get(chatId) ?? [])]) l(frame);
  }

  private publish(event: DomainEvent): void {
    this.d.bus.publish(event);
  }

  private openChatOf(visitorId: string): ChatRecord | undefined {
    for (const c of this.open.values()) if (c.visitorId === visitorId) return c;
    return undefined;
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

  private async agentsChat(agentId: string, chatId: string): Promise<ChatRecord> {
    const chat = await this.chat(chatId);
    if (chat.agentId !== agentId) throw new AppError('CHAT_NOT_YOURS', undefined, { chatId });
    return chat;
  }
}

/** An upload's clientId that a text message already holds is refused: the two are not the same message. */
function withAttachment(m: StoredMessage): StoredMessage & { attachment: NonNullable<StoredMessage['attachment']> } {
  if (!m.attachment) throw validationError([{ where: '/clientId', reason: 'already used by a text message' }]);
  return m as StoredMessage & { attachment: NonNullable<StoredMessage['attachment']> };
}
