/**
 * The agent's chat workspace model: my open chats (each with its messages, unsent lines, unread
 * count and draft), the waiting chats I may pick, and which chat is on screen. REST is the truth
 * (GET /api/chats, GET /api/chats/:id/messages); chat.* events from /api/ws bring messages live and
 * say when to re-read. After a reconnect every chat is read on from its last held seq and unsent
 * lines are sent again (the daemon answers a resend of the same clientId with the same seq).
 */
import { computed, signal } from '@preact/signals';
import { coalesced } from '../api/coalesce.js';
import { chats } from '../api/endpoints.js';
import type { EventStream } from '../api/event-stream.js';
import { uploadKindOf } from '../api/upload-kind.js';
import { isApiError } from '../api/http.js';
import type { ChatOutcome, ChatSummary, DomainEvent } from '../api/types.js';
import { notify, reportError } from '../kit/toast-store.js';
import { visitorLabel } from './visitor-label.js';
import { hasGapBefore, newThread, withFailed, withMessages, withPending, withVisitorTyping, type ChatThread } from './thread.js';

const TYPING_SHOWN_MS = 5000;
const TYPING_EVERY_MS = 2500;
/** A send that failed for want of network is tried again this often until the daemon answers. */
const RESEND_EVERY_MS = 3000;

export class ChatStore {
  readonly threads = signal<Record<string, ChatThread>>({});
  readonly waiting = signal<ChatSummary[]>([]);
  readonly selected = signal<string | null>(null);
  /** What the agent has written but not sent, per chat: switching chats keeps it. */
  readonly drafts = signal<Record<string, string>>({});
  readonly loaded = signal(false);
  readonly now = signal(Date.now());
  /** Bumped per chat when someone writes a private note in it: the conversation re-reads its notes. */
  readonly noteTicks = signal<Record<string, number>>({});
  /** Bumped per chat on chat.form (a form sent or answered): its forms are read again. */
  readonly formTicks = signal<Record<string, number>>({});
  /** Bumped per chat when a supervisor whispers in it (src/web/chat-workspace/Whispers.tsx re-reads). */
  readonly whisperTicks = signal<Record<string, number>>({});
  /** Each held chat's tags, as last read or announced (chat.tags carries the whole set, whoever changed it). */
  readonly tags = signal<Record<string, string[]>>({});

  readonly ordered = computed(() => Object.values(this.threads.value).sort((a, b) => (a.summary.assignedAt ?? a.summary.createdAt) - (b.summary.assignedAt ?? b.summary.createdAt)));
  readonly current = computed(() => (this.selected.value ? this.threads.value[this.selected.value] : undefined));

  private unsubscribe: (() => void) | undefined;
  private timer: number | undefined;
  private lastTypingSent: Record<string, number> = {};
  private written = 0;

  constructor(
    readonly agentId: string,
    private readonly stream: EventStream,
  ) {}

  start(): void {
    this.unsubscribe = this.stream.subscribe({ resync: () => void this.resync(), event: (e) => this.onEvent(e) });
    // Ticks the typing marks away and retries sends the network swallowed.
    this.timer = window.setInterval(() => {
      this.now.value = Date.now();
      this.retryPending();
    }, 1000);
    void this.resync();
  }

  stop(): void {
    this.unsubscribe?.();
    window.clearInterval(this.timer);
  }

  readonly refreshList = coalesced(async () => {
    try {
      const list = await chats.list();
      const next: Record<string, ChatThread> = {};
      for (const s of list.active) {
        const held = this.threads.value[s.id];
        next[s.id] = held ? { ...held, summary: s } : newThread(s);
      }
      // A chat that ended on the visitor's side stays until the agent closes it with an outcome.
      for (const [id, t] of Object.entries(this.threads.value)) if (!next[id] && t.summary.state === 'ended' && t.summary.outcome === undefined) next[id] = t;
      this.threads.value = next;
      this.waiting.value = list.waiting;
      if (this.selected.value && !next[this.selected.value]) this.selected.value = null;
      if (!this.selected.value) this.selected.value = this.ordered.value[0]?.summary.id ?? null;
      this.loaded.value = true;
      await Promise.all(Object.keys(next).map((id) => this.readOn(id)));
    } catch (err) {
      reportError('chat.load', err);
    }
  });

