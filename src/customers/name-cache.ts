/** One lookup per agent and queue for a page (of calls, of a timeline), however many entries name them. */
export interface NameLookups {
  agentName(agentId: string): Promise<string | undefined>;
  queueName(queueId: string): Promise<string | undefined>;
}

export class NameCache {
  private readonly agents = new Map<string, Promise<string | undefined>>();
  private readonly queues = new Map<string, Promise<string | undefined>>();
  constructor(private readonly deps: NameLookups) {}
  agent(id: string): Promise<string | undefined> {
    let p = this.agents.get(id);
    if (!p) this.agents.set(id, (p = this.deps.agentName(id)));
    return p;
  }
  queue(id: string): Promise<string | undefined> {
    let p = this.queues.get(id);
    if (!p) this.queues.set(id, (p = this.deps.queueName(id)));
    return p;
  }
}
