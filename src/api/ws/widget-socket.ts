/**
 * /api/widget/ws: the visitor widget's socket (protocol: src/chat/protocol.ts, docs/chat-protocol.md).
 * Deliberately public: a visitor has no account. Its only credential is the visitor token, which
 * covers that visitor's own chats and nothing else; the socket reaches the chat service only.
 *
 * Limits: new sockets per address per minute (@fastify/rate-limit on the upgrade request), frames
 * per visitor and per address per minute (FrameBudget), frame bytes and text length
 * (widget-frames.ts). A refused frame gets an error frame and changes nothing.
 *
 * Frames of one socket are handled one at a time, in order. Catch-up after (re)connecting: the
 * socket follows the chat first and holds what arrives while the missed messages are read, then
 * sends the missed ones and the held ones with a higher seq: nothing lost, nothing twice.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { ChatService } from '../../chat/chat-service.js';
import type { ChatRecord } from '../../chat/chat-state.js';
import {
  CHAT_LIMITS,
  type ErrorFrame,
  type LeaveMessageFrame,
  type LeaveMessageReason,
  type OfferedTemplate,
  type ServerFrame,
  type VisitorFrame,
  type VisitorTicket,
  type WidgetChannel,
} from '../../chat/protocol.js';
import type { Clock, TimerHandle } from '../../core/clock.js';
import { AppError, isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { FrameBudget } from './frame-budget.js';
import { parseVisitorFrame } from './widget-frames.js';

export interface WidgetSocketDeps {
  chat: ChatService;
  /** The visitor's own tickets with their public replies only (TicketService.forVisitor). */
  visitorTickets: (visitorId: string) => Promise<VisitorTicket[]>;
  /** Leave-a-message (LeaveMessageService): the channel's templates, and a message made a ticket once per client id. */
  leaveMessage: {
    offered(channel: WidgetChannel): Promise<OfferedTemplate[]>;
    submit(visitorId: string, channel: WidgetChannel, input: { clientId: string; templateId: string; fields: Record<string, string> }): Promise<{ ticketId: string }>;
  };
  /** Whether any agent logged in to the queue has chat capacity (else the widget is offered to leave a message). */
  chatStaffed: (queueId: string) => boolean;
  clock: Clock;
  logger: Logger;
  framesPerMinute: number;
  connectionsPerMinute: number;
  /** Default 30 s. */
  heartbeatMs?: number;
}

/** Several visitors may share an address (an office behind one NAT): its budget is larger. */
const NOBODY_SERVES = new Set(['QUEUE_CLOSED', 'QUEUE_FULL', 'QUEUE_DISABLED', 'CHAT_NO_QUEUE']);

/** Frames whose refusal names the client id, so the widget marks that one failed. */
function clientIdOf(frame: VisitorFrame): { clientId?: string } {
  return frame.type === 'message' || frame.type === 'leave_message' ? { clientId: frame.clientId } : {};
}

const ADDRESS_SHARE = 5;

export async function registerWidgetSocket(app: FastifyInstance, deps: WidgetSocketDeps): Promise<void> {
  const visitors = new FrameBudget(deps.clock, deps.framesPerMinute);
  const addresses = new FrameBudget(deps.clock, deps.framesPerMinute * ADDRESS_SHARE);
  const heartbeatMs = deps.heartbeatMs ?? 30_000;

  app.get(
    '/api/widget/ws',
    {
      websocket: true,
      // Public on purpose: the visitor widget on customers' sites; the visitor token is checked per frame.
      config: { access: 'public', rateLimit: { max: deps.connectionsPerMinute, timeWindow: 60_000 } },
      schema: { summary: 'The visitor chat widget socket (docs/chat-protocol.md); public, the visitor token is the credential', tags: ['chat'] },
    },
    (socket: WebSocket, request: FastifyRequest) => {
      new WidgetConnection(socket, request.ip, deps, visitors, addresses, heartbeatMs).open();
    },
  );
}

