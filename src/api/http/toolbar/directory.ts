/** The transfer / consult picker's directory: names and live figures, no configuration internals. */
import type { AgentStateName } from '../../../core/events.js';

export interface DirectoryAgent {
  id: string;
  displayName: string;
  number: string;
  state: AgentStateName;
  teamIds: string[];
}

export interface DirectoryQueue {
  id: string;
  name: string;
  media: string;
  waiting: number;
  enabled: boolean;
}

/** Where the directory's pieces come from (configuration and the routing engine, wired in routes.ts). */
export interface DirectorySource {
  agents(): Promise<{ id: string; displayName: string; number: string; teamId: string | null; enabled: boolean }[]>;
  queues(): Promise<{ id: string; name: string; media: string; enabled: boolean }[]>;
  /** The agent's live state; undefined when the routing engine has never seen them. */
  stateOf(agentId: string): AgentStateName | undefined;
  /** Contacts waiting now, per queue id. */
  waiting(): Map<string, number>;
}

/** Every enabled agent of the center, whatever their team (any agent may transfer to any other), and every queue. */
export async function buildDirectory(source: DirectorySource): Promise<{ agents: DirectoryAgent[]; queues: DirectoryQueue[] }> {
  const [agents, queues] = await Promise.all([source.agents(), source.queues()]);
  const waiting = source.waiting();
  return {
    agents: agents
      .filter((a) => a.enabled)
      .map((a) => ({ id: a.id, displayName: a.displayName, number: a.number, state: source.stateOf(a.id) ?? 'logged_out', teamIds: a.teamId ? [a.teamId] : [] }))
      .sort((x, y) => x.displayName.localeCompare(y.displayName) || x.id.localeCompare(y.id)),
    queues: queues
      .map((q) => ({ id: q.id, name: q.name, media: q.media, waiting: waiting.get(q.id) ?? 0, enabled: q.enabled }))
      .sort((x, y) => x.name.localeCompare(y.name) || x.id.localeCompare(y.id)),
  };
}
