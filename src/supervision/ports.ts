/** What supervision needs from call handling and from the phone directory. */
import type { EndpointRef } from '../pbx/port.js';
import type { AuditEntry } from '../accounts/audit.js';
import type { Audience, AudienceSettings } from './indicators.js';
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

/** Where the admin's indicator settings live (src/store/config/indicator-settings-repo.ts). */
export interface IndicatorSettingsStore {
  /** The audiences an admin has set (the others use the defaults). */
  loadAll(): Promise<Partial<Record<Audience, AudienceSettings>>>;
  /** Stores one audience's settings and its audit entry in one unit of work. */
  save(audience: Audience, settings: AudienceSettings, by: string | undefined, at: number, audit: AuditEntry): Promise<void>;
}
