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
import type { ServerShareFrame, VisitorShareFrame } from '../../chat/assist/assist-protocol.js';
import type { BotChoice, ChatStateName, HelloFrame, LeaveMessageFrame, PrechatAnswer, ServerFrame, UploadAck, UploadKind, VisitorFrame, WidgetChannel } from '../../chat/protocol.js';
import { DraftRelay } from './draft-relay.js';
import { formFrameReceived, formProblem, formRefused, formSaved, isFormRefusal } from './form-state.js';
import { ticketUpdated } from './ticket-updates.js';
import { EMPTY_TIMELINE, timelineReducer, unacked, type TimelineAction } from './timeline.js';
import { INITIAL_VIEW, type ChatPhase, type LinkState, type WidgetView } from './view.js';
import { VisitorStore, type Kept } from './visitor-store.js';

export interface SessionEnv {
  WebSocket: new (url: string) => WebSocket;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
  random(): number;
  now(): number;
  /** The page the visitor is on (sent with start and page_view). */
  page(): string;
  /** The page's title and where the visitor came from (page_view); absent: ''. */
  title?(): string;
  referrer?(): string;
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
  title: () => document.title.slice(0, 300),
  referrer: () => document.referrer.slice(0, 2000),
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
  private readonly drafts: DraftRelay;
  private ackedUpTo = 0;
  private written = 0;
  /** Frames asked for before the socket was welcomed; a left message stays until its answer (resent after a reconnect). */
  private pending: VisitorFrame[] = [];
  private leaving: LeaveMessageFrame | undefined;
  /** The socket stays open from page load on, so agents see the visitor before any chat. */
  private tracking = false;
  /** The chat that ended last (its survey names it). */
  private endedChat: string | undefined;
  /** The address of the last page_view sent (in-page navigation sends one per new address). */
  private shownPage: string | undefined;
  /** The pre-chat answers the start carries (until the chat started or they were refused). */
  private prechatAnswer: PrechatAnswer | undefined;
  /** Screen sharing (share-control.ts) hears its frames here. */
  private readonly shareListeners = new Set<(frame: ServerShareFrame) => void>();