class WidgetConnection {
  private visitorId: string | undefined;
  private channel: WidgetChannel = 'web';
  private chatId: string | undefined;
  private unwatch: (() => void) | undefined;
  /** The highest message seq this socket has sent. */
  private sentSeq = 0;
  private lastStatus: string | undefined;
  /** Frames that arrived while the missed messages were read. */
  private held: ServerFrame[] | undefined;
  private work: Promise<void> = Promise.resolve();
  private alive = true;
  private timer: TimerHandle | undefined;
  private readonly log: Logger;

  constructor(
    private readonly socket: WebSocket,
    private readonly address: string,
    private readonly deps: WidgetSocketDeps,
    private readonly visitors: FrameBudget,
    private readonly addresses: FrameBudget,
    private readonly heartbeatMs: number,
  ) {
    this.log = deps.logger.child({ socket: 'widget' });
  }

  open(): void {
    this.timer = this.deps.clock.setTimeout(() => this.heartbeat(), this.heartbeatMs);
    this.socket.on('pong', () => (this.alive = true));
    this.socket.on('message', (data, isBinary) => {
      const frame: VisitorFrame | ErrorFrame = isBinary ? { type: 'error', code: 'VALIDATION_FAILED', message: 'Binary frames are not accepted' } : parseVisitorFrame(data as Buffer);
      if (!this.addresses.take([this.address]) || (this.visitorId && !this.visitors.take([this.visitorId]))) {
        this.send({ type: 'error', code: 'RATE_LIMITED', message: 'Too many messages; slow down', ...(frame.type === 'error' ? {} : clientIdOf(frame)) });
        return;
      }
      if (frame.type === 'error') return this.send(frame);
      this.work = this.work.then(() => this.handle(frame));
    });
    this.socket.on('close', () => {
      this.unwatch?.();
      this.deps.clock.clearTimeout(this.timer);
    });
  }

  private heartbeat(): void {
    if (!this.alive) {
      this.socket.terminate();
      return;
    }
    this.alive = false;
    this.socket.ping();
    this.timer = this.deps.clock.setTimeout(() => this.heartbeat(), this.heartbeatMs);
  }

  private async handle(frame: VisitorFrame): Promise<void> {
    try {
      await this.dispatch(frame);
    } catch (err) {
      const clientId = clientIdOf(frame);
      if (isAppError(err)) {
        this.sendError(err, clientId);
      } else {
        this.log.error({ err, frame: frame.type, chatId: this.chatId }, 'widget frame failed');
        this.send({ type: 'error', code: 'INTERNAL', message: 'Internal error', ...clientId });
      }
    }
  }

  private sendError(err: AppError, clientId: { clientId?: string }): void {
    const details = err.details as { where?: unknown; problems?: { where?: unknown }[] } | undefined;
    const where = details?.where ?? details?.problems?.[0]?.where;
    this.send({ type: 'error', code: err.code, message: err.message, ...(typeof where === 'string' ? { where } : {}), ...clientId });
  }

  private async dispatch(frame: VisitorFrame): Promise<void> {
    if (frame.type === 'hello') {
      if (frame.channel && this.visitorId === undefined) this.channel = frame.channel;
      return this.hello(frame.visitorToken, frame.chatId, frame.resume ?? 0);
    }
    const visitorId = this.visitorId;
    if (visitorId === undefined) throw new AppError('CHAT_HELLO_REQUIRED');
    if (frame.type === 'start') return this.start(visitorId, frame);
    if (frame.type === 'ack') return;
    if (frame.type === 'tickets') {
      this.send({ type: 'tickets', tickets: await this.deps.visitorTickets(visitorId) });
      return;
    }
    if (frame.type === 'leave_message_options') return this.offer('asked');
    if (frame.type === 'leave_message') return this.leaveMessage(visitorId, frame);
    if (frame.type === 'survey') {
      // Names its chat: the widget answers after the chat ended, on a socket that follows none.
      await this.deps.chat.visitorSurvey(visitorId, frame.chatId, frame.score, frame.comment ?? '');
      this.send({ type: 'survey_saved', chatId: frame.chatId });
      return;
    }
    const chatId = this.requireChat();
    if (frame.type === 'message') {
      const stored = await this.deps.chat.visitorMessage(visitorId, chatId, frame.clientId, frame.text);
      this.send({ type: 'ack', clientId: frame.clientId, seq: stored.seq, at: stored.at });
    } else if (frame.type === 'typing') {
      await this.deps.chat.visitorTyping(visitorId, chatId);
    } else {
      await this.deps.chat.visitorEnd(visitorId, chatId);
    }
  }

