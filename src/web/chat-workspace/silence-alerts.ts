/**
 * Silence alerts of my group (chat.silence_alert / chat.silence_cleared): a colleague's visitor has
 * waited too long for an answer. Each alert pops up with a chime (alert-chime.ts; silent when the
 * browser does not allow sound yet) and offers a one-click take-over: the first colleague wins and
 * the others are told why not (a coded refusal as a toast). After a reconnect the open alerts are
 * read again (without a chime: they are not new).
 */
import { signal } from '@preact/signals';
import { chatSupervision } from '../api/chat-supervision.js';
import type { EventStream } from '../api/event-stream.js';
import type { DomainEvent } from '../api/types.js';
import { notify, reportError } from '../kit/toast-store.js';
import { AlertChime } from './alert-chime.js';

export interface SilenceAlert {
  chatId: string;
  agentId: string;
  visitorName: string;
  silentMs: number;
}

export class SilenceAlertStore {
  readonly alerts = signal<SilenceAlert[]>([]);
  readonly taking = signal<string | null>(null);
  private readonly chime = new AlertChime();
  private stops: (() => void)[] = [];

  constructor(
    readonly agentId: string,
    private readonly stream: EventStream,
  ) {}

  start(): void {
    this.stops.push(this.chime.unlockOnGesture());
    this.stops.push(this.stream.subscribe({ resync: () => void this.reload(), event: (e) => this.onEvent(e) }));
    void this.reload();
  }

  stop(): void {
    for (const s of this.stops.splice(0)) s();
  }

  async takeOver(chatId: string): Promise<boolean> {
    this.taking.value = chatId;
    try {
      await chatSupervision.takeOverSilent(chatId);
      this.drop(chatId);
      notify('success', 'chat.silence.taken');
      return true;
    } catch (err) {
      reportError('chat.silence.takeFailed', err);
      return false;
    } finally {
      this.taking.value = null;
    }
  }

  dismiss(chatId: string): void {
    this.drop(chatId);
  }

  private async reload(): Promise<void> {
    try {
      const { alerts } = await chatSupervision.silenceAlerts();
      const held = new Map(this.alerts.value.map((a) => [a.chatId, a]));
      this.alerts.value = alerts.map((a) => held.get(a.chatId) ?? { chatId: a.chatId, agentId: a.agentId, visitorName: '', silentMs: 0 });
    } catch (err) {
      reportError('chat.load', err);
    }
  }

  private onEvent(e: DomainEvent): void {
    if (e.type === 'chat.silence_alert') {
      if (!e.groupAgentIds.includes(this.agentId)) return;
      this.alerts.value = [...this.alerts.value.filter((a) => a.chatId !== e.chatId), { chatId: e.chatId, agentId: e.agentId, visitorName: e.visitorName, silentMs: e.silentMs }];
      this.chime.play();
    } else if (e.type === 'chat.silence_cleared') {
      this.drop(e.chatId);
    }
  }

  private drop(chatId: string): void {
    this.alerts.value = this.alerts.value.filter((a) => a.chatId !== chatId);
  }
}