  constructor(private readonly options: SessionOptions) {
    this.env = options.env ?? browserEnv();
    this.store = new VisitorStore(options.storage, options.origin);
    this.kept = this.store.read();
    this.drafts = new DraftRelay(this.env, (draft) => {
      if (this.canTalk()) this.sendFrame({ type: 'typing', draft });
    });
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

  /**
   * Page load: opens the socket now (hello with the stored token: a returning visitor is known)
   * and tells the server the page after every welcome, so agents see the visitor before any chat.
   */
  visit(): void {
    this.tracking = true;
    if (!this.socket) this.connect();
  }

  /** The visitor answers an invitation: accepting opens the chat with the inviting agent. */
  answerInvitation(accept: boolean): void {
    const inv = this.state.invitation;
    if (!inv) return;
    this.update({ invitation: undefined });
    if (accept) {
      if (this.state.phase !== 'idle' && this.state.phase !== 'ended') return;
      this.wantChat = true;
      this.state = { ...INITIAL_VIEW, link: this.state.link, ...(this.state.prechat ? { prechat: this.state.prechat } : {}) };
      this.update({ phase: 'waiting', error: undefined });
    }
    this.request({ type: 'invitation_answer', invitationId: inv.id, accept });
  }

  /** The host page navigated in place (SPA): the server is told the new page. */
  pageChanged(): void {
    if (!this.tracking || this.env.page() === this.shownPage) return;
    if (this.welcomed) this.sendPageView();
  }

  private sendPageView(): void {
    const url = this.env.page();
    // The referrer belongs to the page load; an in-page navigation has none of its own.
    const referrer = this.shownPage === undefined ? (this.env.referrer?.() ?? '') : '';
    this.shownPage = url;
    this.sendFrame({ type: 'page_view', url, title: this.env.title?.() ?? '', ...(referrer ? { referrer } : {}) });
  }

  start(): void {
    if (this.state.phase !== 'idle') return;
    // The channel asks a form first: it shows, and its answers go with the start.
    const prechat = this.state.prechat;
    if (prechat && !this.prechatAnswer) {
      this.update({ prechat: { ...prechat, open: true }, error: undefined });
      return;
    }
    this.wantChat = true;
    this.startAsked = true;
    this.update({ phase: 'waiting', error: undefined });
    if (this.welcomed) this.sendFrame({ type: 'start', ...this.startFields() });
    else if (!this.socket) this.connect();
  }

  /** A line the visitor writes; `choice`: a bot button (its label is the text the visitor sees sent). */
  send(text: string, choice?: BotChoice): void {
    if (this.state.phase !== 'waiting' && this.state.phase !== 'connected' && this.state.phase !== 'bot') return;
    const clientId = this.newClientId();
    this.kept = { ...this.kept, outbox: [...this.kept.outbox, { clientId, text, ...(choice ? { choice } : {}) }] };
    this.store.write(this.kept);
    this.apply({ type: 'written', clientId, text });
    if (this.canTalk()) this.transmit(clientId, text, choice);
  }

  /** Opens an article card: its published text, read with the visitor token (only articles sent to this visitor). */
  async openArticle(id: string, title: string): Promise<void> {
    this.update({ article: { id, title } });
    try {
      const res = await this.fetcher()(`${this.options.origin}/api/widget/articles/${encodeURIComponent(id)}`, { headers: { 'x-visitor-token': this.kept.visitorToken ?? '' } });
      const body = (await res.json()) as { title?: string; body?: string };
      if (this.state.article?.id !== id) return;
      this.update({ article: res.ok && typeof body.body === 'string' ? { id, title: body.title ?? title, body: body.body } : { id, title, failed: true } });
    } catch (err) {
      console.warn('switchboard chat: the article could not be read', err);
      if (this.state.article?.id === id) this.update({ article: { id, title, failed: true } });
    }
  }

  closeArticle(): void {
    this.update({ article: undefined });
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

  /** The compose box now holds `draft` ('' once cleared or sent): the agent's live preview follows, throttled (draft-relay.ts). */
  typing(draft: string): void {
    if (!this.canTalk()) return;
    this.drafts.update(draft);
  }

  /** The visitor sends the pre-chat form: the chat starts with its answers (refused: the form stays, naming the field). */
  submitPrechat(answers: Record<string, string | number>): void {
    const prechat = this.state.prechat;
    if (!prechat || prechat.sending) return;
    this.prechatAnswer = { formId: prechat.formId, version: prechat.version, clientId: this.newClientId(), answers };
    const { problem: _gone, ...rest } = prechat;
    this.update({ prechat: { ...rest, sending: this.prechatAnswer.clientId } });
    this.start();
  }

  closePrechat(): void {
    if (this.state.prechat) this.update({ prechat: { ...this.state.prechat, open: false, sending: undefined } });
  }

  /** The visitor's answer to a form or survey the agent sent; kept until form_saved and resent after a reconnect. */
  answerForm(requestId: string, answers: Record<string, string | number>): void {
    const form = this.state.forms.find((f) => f.requestId === requestId);
    if (!form || form.state !== 'open') return;
    const clientId = this.newClientId();
    this.update({ forms: this.state.forms.map((f) => (f.requestId === requestId ? { requestId, form: f.form, state: 'sending' as const, clientId, answers } : f)), error: undefined });
    this.request({ type: 'form_answer', clientId, requestId, answers });
  }

  /** After an ended chat: back to the start button (the visitor token stays). */
  newChat(): void {
    if (this.state.phase !== 'ended') return;
    this.startAsked = false;
    this.ackedUpTo = 0;
    this.prechatAnswer = undefined;
    this.state = { ...INITIAL_VIEW, link: this.state.link, ...(this.state.prechat ? { prechat: { ...this.state.prechat, open: false, sending: undefined } } : {}) };
    // The survey goes with the ended chat: passed over, it is not offered again after a reload.
    this.surveyOver();
    this.endedChat = undefined;
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
    if (frame.type !== 'leave_message' && frame.type !== 'form_answer') this.pending.push(frame);
    if (!this.socket) this.connect();
  }

  private newClientId(): string {
    // Time, a counter of this page view and a random part: unique per visitor without any crypto API.
    return `w-${this.env.now().toString(36)}-${(this.written++).toString(36)}-${Math.floor(this.env.random() * 2 ** 40).toString(36)}`;
  }

  /** Reconnect now instead of after the back-off (the browser says it is online again). */
  nudge(): void {
    if ((!this.wantChat && !this.tracking) || this.socket) return;
    this.env.clearTimeout(this.retryTimer ?? 0);
    this.connect();
  }

  private startFields(): { queue?: string; page: string; prechat?: PrechatAnswer } {
    return { ...(this.options.queue ? { queue: this.options.queue } : {}), page: this.env.page(), ...(this.prechatAnswer ? { prechat: this.prechatAnswer } : {}) };
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
        ...(this.kept.chatId
          ? { chatId: this.kept.chatId, resume: this.state.timeline.lastSeq }
          : // A page loaded with a survey still pending: the ended chat's catch-up says whether it is still open.
            this.kept.survey && !this.state.survey
            ? { chatId: this.kept.survey, resume: this.state.timeline.lastSeq }
            : {}),
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
      if ((this.wantChat && this.state.phase !== 'ended') || this.tracking) this.retry();
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

  /** Screen-share frames (share_invite, share_peer, share_signal, share_ended) go to share-control.ts. */
  onShareFrame(listener: (frame: ServerShareFrame) => void): () => void {
    this.shareListeners.add(listener);
    return () => this.shareListeners.delete(listener);
  }

  /** A share frame to the server; false when the socket is not open (the share cannot go on). */
  sendShare(frame: VisitorShareFrame): boolean {
    if (this.socket?.readyState !== 1 || !this.welcomed) return false;
    this.sendFrame(frame);
    return true;
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'share_invite':
      case 'share_peer':
      case 'share_signal':
      case 'share_ended':
        for (const l of [...this.shareListeners]) l(frame);
        break;
      case 'welcome':
        this.onWelcome(frame.visitorToken, frame.chatId, frame.state);
        break;
      case 'invitation':
        // Only while no chat is open: a visitor already chatting is not interrupted.
        if (this.state.phase === 'idle' || this.state.phase === 'ended') this.update({ invitation: { id: frame.invitationId, agentName: frame.agentName, message: frame.message, ...(frame.messageZh ? { messageZh: frame.messageZh } : {}) } });
        break;
      case 'started':
        this.prechatAnswer = undefined;
        if (this.state.prechat) this.update({ prechat: { ...this.state.prechat, open: false, sending: undefined } });
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
          ...(frame.card ? { card: frame.card } : {}),
          ...(frame.bot ? { bot: frame.bot } : {}),
          ...(frame.assist ? { assist: frame.assist } : {}),
        });
        // The status names the chat's owner: a colleague's name stays on their own lines.
        if (frame.from === 'agent') this.update({ agentTyping: false, ...(frame.agentName && !frame.colleague ? { agentName: frame.agentName } : {}) });
        this.ackReceived();
        break;
      case 'bot':
        this.update({ phase: 'bot' });
        break;
      case 'queued':
        this.update({ phase: 'waiting', position: frame.position, ...(frame.estimatedWaitSec === null ? { etaMinutes: undefined } : { etaMinutes: Math.max(1, Math.ceil(frame.estimatedWaitSec / 60)) }) });
        break;
      case 'assigned':
        // Someone serves now: an offer the visitor did not take up is withdrawn.
        this.update({ phase: 'connected', agentName: frame.agentName, ...(this.state.leave?.open ? {} : { leave: undefined }) });
        break;
      case 'typing':
        this.update({ agentTyping: true, typingName: frame.agentName });
        this.env.clearTimeout(this.typingTimer ?? 0);
        this.typingTimer = this.env.setTimeout(() => this.update({ agentTyping: false }), TYPING_SHOWN_MS);
        break;
      case 'ended': {
        // The chat id is forgotten on ending: the survey keeps it.
        // A catch-up's ended comes after welcome, which already forgot the chat: endedChat holds it.
        const chatId = this.kept.chatId ?? this.endedChat ?? this.kept.survey;
        if (frame.survey && chatId) {
          if (!this.state.survey || this.state.survey.chatId !== chatId) this.update({ survey: { chatId, sending: false, done: false } });
          this.keep({ survey: chatId });
        } else this.surveyOver();
        this.onEnded();
        break;
      }
      case 'survey_saved':
        if (this.state.survey?.chatId === frame.chatId) this.update({ survey: { ...this.state.survey, sending: false, done: true } });
        if (this.kept.survey === frame.chatId) this.surveyOver();
        break;
      case 'error':
        this.onError(frame.code, frame.message, frame.clientId, frame.where);
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
      case 'ticket_update': {
        const { tickets, reload } = ticketUpdated(this.state.tickets, frame);
        if (tickets !== this.state.tickets) this.update({ tickets });
        if (reload) this.sendFrame({ type: 'tickets' });
        break;
      }
      case 'form':
        this.update({ forms: formFrameReceived(this.state.forms, frame) });
        break;
      case 'prechat_form':
        this.update({ prechat: { formId: frame.formId, version: frame.version, form: { kind: frame.kind, title: frame.title, fields: frame.fields }, open: this.state.prechat?.open ?? false } });
        break;
      case 'form_saved':
        this.update({ forms: formSaved(this.state.forms, frame.clientId) });
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

  private onWelcome(visitorToken: string, chatId: string | null, state: ChatStateName | null): void {
    this.welcomed = true;
    this.attempt = 0;
    this.keep({ visitorToken, ...(chatId ? { chatId } : {}) });
    this.update({ link: 'open', error: undefined });
    if (this.tracking) {
      // A new socket is a new part of the visit: the page shown now, again.
      const shown = this.shownPage;
      this.shownPage = shown === undefined ? undefined : '';
      this.sendPageView();
    }
    // A message left before a drop goes again with its client id: the server answers the same ticket.
    for (const f of [...this.pending.splice(0), ...(this.leaving ? [this.leaving] : [])]) this.sendFrame(f);
    // Form answers still on their way go again with their client ids (stored once).
    for (const f of this.state.forms) if (f.state === 'sending' && f.clientId && f.answers) this.sendFrame({ type: 'form_answer', clientId: f.clientId, requestId: f.requestId, answers: f.answers });
    if (state === 'ended') {
      this.onEnded();
      return;
    }
    if (state === null || chatId === null) {
      if (this.startAsked && this.state.prechat && !this.prechatAnswer) {
        // Start was pressed before the socket opened and the channel asks a form first: show it.
        this.startAsked = false;
        this.wantChat = false;
        this.update({ phase: 'idle', prechat: { ...this.state.prechat, open: true } });
      } else if (this.startAsked) this.sendFrame({ type: 'start', ...this.startFields() });
      // A socket opened after the end (the survey's answer, a left message) keeps the ended view.
      else if (this.state.phase !== 'ended') this.update({ phase: 'idle' });
      return;
    }
    const phase: ChatPhase = state === 'active' ? 'connected' : state === 'bot' ? 'bot' : 'waiting';
    this.update({ phase });
    this.flushOutbox();
  }

  private onEnded(): void {
    this.wantChat = false;
    this.drafts.reset();
    this.startAsked = false;
    // Lines never acknowledged cannot reach a closed chat: they stay on screen as not sent.
    for (const line of unacked(this.state.timeline)) if (line.clientId) this.apply({ type: 'failed', clientId: line.clientId });
    const { chatId: closed, ...rest } = this.kept;
    if (closed !== undefined) this.endedChat = closed;
    this.kept = { ...rest, outbox: [] };
    this.store.write(this.kept);
    this.update({ phase: 'ended', agentTyping: false });
    // The visitor is still on the site: the socket stays for the visit.
    if (this.tracking) return;
    const socket = this.socket;
    this.dropSocket();
    socket?.close(1000, 'chat ended');
    this.update({ link: 'offline' });
  }

  private onError(code: string, message: string, clientId: string | undefined, where?: string): void {
    if (code === 'CHAT_TOKEN_INVALID' || code === 'CHAT_TOKEN_NOT_FOR_CHAT') {
      // The saved token is no good (expired, another site's): start over as a new visitor.
      this.kept = { outbox: [] };
      this.store.write(this.kept);
      this.update({ phase: this.startAsked ? 'waiting' : 'idle', timeline: EMPTY_TIMELINE });
      this.sendFrame({ type: 'hello' });
      return;
    }
    if (code === 'INVITATION_EXPIRED' && this.kept.chatId === undefined) {
      // Accepted too late: back to the start button, saying why.
      this.wantChat = false;
      this.update({ phase: 'idle', error: { code, message } });
      return;
    }
    if (code.startsWith('CHAT_SURVEY_') && this.state.survey) {
      // Answered already (another tab) or no longer offered: the survey is over, with the reason.
      this.update({ survey: { ...this.state.survey, sending: false, done: code === 'CHAT_SURVEY_ANSWERED' }, error: { code, message } });
      this.surveyOver();
      return;
    }
    if (code === 'FORM_PRECHAT_REQUIRED' || (clientId !== undefined && clientId === this.state.prechat?.sending)) {
      // The chat did not start: the pre-chat form shows again, naming the field to correct.
      this.prechatAnswer = undefined;
      this.startAsked = false;
      this.wantChat = false;
      const prechat = this.state.prechat;
      this.update({ phase: 'idle', ...(prechat ? { prechat: { ...prechat, open: true, sending: undefined, ...(code === 'FORM_PRECHAT_REQUIRED' ? {} : { problem: formProblem(code, message, where) }) } } : {}) });
      return;
    }
    if (clientId && isFormRefusal(this.state.forms, clientId)) {
      this.update({ forms: formRefused(this.state.forms, clientId, formProblem(code, message, where)) });
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
    for (const m of this.kept.outbox) this.transmit(m.clientId, m.text, m.choice);
  }

  private transmit(clientId: string, text: string, choice?: BotChoice): void {
    this.sendFrame({ type: 'message', clientId, kind: 'text', text, ...(choice ? { choice } : {}) });
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

  /** The pending survey was answered, refused or dismissed: a reload no longer asks after it. */
  private surveyOver(): void {
    if (this.kept.survey === undefined) return;
    const { survey: _over, ...rest } = this.kept;
    this.kept = rest;
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
