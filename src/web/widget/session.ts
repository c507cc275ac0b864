/**
 * The visitor's side of the chat protocol (src/chat/protocol.ts, docs/chat-protocol.md) over the
 * public socket /api/widget/ws.
 *
 * The link, a small state machine:
 *
 *   offline ──start / saved chat──▶ connecting ──welcome──▶ open
 *                                      ▲                      │ close / error / no ack in time
 *                                      └──(back-off)── reconnecting ◀┘
 *   any ──ended──▶ offline (nothing left to deliver)
 *
 * No loss, no duplicate: every line the visitor writes gets a client id and stays in the outbox
 * (also in localStorage) until its ack; after every welcome the outbox is sent again in order and
 * the server acknowledges a resend without storing it twice. Server messages are numbered: a
 * reconnect says hello with the highest seq held, and the timeline drops any seq it already shows.
 */
import { backoffMs } from '../api/backoff.js';
import { uploadKindOf } from '../api/upload-kind.js';
import type { HelloFrame, LeaveMessageFrame, ServerFrame, UploadAck, UploadKind, VisitorFrame, WidgetChannel } from '../../chat/protocol.js';
import { EMPTY_TIMELINE, timelineReducer, unacked, type TimelineAction } from './timeline.js';
import { INITIAL_VIEW, type ChatPhase, type LinkState, type WidgetView } from './view.js';
import { VisitorStore, type Kept } from './visitor-store.js';

export interface SessionEnv {
  WebSocket: new (url: string) => WebSocket;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
  random(): number;
  now(): number;
  /** The page the visitor is on (sent with start). */
  page(): string;
  /** Uploads and attachment downloads (HTTP); absent: the browser's. */
  fetch?: typeof fetch;
}

export interface SessionOptions {
  origin: string;
  queue: string;
  /** Where the widget runs: chooses the leave-a-message templates offered (absent: web, the server's default). */
  channel?: WidgetChannel;
  storage: Storage | undefined;
  env?: SessionEnv;
}

/** A message not acknowledged within this time means the connection is dead even if no close came. */
const ACK_WITHIN_MS = 10_000;
const TYPING_EVERY_MS = 2500;
/** Refusals of `start` (docs/chat-protocol.md): the chat never opened. */
const START_REFUSALS = new Set(['QUEUE_CLOSED', 'QUEUE_FULL', 'QUEUE_DISABLED', 'CHAT_NO_QUEUE']);
/** The agent's typing mark fades when no new typing frame comes. */
const TYPING_SHOWN_MS = 5000;

const browserEnv = (): SessionEnv => ({
  WebSocket,
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (id) => window.clearTimeout(id),
  random: Math.random,
  now: Date.now,
  page: () => location.href.slice(0, 2000),
});

export class WidgetSession {
  private state: WidgetView = INITIAL_VIEW;
  private readonly listeners = new Set<(view: WidgetView) => void>();
  private readonly env: SessionEnv;
  private readonly store: VisitorStore;
  private kept: Kept;
  private socket: WebSocket | undefined;
  private welcomed = false;
  private wantChat = false;
  private startAsked = false;
  private attempt = 0;
  private retryTimer: number | undefined;
  private ackTimer: number | undefined;
  private typingTimer: number | undefined;
  private lastTypingSent = 0;
  private ackedUpTo = 0;
  private written = 0;
  /** Frames asked for before the socket was welcomed; a left message stays until its answer (resent after a reconnect). */
  private pending: VisitorFrame[] = [];
  private leaving: LeaveMessageFrame | undefined;

  constructor(private readonly options: SessionOptions) {
    this.env = options.env ?? browserEnv();
    this.store = new VisitorStore(options.storage, options.origin);
    this.kept = this.store.read();
  }

  view(): WidgetView {
    return this.state;
  }

