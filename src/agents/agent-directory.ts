/**
 * Who is which agent and which phone rings for them, kept in memory: a supervisor's leg is
 * originated the moment they click, so the lookup is synchronous. Read from the directory at
 * start and again after every change to an agent.
 */
import type { BackgroundTasks } from '../core/background-tasks.js';
import type { EventBus } from '../core/events.js';
import type { AgentReader } from '../directory/ports.js';
import type { EndpointRef } from '../pbx/port.js';

export interface AgentDirectoryDeps {
  agents: Pick<AgentReader, 'list'>;
  /** The phone the routing engine knows the agent logged in with; it wins over the configured one. */
  loggedInPhone: (agentId: string) => EndpointRef | undefined;
  /**
   * Told of every phone the daemon may ring for an agent: configured fixed and browser phones, and
   * the phone an agent logs in with (a simulated media server plugs them in).
   */
  phoneSeen?: (name: string) => void;
  /** Where refreshes after a change run (failures logged and counted under `agent directory refresh`). */
  background: BackgroundTasks;
}

export class AgentDirectoryCache {
  private readonly agentByUser = new Map<string, string>();
  private readonly fixedPhone = new Map<string, string>();

  constructor(private readonly deps: AgentDirectoryDeps) {}

  /** Reads every configured agent (entries of deleted agents stay until the next start). */
  async refresh(): Promise<void> {
    for (let offset = 0; ; ) {
      const page = await this.deps.agents.list({ offset, limit: 200 });
      for (const a of page.items) {
        if (a.userId) this.agentByUser.set(a.userId, a.id);
        // A browser softphone is a named endpoint like a desk phone: same map, same simulated phone.
        if (a.phone.mode === 'fixed' || a.phone.mode === 'browser') {
          this.fixedPhone.set(a.id, a.phone.extension);
          this.deps.phoneSeen?.(a.phone.extension);
        }
      }
      offset += page.items.length;
      if (page.items.length === 0 || offset >= page.total) break;
    }
  }

  /** Refreshes after every change to an agent, and reports the phones agents log in with. */
  watch(bus: EventBus): () => void {
    return bus.subscribe((e) => {
      if (e.type === 'agent.logged_in' && e.phone) this.deps.phoneSeen?.(e.phone);
      if (e.type === 'config.changed' && e.entity === 'agent') this.deps.background.run('agent directory refresh', () => this.refresh(), { agentId: e.id });
    });
  }

  agentOfUser(userId: string): string | undefined {
    return this.agentByUser.get(userId);
  }

  /** The phone the agent logged in with, else their configured fixed or browser phone. */
  phoneOfAgent(agentId: string): EndpointRef | undefined {
    const fixed = this.fixedPhone.get(agentId);
    return this.deps.loggedInPhone(agentId) ?? (fixed ? { kind: 'phone', name: fixed } : undefined);
  }

  /** The phone of the agent a user is, if the user is one. */
  phoneOfUser(userId: string): EndpointRef | undefined {
    const agentId = this.agentByUser.get(userId);
    return agentId ? this.phoneOfAgent(agentId) : undefined;
  }
}
