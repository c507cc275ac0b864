/**
 * What the toolbar looks up rather than watches: break reasons, queue names, the agent's own phone
 * binding, call outcomes, caller ids. Read when the page opens; a missing optional route (an older
 * daemon) leaves its part empty instead of failing the page.
 */
import { signal } from '@preact/signals';
import type { AgentConfig, BreakReason, CallerIds, Disposition } from '../api/types.js';
import { agent, config } from '../api/endpoints.js';
import { isApiError } from '../api/http.js';
import type { MessageKey } from '../i18n/i18n.js';
import { reportError } from '../kit/toast-store.js';

export class ReferenceData {
  readonly breakReasons = signal<BreakReason[]>([]);
  readonly queueNames = signal<Map<string, string>>(new Map());
  readonly agentConfig = signal<AgentConfig | null>(null);
  readonly dispositions = signal<Disposition[]>([]);
  readonly callerIds = signal<CallerIds | null>(null);

  constructor(private readonly agentId: string) {}

  async load(): Promise<void> {
    await Promise.all([
      this.read('toolbar.loadBreakReasons', async () => {
        this.breakReasons.value = (await config.breakReasons()).items;
      }),
      this.read('toolbar.loadQueues', async () => {
        this.queueNames.value = new Map((await config.queues()).items.map((q) => [String(q.id), String(q.name)]));
      }),
      this.read('toolbar.loadAgent', async () => {
        this.agentConfig.value = await agent.config(this.agentId);
      }),
      this.optional(async () => {
        this.dispositions.value = (await config.dispositions()).items;
      }),
      this.optional(async () => {
        this.callerIds.value = await agent.callerIds();
      }),
    ]);
  }

  /** What an agent may pick: active reasons, not the ones the system sets (missed offers). */
  choosableReasons(): BreakReason[] {
    return this.breakReasons.value.filter((r) => r.active && !r.system);
  }

  queueName(id: string | undefined | null): string | undefined {
    return id ? (this.queueNames.value.get(id) ?? id) : undefined;
  }

  breakLabel(code: string | null | undefined): string | undefined {
    if (!code) return undefined;
    return this.breakReasons.value.find((r) => r.code === code)?.label ?? code;
  }

  private async read(what: MessageKey, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      reportError(what, err);
    }
  }

  /** Routes a daemon may not have yet: absent means the feature is hidden. */
  private async optional(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (isApiError(err, 'NOT_FOUND')) console.info('optional toolbar data not offered by this daemon', err);
      else reportError('toolbar.loadReference', err);
    }
  }
}