  select(id: string): void {
    this.selected.value = id;
    this.patch(id, (t) => ({ ...t, unread: 0 }));
  }

  setDraft(id: string, text: string): void {
    this.drafts.value = { ...this.drafts.value, [id]: text };
    const last = this.lastTypingSent[id] ?? 0;
    if (text.trim() !== '' && Date.now() - last > TYPING_EVERY_MS) {
      this.lastTypingSent[id] = Date.now();
      chats.typing(id).catch((err: unknown) => console.info('chat: the typing mark did not reach the server (it is only a hint)', err));
    }
  }

  async send(id: string): Promise<void> {
    const text = (this.drafts.value[id] ?? '').trim();
    if (text === '') return;
    const clientId = `a-${Date.now().toString(36)}-${(this.written++).toString(36)}-${Math.floor(Math.random() * 2 ** 40).toString(36)}`;
    this.patch(id, (t) => withPending(t, { clientId, text, status: 'sending' }));
    this.drafts.value = { ...this.drafts.value, [id]: '' };
    await this.deliver(id, clientId, text);
  }

  /** Sends a file: shown at once as sending, stored once per clientId, its kind a hint (the daemon reads the bytes). */
  async upload(id: string, file: File): Promise<void> {
    const clientId = `a-${Date.now().toString(36)}-${(this.written++).toString(36)}-${Math.floor(Math.random() * 2 ** 40).toString(36)}`;
    this.patch(id, (t) => withPending(t, { clientId, text: file.name, status: 'sending', file }));
    await this.deliverUpload(id, clientId, file);
  }

  async end(id: string, outcome: ChatOutcome, reason?: string): Promise<boolean> {
    try {
      await chats.end(id, outcome, reason);
      this.forget(id);
      notify('success', 'chat.endedToast');
      return true;
    } catch (err) {
      reportError('chat.end', err);
      return false;
    }
  }

  /** Removes a chat the visitor ended and the daemon already closed. */
  forget(id: string): void {
    const { [id]: _gone, ...rest } = this.threads.value;
    this.threads.value = rest;
    const { [id]: _draft, ...drafts } = this.drafts.value;
    this.drafts.value = drafts;
    const { [id]: _tags, ...tags } = this.tags.value;
    this.tags.value = tags;
    if (this.selected.value === id) this.selected.value = this.ordered.value[0]?.summary.id ?? null;
  }

  async pick(id: string): Promise<void> {
    try {
      const s = await chats.pick(id);
      this.threads.value = { ...this.threads.value, [s.id]: this.threads.value[s.id] ?? newThread(s) };
      this.waiting.value = this.waiting.value.filter((w) => w.id !== id);
      this.select(s.id);
      await this.readOn(s.id);
    } catch (err) {
      reportError('chat.pick', err);
      void this.refreshList();
    }
  }

  /** Tags read or saved for a chat on screen; a chat no longer held keeps none. */
  setTags(id: string, tags: string[]): void {
    if (!this.threads.value[id]) return;
    this.tags.value = { ...this.tags.value, [id]: tags };
  }

  visitorTyping(t: ChatThread): boolean {
    return t.visitorTypingUntil > this.now.value;
  }

  private async resync(): Promise<void> {
    await this.refreshList();
    this.retryPending();
  }

  /** Reads what follows the last held seq (after a reconnect, or a gap in the live events). */
  private async readOn(id: string): Promise<void> {
    const t = this.threads.value[id];
    if (!t) return;
    try {
      const page = await chats.messages(id, t.lastSeq);
      this.patch(id, (th) => withMessages(th, page.messages, this.selected.value !== id));
    } catch (err) {
      reportError('chat.load', err);
    }
  }

  private async deliver(id: string, clientId: string, text: string): Promise<void> {
    try {
      const reply = await chats.send(id, clientId, text);
      this.patch(id, (t) => withMessages(t, [{ seq: reply.seq, from: 'agent', text, at: reply.at, clientId, agentId: this.agentId }], false));
    } catch (err) {
      // No answer at all: the line stays "sending" and goes again (same clientId) until one comes.
      if (isApiError(err, 'NETWORK')) return;
      this.patch(id, (t) => withFailed(t, clientId));
      reportError('chat.send', err);
    }
  }

