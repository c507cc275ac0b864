/**
 * Answers of the toolbar's newer routes (today's figures, screen-pop, dispositions, directory,
 * caller ids, recent numbers), as agreed with the branch that adds them to the daemon. Replaced by
 * types derived from their route schemas once that branch is merged (see types.ts).
 */
export interface AgentToday {
  handled: number;
  missed: number;
  talkMs: number;
  longestTalkMs: number;
  since: number;
}

export interface IvrStep {
  node: string;
  kind: string;
  digits?: string;
  speech?: string;
}

export interface PopCustomer {
  id: string;
  name: string;
  company?: string;
  level?: string;
  tags: string[];
  numbers: string[];
}

export interface PreviousCall {
  id: string;
  startedAt: number;
  direction: string;
  outcome: string;
  agentName?: string;
  queueName?: string;
}

export interface ScreenPop {
  callId: string;
  from: string;
  callerName: string;
  to: string;
  queue: { id: string; name: string } | null;
  waitedMs: number;
  ivr: IvrStep[];
  customer: PopCustomer | null;
  previousCalls: PreviousCall[];
}

export interface Disposition {
  code: string;
  label: string;
}

export interface DirectoryAgent {
  id: string;
  displayName: string;
  number: string;
  state: string;
  teamIds: string[];
}

export interface DirectoryQueue {
  id: string;
  name: string;
  media: string;
  waiting: number;
  enabled: boolean;
}

export interface AgentDirectory {
  agents: DirectoryAgent[];
  queues: DirectoryQueue[];
}

export interface CallerIds {
  callerIds: string[];
  default: string | null;
}

export interface RecentNumbers {
  numbers: { number: string; at: number }[];
}
