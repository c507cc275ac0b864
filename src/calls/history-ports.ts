/**
 * What the agent toolbar reads back from stored calls: the agent's own day, the numbers they may
 * want to call again, a caller's earlier calls for the screen-pop, and the wrap-up an agent
 * writes. Implemented by the store (src/store/calls/call-history-repo.ts, call-repository.ts).
 */
import type { CallDirection, CallRecord, CallWrapUp } from './call-model.js';

/** One leg an agent answered, with what the call says about answer and end. */
export interface AnsweredLeg {
  callId: string;
  /** 'agent': the agent's own leg of the call; 'consult': they were consulted. */
  role: 'agent' | 'consult';
  direction: CallDirection;
  answeredAt: number;
  endedAt?: number;
  /** When someone first answered the call: for click-to-dial, when the customer picked up. */
  callAnsweredAt?: number;
  callEndedAt?: number;
  /**
   * A consultation that ended with the call in this agent's hands (attended transfer completed, or
   * the consulting agent left a three-way call): the call's agent is this one.
   */
  tookOver?: boolean;
}

export interface CallHistoryReader {
  /** Legs of this agent (role agent or consult) answered at or after `since`, oldest first. */
  answeredLegsSince(agentId: string, since: number): Promise<AnsweredLeg[]>;
  /**
   * The far-end numbers (the caller of an inbound call, the number dialed of an outbound one) of
   * calls where this agent answered a leg, each once, most recent first.
   */
  recentNumbers(agentId: string, limit: number): Promise<string[]>;
  /**
   * Calls from (inbound) or to (outbound) any of these numbers that started before `before`,
   * newest first, without `excludeCallId`.
   */
  callsWithNumber(numbers: readonly string[], before: number, excludeCallId: string, limit: number): Promise<CallRecord[]>;
  /**
   * The call a routing-engine contact belongs to: the latest call bound to it (a callback's call),
   * else the call it is a queue visit of (contact ids are `<callId>` then `<callId>:<n>`).
   */
  callOfContact(contactId: string): Promise<string | undefined>;
}

export interface CallWrapUpStore {
  /** Replaces the call's wrap-up; false when no such call is stored. */
  saveWrapUp(callId: string, wrapUp: CallWrapUp): Promise<boolean>;
}