  private async deliverUpload(id: string, clientId: string, file: File): Promise<void> {
    try {
      const reply = await chats.upload(id, clientId, uploadKindOf(file.type), file);
      this.patch(id, (t) => withMessages(t, [{ seq: reply.seq, from: 'agent', text: '', at: reply.at, clientId, agentId: this.agentId, attachment: reply.attachment }], false));
    } catch (err) {
      if (isApiError(err, 'NETWORK')) return;
      this.patch(id, (t) => withFailed(t, clientId));
      reportError('chat.upload', err);
    }
  }

  private sending = new Set<string>();
  private lastRetry = 0;
  private retryPending(): void {
    if (Date.now() - this.lastRetry < RESEND_EVERY_MS) return;
    this.lastRetry = Date.now();
    for (const t of Object.values(this.threads.value)) {
      for (const p of t.pending) {
        if (p.status !== 'sending' || this.sending.has(p.clientId)) continue;
        this.sending.add(p.clientId);
        const delivered = p.file ? this.deliverUpload(t.summary.id, p.clientId, p.file) : this.deliver(t.summary.id, p.clientId, p.text);
        void delivered.finally(() => this.sending.delete(p.clientId));
      }
    }
  }

  private onEvent(e: DomainEvent): void {
    switch (e.type) {
      case 'chat.waiting':
        void this.refreshList();
        break;
      case 'chat.assigned':
        if (e.agentId === this.agentId && !this.selected.value) this.selected.value = e.chatId;
        void this.refreshList();
        break;
      case 'chat.message': {
        const t = this.threads.value[e.chatId];
        if (!t) {
          void this.refreshList();
          break;
        }
        if (hasGapBefore(t, e.seq)) void this.readOn(e.chatId);
        const msg = { seq: e.seq, from: e.from, text: e.text, at: e.at, ...(e.clientId ? { clientId: e.clientId } : {}), ...(e.authorAgentId ? { agentId: e.authorAgentId } : e.agentId ? { agentId: e.agentId } : {}), ...(e.attachment ? { attachment: e.attachment } : {}), ...(e.card ? { card: e.card } : {}), ...(e.assist ? { assist: e.assist } : {}) };
        this.patch(e.chatId, (th) => withMessages(th, [msg], this.selected.value !== e.chatId));
        break;
      }
      case 'chat.typing':
        this.patch(e.chatId, (t) => withVisitorTyping(t, e.draft, Date.now() + TYPING_SHOWN_MS));
        this.now.value = Date.now();
        break;
      case 'chat.note':
        this.noteTicks.value = { ...this.noteTicks.value, [e.chatId]: (this.noteTicks.value[e.chatId] ?? 0) + 1 };
        break;
      case 'chat.tags':
        this.setTags(e.chatId, e.tags);
        break;
      case 'chat.form':
        this.formTicks.value = { ...this.formTicks.value, [e.chatId]: (this.formTicks.value[e.chatId] ?? 0) + 1 };
        if (e.what === 'answered') notify('info', 'forms.answeredToast', { name: this.nameOf(e.chatId) });
        break;
      case 'chat.whisper':
        this.whisperTicks.value = { ...this.whisperTicks.value, [e.chatId]: (this.whisperTicks.value[e.chatId] ?? 0) + 1 };
        break;
      case 'chat.taken_over':
        // Taken from me (a supervisor, or a colleague after a silence alert): the chat leaves my list.
        if (e.fromAgentId === this.agentId) {
          notify('info', 'chat.takenAway', { name: visitorLabel(this.nameOf(e.chatId)) });
          this.forget(e.chatId);
        }
        void this.refreshList();
        break;
      // chat.agent_silent is not shown here: the silence alert pop-up (silence-alerts.ts) tells the
      // agent of their own silent chat too (the group always includes them), once, with its chime.
      case 'chat.ended':
        this.patch(e.chatId, (t) => ({ ...t, summary: { ...t.summary, state: 'ended', endReason: e.reason, ...(e.outcome ? { outcome: e.outcome } : {}) } }));
        void this.refreshList();
        break;
      default:
        break;
    }
  }

  nameOf(id: string): string {
    return this.threads.value[id]?.summary.visitorName ?? '';
  }

  private patch(id: string, fn: (t: ChatThread) => ChatThread): void {
    const t = this.threads.value[id];
    if (!t) return;
    const next = fn(t);
    if (next !== t) this.threads.value = { ...this.threads.value, [id]: next };
  }
}
