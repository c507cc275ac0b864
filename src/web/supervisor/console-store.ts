/**
 * The supervisor console's model: the agents and floor counts (/api/realtime/agents), the queue
 * figures (/api/realtime), and names looked up once (queues, break reasons). REST is the truth;
 * the event stream only says *when* to re-read: an agent, call, contact or supervision event
 * re-reads both (coalesced: a burst costs two reads), a reconnect re-reads everything. No polling.
 */
import { signal } from '@preact/signals';
import { coalesced } from '../api/coalesce.js';
import { config, supervisor } from '../api/endpoints.js';
import type { EventStream } from '../api/event-stream.js';
import { noteServerTime } from '../api/server-clock.js';
import type { BreakReason, DomainEvent, RealtimeAgents, RealtimeView } from '../api/types.js';
import { en } from '../i18n/en.js';
import { hasKey, t } from '../i18n/i18n.js';
import { reportError } from '../kit/toast-store.js';

/** Event domains whose events change what the console shows. */
const RELEVANT = ['agent.', 'call.', 'contact.'];

export function isRelevant(e: Pick<DomainEvent, 'type'>): boolean {
  return RELEVANT.some((p) => e.type.startsWith(p));
}

export class ConsoleStore {
  readonly floor = signal<RealtimeAgents | null>(null);
  readonly queues = signal<RealtimeView | null>(null);
  readonly queueNames = signal<Map<string, string>>(new Map());
  /** The chat queues (where a supervisor may move a chat). */
  readonly chatQueues = signal<{ id: string; name: string }[]>([]);
  readonly breakReasons = signal<BreakReason[]>([]);
  readonly loaded = signal(false);
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly stream: EventStream) {}

  start(): void {
    this.unsubscribe = this.stream.subscribe({
      resync: () => void this.resync(),
      event: (e) => {
        if (isRelevant(e)) void this.refresh();
      },
    });
    void this.resync();
  }

  stop(): void {
    this.unsubscribe?.();
  }

  async resync(): Promise<void> {
    await Promise.all([this.refresh(), this.loadNames()]);
    this.loaded.value = true;
  }

  readonly refresh = coalesced(async () => {
    try {
      const sentAt = Date.now();
      const [floor, queues] = await Promise.all([supervisor.agents(), supervisor.realtime()]);
      noteServerTime(floor.serverTime, sentAt, Date.now());
      this.floor.value = floor;
      this.queues.value = queues;
    } catch (err) {
      reportError('supervisor.load', err);
    }
  });

  private async loadNames(): Promise<void> {
    try {
      const [queues, reasons] = await Promise.all([config.queues(), config.breakReasons()]);
      this.queueNames.value = new Map(queues.items.map((q) => [String(q.id), String(q.name)]));
      this.chatQueues.value = queues.items.filter((q) => q.media === 'chat').map((q) => ({ id: String(q.id), name: String(q.name) }));
      this.breakReasons.value = reasons.items;
    } catch (err) {
      reportError('supervisor.load', err);
    }
  }

  queueName(id: string | null | undefined): string {
    return id ? (this.queueNames.value.get(id) ?? id) : '';
  }

  /**
   * A reason as configured; the reasons every installation starts with, while their label is still
   * the seeded English one, in the reader's language (a label an admin wrote is shown as written).
   */
  reasonLabel(code: string): string {
    const label = this.breakReasons.value.find((r) => r.code === code)?.label;
    const key = `breakReason.${code}`;
    if (hasKey(key) && (label === undefined || label === en[key])) return t(key);
    return label ?? code;
  }
}
