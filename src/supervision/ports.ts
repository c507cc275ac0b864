/** What supervision needs from call handling and from the phone directory. */
import type { EndpointRef } from '../pbx/port.js';
import type { DayRows } from './today-figures.js';

export interface SupervisedCalls {
  /** The talking agent's leg of a live call; undefined when nobody is talking with the customer. */
  agentLegOf(callId: string): { legId: string; agentId?: string } | undefined;
  /** Record the supervisor's leg with the call (its legs and timestamps). */
  attachLeg(callId: string, legId: string, supervisorId: string, endpoint: string): void;
  /** Force-release: the agent's leg (the caller goes back to the queue) or the whole call. */
  release(callId: string, scope: 'agent' | 'call', by: string): void;
  onCallEnded(listener: (callId: string) => void): () => void;
  /** Put a supervision step on the call's timeline (nothing when the call is over). */
  note(callId: string, event: string, details: Record<string, string>): void;
}

/** Which teams an agent is in: supervision events reach the leads of the monitored agent's teams. */
export interface AgentTeams {
  teamsOf(agentId: string): readonly string[];
}

export interface SupervisorPhones {
  /** The phone the supervisor uses; synchronous so the leg is originated at once. */
  phoneOf(userId: string): EndpointRef | undefined;
}

/** The stored rows of a day that the Today figures are folded from (src/store/supervision/today-rows-repo.ts). */
export interface TodayRowsReader {
  /** Calls started, agent state changes and agents' figures since `since` (local midnight); pending callbacks. */
  dayRows(since: number): Promise<DayRows>;
}