  subscribe(listener: (view: WidgetView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A chat saved by an earlier page view continues: its unsent lines show as sending. */
  resume(): void {
    if (!this.kept.chatId) return;
    this.wantChat = true;
    let timeline = EMPTY_TIMELINE;
    for (const m of this.kept.outbox) timeline = timelineReducer(timeline, { type: 'written', clientId: m.clientId, text: m.text });
    this.update({ phase: 'waiting', timeline });
    this.connect();
  }

  start(): void {
    if (this.state.phase !== 'idle') return;
    this.wantChat = true;
    this.startAsked = true;
    this.update({ phase: 'waiting', error: undefined });
    if (this.welcomed) this.sendFrame({ type: 'start', ...this.startFields() });
    else if (!this.socket) this.connect();
  }

  send(text: string): void {
    if (this.state.phase !== 'waiting' && this.state.phase !== 'connected') return;
    const clientId = this.newClientId();
    this.kept = { ...this.kept, outbox: [...this.kept.outbox, { clientId, text }] };
    this.store.write(this.kept);
    this.apply({ type: 'written', clientId, text });
    if (this.canTalk()) this.transmit(clientId, text);
  }

  /**
   * Sends a file (docs/chat-protocol.md, "Uploads"): its line shows at once as sending; the server
   * reads the real type from the bytes, the kind chosen here from the browser's type is a hint.
   * A dropped request is sent again with the same client id (stored once); a refusal marks the
   * line failed and says why. Not kept across page loads (the bytes are not stored locally).
   */
  upload(file: Blob & { name?: string }): void {
    const { chatId, visitorToken } = this.kept;
    if ((this.state.phase !== 'waiting' && this.state.phase !== 'connected') || !chatId || !visitorToken) return;
    const clientId = this.newClientId();
    const name = file.name ?? '';
    this.apply({ type: 'written', clientId, text: name, uploading: true });
    void this.postUpload({ chatId, visitorToken, clientId, name, file, kind: uploadKindOf(file.type) }, 0);
  }

  /** An attachment's bytes (fetched with the visitor token: an <img> could not send it). */
  async attachment(id: string): Promise<Blob> {
    const res = await this.fetcher()(`${this.options.origin}/api/widget/attachments/${encodeURIComponent(id)}`, { headers: { 'x-visitor-token': this.kept.visitorToken ?? '' } });
    if (!res.ok) throw new Error(`attachment ${id}: HTTP ${res.status}`);
    return res.blob();
  }

  private fetcher(): typeof fetch {
    return this.env.fetch ?? ((input, init) => fetch(input, init));
  }

  private async postUpload(u: { chatId: string; visitorToken: string; clientId: string; name: string; file: Blob; kind: UploadKind }, attempt: number): Promise<void> {
    const query = new URLSearchParams({ clientId: u.clientId, kind: u.kind, name: u.name.slice(0, 1000) });
    let res: Response;
    try {
      res = await this.fetcher()(`${this.options.origin}/api/widget/chats/${encodeURIComponent(u.chatId)}/uploads?${query}`, {
        method: 'POST',
        headers: { 'x-visitor-token': u.visitorToken, 'content-type': 'application/octet-stream' },
        body: u.file,
      });
    } catch (err) {
      // No answer: the same client id again (the server stores it once), a few times.
      console.warn('switchboard chat: upload failed to reach the server', err);
      if (attempt < 3) this.env.setTimeout(() => void this.postUpload(u, attempt + 1), backoffMs(attempt, this.env.random));
      else this.apply({ type: 'failed', clientId: u.clientId });
      return;
    }
    const body = (await res.json().catch(() => ({}))) as Partial<UploadAck> & { code?: string; message?: string };
    if (res.ok && body.attachment && typeof body.seq === 'number') {
      this.apply({ type: 'acked', clientId: u.clientId, seq: body.seq, attachment: body.attachment });
      this.update({ error: undefined });
      return;
    }
    this.apply({ type: 'failed', clientId: u.clientId });
    this.update({ error: { code: body.code ?? 'INTERNAL', message: body.message ?? `HTTP ${res.status}` } });
  }

  typing(active: boolean): void {
    if (!active || !this.canTalk() || this.env.now() - this.lastTypingSent < TYPING_EVERY_MS) return;
    this.lastTypingSent = this.env.now();
    this.sendFrame({ type: 'typing' });
  }

  /** After an ended chat: back to the start button (the visitor token stays). */
  newChat(): void {
    if (this.state.phase !== 'ended') return;
    this.startAsked = false;
    this.ackedUpTo = 0;
    this.state = { ...INITIAL_VIEW, link: this.state.link };
    // (the survey goes with the ended chat)
    this.emit();
  }

  /** The visitor would rather leave a message (answered with the templates of the channel). */
  askLeaveMessage(): void {
    this.request({ type: 'leave_message_options' });
  }

  leaveMessage(templateId: string, fields: Record<string, string>): void {
    const leave = this.state.leave;
    if (!leave?.open || leave.sending) return;
    this.leaving = { type: 'leave_message', clientId: this.newClientId(), templateId, fields };
    this.update({ leave: { ...leave, sending: this.leaving.clientId }, error: undefined });
    this.request(this.leaving);
  }

  closeLeaveMessage(): void {
    if (this.state.leave?.sending) return;
    this.update({ leave: undefined, tickets: undefined, error: undefined });
  }

  showTickets(): void {
    this.request({ type: 'tickets' });
  }

  /** The visitor's answer to the survey of the chat that just ended (sent on a socket of its own if need be). */
  answerSurvey(score: number, comment: string): void {
    const survey = this.state.survey;
    if (!survey || survey.sending || survey.done) return;
    this.update({ survey: { ...survey, sending: true }, error: undefined });
    this.request({ type: 'survey', chatId: survey.chatId, score, ...(comment.trim() ? { comment: comment.trim() } : {}) });
  }

  /** Sends now when welcomed; otherwise opens the socket (no chat needed) and sends after welcome. */
  private request(frame: VisitorFrame): void {
    if (this.welcomed && this.socket?.readyState === 1) return this.sendFrame(frame);
    if (frame.type !== 'leave_message') this.pending.push(frame);
    if (!this.socket) this.connect();
  }

  private newClientId(): string {
    // Time, a counter of this page view and a random part: unique per visitor without any crypto API.
    return `w-${this.env.now().toString(36)}-${(this.written++).toString(36)}-${Math.floor(this.env.random() * 2 ** 40).toString(36)}`;
  }

  /** Reconnect now instead of after the back-off (the browser says it is online again). */
  nudge(): void {
    if (!this.wantChat || this.socket) return;
    this.env.clearTimeout(this.retryTimer ?? 0);
    this.connect();
  }

  private startFields(): { queue?: string; page: string } {
    return { ...(this.options.queue ? { queue: this.options.queue } : {}), page: this.env.page() };
  }

  private canTalk(): boolean {
    return this.welcomed && this.kept.chatId !== undefined && this.socket?.readyState === 1;
  }

  private connect(): void {
    this.env.clearTimeout(this.retryTimer ?? 0);
    this.update({ link: this.attempt === 0 ? 'connecting' : 'reconnecting' });
    const url = `${this.options.origin.replace(/^http/, 'ws')}/api/widget/ws`;
    let socket: WebSocket;
    try {
      socket = new this.env.WebSocket(url);
    } catch (err) {
      console.warn('switchboard chat: could not open the connection', err);
      this.retry();
      return;
    }
    this.socket = socket;
    this.welcomed = false;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      const hello: HelloFrame = {
        type: 'hello',
        ...(this.options.channel && this.options.channel !== 'web' ? { channel: this.options.channel } : {}),
        ...(this.kept.visitorToken ? { visitorToken: this.kept.visitorToken } : {}),
        ...(this.kept.chatId ? { chatId: this.kept.chatId, resume: this.state.timeline.lastSeq } : {}),
      };
      this.sendFrame(hello);
    };
    socket.onmessage = (m) => {
      if (socket !== this.socket) return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(m.data)) as ServerFrame;
      } catch (err) {
        console.warn('switchboard chat: a frame that is not JSON was ignored', err);
        return;
      }
      this.onFrame(frame);
    };
    // onerror is always followed by onclose, which decides.
    socket.onerror = () => {};
    socket.onclose = () => {
      if (socket !== this.socket) return;
      this.dropSocket();
      if (this.wantChat && this.state.phase !== 'ended') this.retry();
      else this.update({ link: 'offline' });
    };
  }

  private retry(): void {
    this.update({ link: 'reconnecting' });
    this.retryTimer = this.env.setTimeout(() => this.connect(), backoffMs(this.attempt++, this.env.random));
  }

  private dropSocket(): void {
    this.socket = undefined;
    this.welcomed = false;
    this.env.clearTimeout(this.ackTimer ?? 0);
    this.ackTimer = undefined;
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome':
        this.onWelcome(frame.visitorToken, frame.chatId, frame.state);
        break;
      case 'started':
        this.keep({ chatId: frame.chatId });
        this.flushOutbox();
        break;
      case 'ack':
        this.settled(frame.clientId);
        this.apply({ type: 'acked', clientId: frame.clientId, seq: frame.seq });
        this.armAckTimer();
        break;
      case 'message':
        // Our own line replayed with its seq is as good as its ack.
        if (frame.clientId) this.settled(frame.clientId);
        this.apply({
          type: 'received',
          seq: frame.seq,
          author: frame.from,
          text: frame.text,
          ...(frame.clientId ? { clientId: frame.clientId } : {}),
          ...(frame.agentName ? { name: frame.agentName } : {}),
          ...(frame.attachment ? { attachment: frame.attachment } : {}),
        });
        if (frame.from === 'agent') this.update({ agentTyping: false, ...(frame.agentName ? { agentName: frame.agentName } : {}) });
        this.ackReceived();
        break;
      case 'queued':
        this.update({ phase: 'waiting', position: frame.position, ...(frame.estimatedWaitSec === null ? { etaMinutes: undefined } : { etaMinutes: Math.max(1, Math.ceil(frame.estimatedWaitSec / 60)) }) });
        break;
      case 'assigned':
        // Someone serves now: an offer the visitor did not take up is withdrawn.
        this.update({ phase: 'connected', agentName: frame.agentName, ...(this.state.leave?.open ? {} : { leave: undefined }) });
        break;
      case 'typing':
        this.update({ agentTyping: true });
        this.env.clearTimeout(this.typingTimer ?? 0);
        this.typingTimer = this.env.setTimeout(() => this.update({ agentTyping: false }), TYPING_SHOWN_MS);
        break;
      case 'ended': {
        // The chat id is forgotten on ending: the survey keeps it.
        const chatId = this.kept.chatId;
        if (frame.survey && chatId) this.update({ survey: { chatId, sending: false, done: false } });
        this.onEnded();
        break;
      }
      case 'survey_saved':
        if (this.state.survey?.chatId === frame.chatId) this.update({ survey: { ...this.state.survey, sending: false, done: true } });
        break;
      case 'error':
        this.onError(frame.code, frame.message, frame.clientId);
        break;
      case 'leave_message_offer':
        // While the chat still waits (no_agent) the form is only offered: the visitor may keep writing.
        this.update({ leave: { reason: frame.reason, templates: frame.templates, open: frame.reason !== 'no_agent' } });
        break;
      case 'left_message':
        this.onLeft(frame.clientId, frame.ticketId);
        break;
      case 'tickets':
        this.update({ tickets: frame.tickets });
        break;
    }
  }

  private onLeft(clientId: string, ticketId: string): void {
    const leave = this.state.leave;
    if (!leave || leave.sending !== clientId) return;
    this.leaving = undefined;
    this.update({ leave: { ...leave, sending: undefined, ticketId } });
    this.sendFrame({ type: 'tickets' });
  }

  private onWelcome(visitorToken: string, chatId: string | null, state: 'waiting' | 'active' | 'ended' | null): void {
    this.welcomed = true;
    this.attempt = 0;
    this.keep({ visitorToken, ...(chatId ? { chatId } : {}) });
    this.update({ link: 'open', error: undefined });
    // A message left before a drop goes again with its client id: the server answers the same ticket.
    for (const f of [...this.pending.splice(0), ...(this.leaving ? [this.leaving] : [])]) this.sendFrame(f);
    if (state === 'ended') {
      this.onEnded();
      return;
    }
    if (state === null || chatId === null) {
      if (this.startAsked) this.sendFrame({ type: 'start', ...this.startFields() });
      // A socket opened after the end (the survey's answer, a left message) keeps the ended view.
      else if (this.state.phase !== 'ended') this.update({ phase: 'idle' });
      return;
    }
    const phase: ChatPhase = state === 'active' ? 'connected' : 'waiting';
    this.update({ phase });
    this.flushOutbox();
  }

  private onEnded(): void {
    this.wantChat = false;
    this.startAsked = false;
    // Lines never acknowledged cannot reach a closed chat: they stay on screen as not sent.
    for (const line of unacked(this.state.timeline)) if (line.clientId) this.apply({ type: 'failed', clientId: line.clientId });
    const { chatId: _closed, ...rest } = this.kept;
    this.kept = { ...rest, outbox: [] };
    this.store.write(this.kept);
    this.update({ phase: 'ended', agentTyping: false });
    const socket = this.socket;
    this.dropSocket();
    socket?.close(1000, 'chat ended');
    this.update({ link: 'offline' });
  }

  private onError(code: string, message: string, clientId: string | undefined): void {
    if (code === 'CHAT_TOKEN_INVALID' || code === 'CHAT_TOKEN_NOT_FOR_CHAT') {
      // The saved token is no good (expired, another site's): start over as a new visitor.
      this.kept = { outbox: [] };
      this.store.write(this.kept);
      this.update({ phase: this.startAsked ? 'waiting' : 'idle', timeline: EMPTY_TIMELINE });
      this.sendFrame({ type: 'hello' });
      return;
    }
    if (code.startsWith('CHAT_SURVEY_') && this.state.survey) {
      // Answered already (another tab) or no longer offered: the survey is over, with the reason.
      this.update({ survey: { ...this.state.survey, sending: false, done: code === 'CHAT_SURVEY_ANSWERED' }, error: { code, message } });
      return;
    }
    if (clientId && clientId === this.state.leave?.sending) {
      // The message was refused (a field): the form stays filled in to be corrected.
      this.leaving = undefined;
      this.update({ leave: { ...this.state.leave, sending: undefined }, error: { code, message } });
      return;
    }
    if (clientId) {
      this.settled(clientId);
      this.apply({ type: 'failed', clientId });
    }
    console.warn('switchboard chat: the server refused a frame', code, message);
    // A start no queue took (closed, full, none): back to the start button, saying why.
    if (this.kept.chatId === undefined && this.startAsked && START_REFUSALS.has(code)) {
      this.startAsked = false;
      this.wantChat = false;
      this.update({ phase: 'idle', error: { code, message } });
      return;
    }
    this.update({ error: { code, message } });
  }

  private flushOutbox(): void {
    if (!this.canTalk()) return;
    for (const m of this.kept.outbox) this.transmit(m.clientId, m.text);
  }

  private transmit(clientId: string, text: string): void {
    this.sendFrame({ type: 'message', clientId, kind: 'text', text });
    this.armAckTimer();
  }

  /** While a line waits for its ack the clock runs; silence for ACK_WITHIN_MS means a dead link. */
  private armAckTimer(): void {
    this.env.clearTimeout(this.ackTimer ?? 0);
    this.ackTimer = undefined;
    if (unacked(this.state.timeline).length === 0) return;
    const socket = this.socket;
    this.ackTimer = this.env.setTimeout(() => {
      if (socket !== this.socket || !socket) return;
      console.warn('switchboard chat: no acknowledgement in time, reconnecting');
      this.dropSocket();
      socket.close(4000, 'no ack');
      this.retry();
    }, ACK_WITHIN_MS);
  }

  /** Tells the server what the widget holds, so it need not replay it. */
  private ackReceived(): void {
    const upTo = this.state.timeline.lastSeq;
    if (upTo <= this.ackedUpTo) return;
    this.ackedUpTo = upTo;
    this.sendFrame({ type: 'ack', seq: upTo });
  }

  private sendFrame(frame: VisitorFrame): void {
    if (this.socket?.readyState === 1) this.socket.send(JSON.stringify(frame));
  }

  /** The server holds this line: it leaves the outbox. */
  private settled(clientId: string): void {
    if (!this.kept.outbox.some((m) => m.clientId === clientId)) return;
    this.kept = { ...this.kept, outbox: this.kept.outbox.filter((m) => m.clientId !== clientId) };
    this.store.write(this.kept);
  }

  private keep(patch: Partial<Kept>): void {
    this.kept = { ...this.kept, ...patch };
    this.store.write(this.kept);
  }

  private apply(action: TimelineAction): void {
    this.update({ timeline: timelineReducer(this.state.timeline, action) });
  }

  private update(patch: Partial<WidgetView> & { link?: LinkState }): void {
    this.state = { ...this.state, ...patch };
    this.emit();
  }

  private emit(): void {
    for (const l of [...this.listeners]) l(this.state);
  }
}