  /**
   * Opens the chat. When nobody can serve it, the widget is also offered to leave a message: the
   * queue did not take it (closed out of hours, full, none configured: the refusal comes first),
   * or it waits in a queue where no logged-in agent has chat capacity (it keeps waiting too).
   */
  private async start(visitorId: string, frame: Extract<VisitorFrame, { type: 'start' }>): Promise<void> {
    let chat: ChatRecord;
    try {
      chat = await this.deps.chat.startChat(visitorId, { ...(frame.queue ? { queue: frame.queue } : {}), ...(frame.name ? { name: frame.name } : {}), ...(frame.page ? { page: frame.page } : {}) });
    } catch (err) {
      if (!isAppError(err) || !NOBODY_SERVES.has(err.code)) throw err;
      this.sendError(err, {});
      return this.offer('closed');
    }
    this.send({ type: 'started', chatId: chat.id });
    if (this.chatId !== chat.id) await this.follow(chat, 0);
    if (chat.state === 'waiting' && !this.deps.chatStaffed(chat.queueId)) await this.offer('no_agent');
  }

  private async offer(reason: LeaveMessageReason): Promise<void> {
    this.send({ type: 'leave_message_offer', reason, templates: await this.deps.leaveMessage.offered(this.channel) });
  }

  private async leaveMessage(visitorId: string, frame: LeaveMessageFrame): Promise<void> {
    const { ticketId } = await this.deps.leaveMessage.submit(visitorId, this.channel, { clientId: frame.clientId, templateId: frame.templateId, fields: frame.fields });
    this.send({ type: 'left_message', clientId: frame.clientId, ticketId });
  }

  private async hello(token: string | undefined, chatId: string | undefined, resume: number): Promise<void> {
    if (this.visitorId !== undefined) throw new AppError('VALIDATION_FAILED', 'hello was already sent on this socket', { where: '/type' });
    const found = await this.deps.chat.hello(token, chatId);
    this.visitorId = found.visitorId;
    const chat = found.chat;
    this.send({
      type: 'welcome',
      visitorToken: found.token,
      chatId: chat?.id ?? null,
      state: chat?.state ?? null,
      lastSeq: chat?.lastSeq ?? 0,
      limits: { maxTextLength: CHAT_LIMITS.maxTextLength, maxFrameBytes: CHAT_LIMITS.maxFrameBytes },
    });
    if (chat) await this.follow(chat, resume);
  }

  /** Follows the chat from `afterSeq` on: missed messages and its status, then live frames. */
  private async follow(chat: ChatRecord, afterSeq: number): Promise<void> {
    this.unwatch?.();
    this.chatId = chat.id;
    this.sentSeq = afterSeq;
    this.held = [];
    this.unwatch = this.deps.chat.watch(chat.id, (f) => (this.held ? this.held.push(f) : this.forward(f)));
    try {
      for (const f of await this.deps.chat.catchUp(chat, afterSeq)) this.forward(f);
    } finally {
      const held = this.held;
      this.held = undefined;
      for (const f of held) this.forward(f);
    }
  }

  private forward(frame: ServerFrame): void {
    if (frame.type === 'message') {
      if (frame.seq <= this.sentSeq) return;
      this.sentSeq = frame.seq;
    } else if (frame.type === 'queued' || frame.type === 'assigned' || frame.type === 'ended') {
      // The catch-up's status and the same change arriving live are one change for the visitor.
      const status = JSON.stringify(frame);
      if (status === this.lastStatus) return;
      this.lastStatus = status;
    }
    this.send(frame);
  }

  private requireChat(): string {
    if (this.chatId === undefined) throw new AppError('CHAT_NOT_STARTED');
    return this.chatId;
  }

  private send(frame: ServerFrame): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(frame));
  }
}
