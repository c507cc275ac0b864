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
import type { VisitService } from '../../chat/visit-service.js';
import type { InvitationService } from '../../chat/invitation-service.js';
import type { ShareService } from '../../chat/assist/share-service.js';
import {
  CHAT_LIMITS,
  type ErrorFrame,
  type FormAnswerFrame,
  type FormFrame,
  type PrechatAnswer,
  type PrechatFormFrame,
  type LeaveMessageFrame,
  type LeaveMessageReason,
  type OfferedTemplate,
  type ServerFrame,
  type VisitorFrame,
  type TicketUpdateFrame,
  type VisitorTicket,
  type WidgetChannel,
} from '../../chat/protocol.js';
import type { Clock, TimerHandle } from '../../core/clock.js';
import { AppError, isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { FrameBudget } from './frame-budget.js';
import { CLOSE_TOO_SLOW } from './messages.js';
import type { RefusalAudit } from '../refusal-audit.js';
import { parseVisitorFrame } from './widget-frames.js';
import { tickCork, underlyingStream, type TickCork } from './tick-cork.js';

export interface WidgetSocketDeps {
  chat: ChatService;
  /** Visits before any chat: pages viewed, device and region (the IP itself is not kept). */
  visits: VisitService;
  /** Proactive invitations: shown to every socket of the visitor; answered with invitation_answer. */
  invitations: InvitationService;
  /** The visitor's own tickets with their public replies only (TicketService.forVisitor). */
  visitorTickets: (visitorId: string) => Promise<VisitorTicket[]>;
  /** Their changes while the socket is open: public replies and new statuses only (TicketService.watchVisitor). */
  watchVisitorTickets?: (visitorId: string, listener: (change: Omit<TicketUpdateFrame, 'type'>) => void) => () => void;
  /** Leave-a-message (LeaveMessageService): the channel's templates, and a message made a ticket once per client id. */
  leaveMessage: {
    offered(channel: WidgetChannel): Promise<OfferedTemplate[]>;
    submit(visitorId: string, channel: WidgetChannel, input: { clientId: string; templateId: string; fields: Record<string, string> }): Promise<{ ticketId: string }>;
  };
  /** Forms and surveys in the chat, and the channel's pre-chat form (ChatFormService, src/forms). */
  forms?: WidgetForms;
  /** Screen shares (src/chat/assist/share-service.ts): the visitor's consent, signalling and end. */
  shares?: Pick<ShareService, 'visitorAnswer' | 'visitorSignal' | 'visitorEnd'>;
  /** Whether any agent logged in to the queue has chat capacity (else the widget is offered to leave a message). */
  chatStaffed: (queueId: string) => boolean;
  clock: Clock;
  logger: Logger;
  framesPerMinute: number;
  connectionsPerMinute: number;
  /** Default 30 s. */
  heartbeatMs?: number;
  /** A visitor socket with this much unsent data is closed with 1013 (default 1 MiB). */
  maxBufferedBytes?: number;
  /** Audits floods (`widget.connect_throttled`, `widget.frames_throttled`), once per address per minute. */
  refusals?: RefusalAudit;
}

export interface WidgetForms {
  prechatForm(channel: WidgetChannel): Promise<PrechatFormFrame | undefined>;
  /** FORM_PRECHAT_REQUIRED or the field's code; the result is stored with the chat once it started. */
  checkPrechat(channel: WidgetChannel, input: PrechatAnswer | undefined): Promise<{ name?: string } | undefined>;
  savePrechat(visitorId: string, chatId: string, checked: NonNullable<Awaited<ReturnType<WidgetForms['checkPrechat']>>>): Promise<void>;
  framesFor(chatId: string): Promise<FormFrame[]>;
  answer(visitorId: string, input: Omit<FormAnswerFrame, 'type'>): Promise<void>;
}

/** Several visitors may share an address (an office behind one NAT): its budget is larger. */
const NOBODY_SERVES = new Set(['QUEUE_CLOSED', 'QUEUE_FULL', 'QUEUE_DISABLED', 'CHAT_NO_QUEUE']);

/** Frames whose refusal names the client id, so the widget marks that one failed. */
function clientIdOf(frame: VisitorFrame): { clientId?: string } {
  if (frame.type === 'start' && frame.prechat) return { clientId: frame.prechat.clientId };
  return frame.type === 'message' || frame.type === 'leave_message' || frame.type === 'form_answer' ? { clientId: frame.clientId } : {};
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
      config: {
        access: 'public',
        rateLimit: {
          max: deps.connectionsPerMinute,
          timeWindow: 60_000,
          onExceeded: (request: FastifyRequest) => deps.refusals?.refused('widget.connect_throttled', request.ip),
        },
      },
      schema: { summary: 'The visitor chat widget socket (docs/chat-protocol.md); public, the visitor token is the credential', tags: ['chat'] },
    },
    (socket: WebSocket, request: FastifyRequest) => {
      // request.ip follows the app's trustProxy setting (X-Forwarded-For behind a proxy).
      const userAgent = typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : '';
      new WidgetConnection(socket, request.ip, userAgent, deps, visitors, addresses, heartbeatMs).open();
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
  /** This socket's part of the visitor's visit (after hello). */
  private visitSocket: string | undefined;
  private unwatchInvitations: (() => void) | undefined;
  private unwatchTickets: (() => void) | undefined;
  /** The page this socket showed last (an accepted invitation's chat starts on it). */
  private page = '';
  private readonly log: Logger;
  private readonly cork: TickCork;

  constructor(
    private readonly socket: WebSocket,
    private readonly address: string,
    private readonly userAgent: string,
    private readonly deps: WidgetSocketDeps,
    private readonly visitors: FrameBudget,
    private readonly addresses: FrameBudget,
    private readonly heartbeatMs: number,
  ) {
    this.log = deps.logger.child({ socket: 'widget' });
    this.cork = tickCork(underlyingStream(socket));
  }

  open(): void {
    this.timer = this.deps.clock.setTimeout(() => this.heartbeat(), this.heartbeatMs);
    this.socket.on('pong', () => (this.alive = true));
    this.socket.on('message', (data, isBinary) => {
      const frame: VisitorFrame | ErrorFrame = isBinary ? { type: 'error', code: 'VALIDATION_FAILED', message: 'Binary frames are not accepted' } : parseVisitorFrame(data as Buffer);
      if (!this.addresses.take([this.address]) || (this.visitorId && !this.visitors.take([this.visitorId]))) {
        this.deps.refusals?.refused('widget.frames_throttled', this.address, this.visitorId ? { visitorId: this.visitorId } : {});
        this.send({ type: 'error', code: 'RATE_LIMITED', message: 'Too many messages; slow down', ...(frame.type === 'error' ? {} : clientIdOf(frame)) });
        return;
      }
      if (frame.type === 'error') return this.send(frame);
      this.work = this.work.then(() => this.handle(frame));
    });
    this.socket.on('close', () => {
      this.unwatch?.();
      this.unwatchInvitations?.();
      this.unwatchTickets?.();
      this.deps.clock.clearTimeout(this.timer);
      // After the frames still queued: the page this socket showed is left then.
      this.work = this.work.then(() => this.leaveVisit());
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
    if (frame.type === 'invitation_answer') {
      if (!frame.accept) return this.deps.invitations.decline(visitorId, frame.invitationId);
      const chat = await this.deps.invitations.accept(visitorId, frame.invitationId, this.page);
      this.send({ type: 'started', chatId: chat.id });
      this.deps.visits.touch(visitorId);
      if (this.chatId !== chat.id) await this.follow(chat, 0);
      return;
    }
    if (frame.type === 'page_view') {
      this.page = frame.url;
      if (this.visitSocket !== undefined) await this.deps.visits.pageView(this.visitSocket, { url: frame.url, title: frame.title ?? '', referrer: frame.referrer ?? '' });
      return;
    }
    if (frame.type === 'tickets') {
      this.send({ type: 'tickets', tickets: await this.deps.visitorTickets(visitorId) });
      return;
    }
    if (frame.type === 'leave_message_options') return this.offer('asked');
    if (frame.type === 'leave_message') return this.leaveMessage(visitorId, frame);
    if (frame.type === 'form_answer') {
      // Names its form: the chat is the form's (it may have ended since it was sent).
      if (!this.deps.forms) throw new AppError('FORM_REQUEST_NOT_FOUND', undefined, { where: '/requestId' });
      await this.deps.forms.answer(visitorId, { clientId: frame.clientId, requestId: frame.requestId, answers: frame.answers });
      this.send({ type: 'form_saved', clientId: frame.clientId, requestId: frame.requestId });
      return;
    }
    if (frame.type === 'share_answer' || frame.type === 'share_signal' || frame.type === 'share_end') {
      // Names its share: the service checks it is one of this visitor's chats (ASSIST_WRONG_CHAT).
      const shares = this.deps.shares;
      if (!shares) throw new AppError('ASSIST_SHARE_NOT_FOUND', undefined, { where: '/shareId' });
      if (frame.type === 'share_answer') await shares.visitorAnswer(visitorId, frame.shareId, frame.accept);
      else if (frame.type === 'share_signal') shares.visitorSignal(visitorId, frame.shareId, frame.peer, frame.signal);
      else await shares.visitorEnd(visitorId, frame.shareId);
      return;
    }
    if (frame.type === 'survey') {
      // Names its chat: the widget answers after the chat ended, on a socket that follows none.
      await this.deps.chat.visitorSurvey(visitorId, frame.chatId, frame.score, frame.comment ?? '');
      this.send({ type: 'survey_saved', chatId: frame.chatId });
      return;
    }
    const chatId = this.requireChat();
    if (frame.type === 'message') {
      const stored = await this.deps.chat.visitorMessage(visitorId, chatId, frame.clientId, frame.text, frame.choice);
      this.send({ type: 'ack', clientId: frame.clientId, seq: stored.seq, at: stored.at });
    } else if (frame.type === 'typing') {
      await this.deps.chat.visitorTyping(visitorId, chatId, frame.draft);
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
    // The pre-chat answers are checked before anything starts: a refusal leaves no chat behind.
    const open = this.deps.chat.openChatOfVisitor(visitorId);
    const prechat = open ? undefined : await this.deps.forms?.checkPrechat(this.channel, frame.prechat);
    const name = prechat?.name ?? frame.name;
    try {
      chat = await this.deps.chat.startChat(visitorId, { channel: this.channel, ...(frame.queue ? { queue: frame.queue } : {}), ...(name ? { name } : {}), ...(frame.page ? { page: frame.page } : {}) });
    } catch (err) {
      if (!isAppError(err) || !NOBODY_SERVES.has(err.code)) throw err;
      this.sendError(err, {});
      return this.offer('closed');
    }
    if (prechat && this.deps.forms) {
      try {
        await this.deps.forms.savePrechat(visitorId, chat.id, prechat);
      } catch (err) {
        // The chat runs already; its answers are missing (checked, so a store failure): the agent asks again.
        this.log.error({ err, chatId: chat.id }, 'storing the pre-chat answers failed');
      }
    }
    this.send({ type: 'started', chatId: chat.id });
    this.deps.visits.touch(visitorId);
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
    // The channel's pre-chat form goes before the welcome: a visitor who pressed start before the
    // socket opened must see the form, and the widget decides that when the welcome arrives.
    if (chat?.state !== 'waiting' && chat?.state !== 'active') {
      const prechat = await this.deps.forms?.prechatForm(this.channel);
      if (prechat) this.send(prechat);
    }
    this.send({
      type: 'welcome',
      visitorToken: found.token,
      chatId: chat?.id ?? null,
      state: chat?.state ?? null,
      lastSeq: chat?.lastSeq ?? 0,
      limits: { maxTextLength: CHAT_LIMITS.maxTextLength, maxFrameBytes: CHAT_LIMITS.maxFrameBytes },
    });
    if (this.socket.readyState === this.socket.OPEN) {
      this.unwatchInvitations = this.deps.invitations.watch(found.visitorId, (f) => this.send(f));
      this.unwatchTickets = this.deps.watchVisitorTickets?.(found.visitorId, (change) => this.send({ type: 'ticket_update', ...change }));
    }
    this.visitSocket = await this.deps.visits.connect(found.visitorId, { known: token !== undefined, userAgent: this.userAgent, ip: this.address });
    if (chat) await this.follow(chat, resume);
  }

  private async leaveVisit(): Promise<void> {
    const id = this.visitSocket;
    if (id === undefined) return;
    this.visitSocket = undefined;
    try {
      await this.deps.visits.disconnect(id);
    } catch (err) {
      this.log.error({ err }, 'closing the visit of a widget socket failed');
    }
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
      for (const f of (await this.deps.forms?.framesFor(chat.id)) ?? []) this.forward(f);
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
    } else if (frame.type === 'queued' || frame.type === 'assigned' || frame.type === 'ended' || frame.type === 'bot') {
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

  /**
   * A visitor that stops reading (a frozen tab, a script that never reads) is closed with 1013
   * once its unsent data passes the bound, as on /api/ws, instead of holding memory for it.
   */
  private send(frame: ServerFrame): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > (this.deps.maxBufferedBytes ?? 1024 * 1024)) {
      this.log.warn({ buffered: this.socket.bufferedAmount, visitorId: this.visitorId }, 'widget socket too slow, closing');
      this.socket.close(CLOSE_TOO_SLOW, 'Too slow to keep up');
      return;
    }
    // The echo of a visitor's message and its ack (and whatever else this tick sends) in one write.
    this.cork();
    this.socket.send(JSON.stringify(frame));
  }
}
