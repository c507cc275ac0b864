/**
 * Transfers and multi-party chats in the workspace: the transfers offered to me (Accept / Decline),
 * the ones of my chats still waiting for an answer, and who is in each open chat. REST is the
 * truth (GET /api/chat-transfers, GET /api/chats/:id/parties); chat.transfer_changed,
 * chat.transferred and chat.colleague_changed on /api/ws say when to read again, and the owner is
 * told why a transfer came back.
 */
import { signal } from '@preact/signals';
import { coalesced } from '../api/coalesce.js';
import { chatTransfers } from '../api/endpoints.js';
import type { EventStream } from '../api/event-stream.js';
import type { ChatParties, ChatTransfer, DomainEvent, TransferTargets } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { notify, reportError } from '../kit/toast-store.js';
import type { ChatStore } from './chat-store.js';

export class TransferStore {
  readonly incoming = signal<ChatTransfer[]>([]);
  readonly outgoing = signal<ChatTransfer[]>([]);
  readonly parties = signal<Record<string, ChatParties>>({});
  readonly targets = signal<TransferTargets>({ agents: [], queues: [] });
  /** Agent names seen in parties and targets (labels of colleagues' messages). */
  readonly names = signal<Record<string, string>>({});
  private unsubscribe: (() => void) | undefined;

  constructor(
    readonly agentId: string,
    private readonly stream: EventStream,
    private readonly chats: ChatStore,
  ) {}

  start(): void {
    this.unsubscribe = this.stream.subscribe({ resync: () => void this.reload(), event: (e) => this.onEvent(e) });
    void this.reload();
  }

  stop(): void {
    this.unsubscribe?.();
  }

  readonly reload = coalesced(async () => {
    try {
      const [pending] = await Promise.all([chatTransfers.pending(), this.loadTargets()]);
      this.incoming.value = pending.incoming;
      this.outgoing.value = pending.outgoing;
      await Promise.all(Object.keys(this.chats.threads.value).map((id) => this.loadParties(id)));
    } catch (err) {
      reportError('chat.load', err);
    }
  });

  async loadTargets(): Promise<void> {
    const targets = await chatTransfers.targets();
    this.targets.value = targets;
    this.learn(targets.agents);
  }

  async loadParties(chatId: string): Promise<void> {
    try {
      const p = await chatTransfers.parties(chatId);
      this.parties.value = { ...this.parties.value, [chatId]: p };
      this.learn([...(p.owner ? [p.owner] : []), ...p.colleagues]);
    } catch (err) {
      // A chat that ended or moved away meanwhile: nothing to show for it.
      console.info('chat: parties not read', chatId, err);
    }
  }

  nameOf(agentId: string): string | undefined {
    return this.names.value[agentId];
  }

  /** Runs one action; false (and a toast naming it) when refused. */
  async act(what: Parameters<typeof reportError>[0], work: () => Promise<unknown>, chatId?: string): Promise<boolean> {
    try {
      await work();
      return true;
    } catch (err) {
      reportError(what, err);
      return false;
    } finally {
      await this.reload();
      if (chatId) await this.chats.refreshList();
    }
  }

  private learn(list: { agentId: string; name: string }[]): void {
    const next = { ...this.names.value };
    for (const a of list) next[a.agentId] = a.name;
    this.names.value = next;
  }

  private onEvent(e: DomainEvent): void {
    if (e.type === 'chat.transfer_changed') {
      void this.reload();
      const name = this.nameOf(e.toAgentId) ?? '';
      if (e.fromAgentId !== this.agentId) return;
      if (e.state === 'declined') notify('info', e.reason ? 'chat.transferEnded.declined' : 'chat.transferEnded.declinedNoReason', { name, reason: e.reason ?? '' });
      else if (e.state === 'expired' || e.state === 'failed') notify('info', `chat.transferEnded.${e.state}`, { name });
    } else if (e.type === 'chat.transferred') {
      // An accepted offer needs no word; a supervisor's move does (nobody asked this agent).
      if (e.forcedBy && e.toAgentId === this.agentId) notify('info', 'chat.transferredToMe', { name: e.visitorName || t('chat.visitor') });
      else if (e.forcedBy && e.fromAgentId === this.agentId) notify('info', 'chat.transferredAway', { name: e.visitorName || t('chat.visitor') });
      void this.chats.refreshList().then(() => this.reload());
    } else if (e.type === 'chat.colleague_changed') {
      void this.chats.refreshList().then(() => this.loadParties(e.chatId));
    }
  }
}
