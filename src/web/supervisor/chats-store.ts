/**
 * The supervisor console's Chats panel: the active, waiting and bot chats in my reach, and the chat I
 * monitor (its messages, whispers and the visitor typing), live from chat.* events: chat.monitored
 * says what changed in a monitored chat (ids only; its messages are read on after the last seq);
 * chat.with_bot that a chat the bot has moved on (its turns and times: the list is read again);
 * chat.tags the monitored chat's new tags (the whole set: shown as they come).
 */
import { signal } from '@preact/signals';
import { chatSupervision, type MonitorView, type SupervisedChats } from '../api/chat-supervision.js';
import { coalesced } from '../api/coalesce.js';
import type { EventStream } from '../api/event-stream.js';
import type { DomainEvent } from '../api/types.js';
import { notify, reportError } from '../kit/toast-store.js';

const TYPING_SHOWN_MS = 5000;

export class ChatsPanelStore {
  readonly list = signal<SupervisedChats>({ active: [], waiting: [], withBot: [] });
  readonly monitored = signal<MonitorView | null>(null);
  readonly typingUntil = signal(0);
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly stream: EventStream) {}

  start(): void {
    this.unsubscribe = this.stream.subscribe({ resync: () => void this.resync(), event: (e) => this.onEvent(e) });
    void this.refresh();
  }

  stop(): void {
    this.unsubscribe?.();
  }

  readonly refresh = coalesced(async () => {
    try {
      this.list.value = await chatSupervision.list();
    } catch (err) {
      reportError('supervisor.chats.load', err);
    }
  });

  async monitor(chatId: string): Promise<void> {
    try {
      this.monitored.value = await chatSupervision.monitor(chatId);
      this.typingUntil.value = 0;
      void this.refresh();
    } catch (err) {
      reportError('supervisor.chats.monitorFailed', err);
    }
  }

  async stopMonitoring(): Promise<void> {
    const m = this.monitored.value;
    if (!m) return;
    this.monitored.value = null;
    try {
      await chatSupervision.stopMonitoring(m.chat.id);
    } catch (err) {
      reportError('supervisor.chats.monitorFailed', err);
    }
    void this.refresh();
  }

  async whisper(text: string): Promise<boolean> {
    const m = this.monitored.value;
    if (!m) return false;
    try {
      await chatSupervision.whisper(m.chat.id, text);
      await this.readOn();
      return true;
    } catch (err) {
      reportError('supervisor.chats.whisperFailed', err);
      return false;
    }
  }

  async takeOver(chatId: string): Promise<void> {
    try {
      await chatSupervision.takeOver(chatId);
      notify('success', 'supervisor.chats.takenOver');
      if (this.monitored.value?.chat.id === chatId) this.monitored.value = null;
    } catch (err) {
      reportError('supervisor.chats.takeOverFailed', err);
    }
    void this.refresh();
  }

  async handOver(chatId: string, name: string): Promise<void> {
    try {
      await chatSupervision.handOver(chatId);
      notify('success', 'supervisor.chats.handedOver', { name });
    } catch (err) {
      reportError('supervisor.chats.handOverFailed', err);
    }
    void this.refresh();
  }

  async assign(chatId: string, agentId: string, agentName: string): Promise<void> {
    try {
      await chatSupervision.assign(chatId, agentId);
      notify('success', 'supervisor.chats.assigned', { agent: agentName });
    } catch (err) {
      reportError('supervisor.chats.assignFailed', err);
    }
    void this.refresh();
  }

  async forceTransfer(chatId: string, target: { agentId: string } | { queueId: string }, targetName: string): Promise<void> {
    try {
      await chatSupervision.forceTransfer(chatId, target);
      notify('success', 'supervisor.chats.moved', { target: targetName });
    } catch (err) {
      reportError('supervisor.chats.moveFailed', err);
    }
    void this.refresh();
  }

  private async resync(): Promise<void> {
    await this.refresh();
    await this.readOn();
  }

  /** Reads what the monitored chat holds after the last message on screen. */
  private async readOn(): Promise<void> {
    const m = this.monitored.value;
    if (!m) return;
    try {
      const after = m.messages.at(-1)?.seq ?? 0;
      const next = await chatSupervision.readOn(m.chat.id, after);
      const current = this.monitored.value;
      if (current?.chat.id !== m.chat.id) return;
      const held = new Set(current.messages.map((x) => x.seq));
      this.monitored.value = { ...next, messages: [...current.messages, ...next.messages.filter((x) => !held.has(x.seq))].sort((a, b) => a.seq - b.seq) };
    } catch (err) {
      reportError('supervisor.chats.monitorFailed', err);
    }
  }

  private onEvent(e: DomainEvent): void {
    switch (e.type) {
      case 'chat.monitored':
        if (this.monitored.value?.chat.id !== e.chatId) break;
        if (e.change === 'typing') this.typingUntil.value = Date.now() + TYPING_SHOWN_MS;
        // An ended chat is no longer monitored: it stays on screen, marked ended.
        else if (e.change === 'ended') this.monitored.value = { ...this.monitored.value, chat: { ...this.monitored.value.chat, state: 'ended' } };
        else void this.readOn();
        if (e.change === 'message') this.typingUntil.value = 0;
        break;
      case 'chat.tags':
        if (this.monitored.value?.chat.id === e.chatId) this.monitored.value = { ...this.monitored.value, tags: e.tags };
        break;
      case 'chat.waiting':
      case 'chat.assigned':
      case 'chat.ended':
      case 'chat.taken_over':
      case 'chat.with_bot':
        void this.refresh();
        break;
      default:
        break;
    }
  }
}
