/**
 * What call handling needs from its neighbours, in the narrowest terms it can use. The routing
 * engine (acd/), the IVR (ivr/), the agent directory and the call-record store implement these
 * through thin adapters wired in main.ts; calls/ never imports them.
 */
import type { ChannelInfo, EndpointRef, MediaRef } from '../pbx/port.js';
import type { CallDirection, CallLeg, CallOutcome, CallRecord, CallTransition, LegRole } from './call-model.js';
import type { RecordingMark } from './recording-presence.js';

// ---------------------------------------------------------------------------------------------
// Routing engine

export interface EnqueueRequest {
  /**
   * Chosen by call handling and bound to the call before the engine hears of it (the call's id,
   * then `<callId>:<n>` for each later queue visit), so an offer made inside `enqueue` finds it.
   */
  contactId: string;
  /** The call this contact is for. */
  callId: string;
  queueId: string;
  media: 'voice' | 'callback';
  priority: number;
  skills: { skill: string; minLevel: number }[];
  attributes: Record<string, string>;
  /** The contact this one continues (transfer to a queue): its history travels with it. */
  previousContactId?: string;
  /** Offer to this agent only, in the same command (transfer to an agent); refused when they cannot take it. */
  targetAgentId?: string;
  /** Callback contacts: the number the agent's phone will call. */
  callbackNumber?: string;
}

export interface QueuePosition {
  /** 1 = next to be served. */
  position: number;
  /** Null when the engine has no basis for an estimate yet. */
  estimatedWaitMs: number | null;
}

export type RoutingEvent =
  /** Ring this agent for this contact. */
  | {
      type: 'offer';
      offerId: string;
      contactId: string;
      agentId: string;
      queueId: string;
      /** The queue's no-answer timeout; the engine withdraws the offer (reason no_answer) when it passes. */
      ringTimeoutMs: number;
      /** The phone the agent is logged in on, when the engine knows it; else AgentDirectory. */
      phone?: EndpointRef;
      /** One of several offers ringing at once for this contact (ring-all): the first answer wins. */
      ringAll?: boolean;
    }
  /** A callback's turn came: ring this agent, then call the customer's number. */
  | {
      type: 'callback_offer';
      offerId: string;
      contactId: string;
      agentId: string;
      number: string;
      ringTimeoutMs: number;
      phone?: EndpointRef;
    }
  /** The offer is no longer valid (ring-all won elsewhere, supervisor reassigned, `no_answer`: the engine's ring deadline passed). */
  | { type: 'offer_withdrawn'; offerId: string; contactId: string; reason: string }
  /** The contact left the queue without an agent: max wait reached, queue closed meanwhile. */
  | { type: 'contact_exited'; contactId: string; reason: 'timeout' | 'closed' | 'other'; action: string };

/** The engine's offer of a waiting caller to one agent. */
export type RoutingOffer = Extract<RoutingEvent, { type: 'offer' }>;

export type OfferFailure = 'no_answer' | 'rejected' | 'failed';

export interface RoutingPort {
  /**
   * Put a contact in a queue under the id call handling chose. Offers for it may be emitted before
   * this resolves. Rejects with QUEUE_CLOSED (out of hours), QUEUE_FULL, or, for a named agent who
   * cannot take the contact, the engine's coded refusal (nothing is queued then).
   */
  enqueue(request: EnqueueRequest): Promise<{ contactId: string }>;
  /** Offers, withdrawals and exits for every contact; returns the unsubscribe function. */
  onEvent(listener: (event: RoutingEvent) => void): () => void;
  /** The agent's phone answered: the offer becomes the agent's contact. Rejects if the offer is gone. */
  offerAccepted(offerId: string): Promise<void>;
  /** The agent's phone did not take it; the contact keeps its place. */
  offerFailed(offerId: string, reason: OfferFailure): Promise<void>;
  /** The caller left while waiting (or ringing). */
  abandon(contactId: string): Promise<void>;
  /** The conversation is over for this agent: wrap-up begins. */
  contactEnded(contactId: string, agentId: string): Promise<void>;
  /**
   * The contact passes from one agent to another without waiting (attended transfer completed):
   * `fromAgentId` goes to wrap-up, `toAgentId` is on the contact.
   */
  handOver(contactId: string, fromAgentId: string, toAgentId: string): Promise<void>;
  /**
   * A consultation rings (or talks with) `agentId` about `contactId`: the engine keeps them busy
   * until consultEnded, or until handOver gives them the contact (then consultEnded is a no-op).
   */
  consultStarted(agentId: string, contactId: string): Promise<void>;
  consultEnded(agentId: string, contactId: string): Promise<void>;
  /** The agent starts an outbound call (click-to-dial); resolves with the contact id. */
  startOutbound(agentId: string, callId: string): Promise<{ contactId: string }>;
  position(contactId: string): Promise<QueuePosition | undefined>;
  /**
   * The agent the engine has this contact connected with, if any. The engine's records and the
   * call's are written apart, so after a crash the call may still say `offering` for an offer the
   * engine already saw accepted (call-recovery.ts asks). Optional: without it nothing is corrected.
   */
  connectedAgent?(contactId: string): Promise<string | undefined>;
  /** Hold time counts apart from talk time in the engine's statistics (optional). */
  contactHeld?(contactId: string): Promise<void>;
  contactResumed?(contactId: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// IVR

export interface IvrRequest {
  callId: string;
  channelId: string;
  /** The inbound channel as the media server described it. */
  channel: ChannelInfo;
  /** The dialed number. */
  did: string;
  callerNumber: string;
  callerName: string;
  variables: Record<string, string>;
  /**
   * Work of this run that needs neither the caller nor time to pass (store lookups after the
   * flow ended) is handed here and returned unchanged, so the call service's settle() waits for
   * it. Waits on the caller (prompts, digits) are never handed over: only time ends those.
   */
  working<T>(work: Promise<T>): Promise<T>;
}

export interface QueueTarget {
  queueId: string;
  priority: number;
  skills: { skill: string; minLevel: number }[];
  attributes: Record<string, string>;
  /** Seconds between position / wait announcements; none when 0. */
  announceEverySec?: number;
  /** Played before each position announcement (the IVR queue node's own announcements). */
  announcements?: MediaRef[];
}

/**
 * What an outside source (the CRM lookup) asks about where a caller waits: another queue, a
 * priority at least this high, attributes for the contact. Asked when the call arrives, awaited
 * only when the IVR hands the caller to a queue; it answers within its own time limit and never
 * rejects (a failure answers undefined: the caller goes on as the flow said).
 */
export interface CallerRouting {
  queueId?: string;
  priority?: number;
  attributes: Record<string, string>;
}

export type CallerRoutingPort = (callerNumber: string) => Promise<CallerRouting | undefined>;

export type IvrOutcome =
  | {
      kind: 'queue';
      target: QueueTarget;
      /** Variables the flow gathered (CRM lookups, digits): screen-pop data. */
      variables: Record<string, string>;
      /** Node names passed, in order. */
      path: string[];
      customer?: string;
    }
  /** The flow ended the call itself (goodbye, voicemail left). */
  | { kind: 'hangup'; path: string[]; variables: Record<string, string> }
  /** The caller hung up inside the flow. */
  | { kind: 'caller_gone'; path: string[]; variables: Record<string, string> }
  /** The flow transferred the caller outside (external number); `handled`: the flow redirected already. */
  | { kind: 'transfer'; target: EndpointRef; handled?: boolean; path: string[]; variables: Record<string, string> }
  /** The caller asked to be called back: the place in the queue is kept, the line is released. */
  | { kind: 'callback'; queueId: string; number: string; path: string[]; variables: Record<string, string> }
  /** The flow found the line closed. */
  | { kind: 'closed'; path: string[]; variables: Record<string, string> }
  /** The flow could not run (no running version, a queue or skill gone): the caller hears the error announcement. */
  | { kind: 'failed'; reason: string; path: string[]; variables: Record<string, string> };

/** A post-call survey: the named flow on the caller's channel, already answered, after the agent left. */
export interface SurveyRequest {
  callId: string;
  channelId: string;
  channel: ChannelInfo;
  /** The flow to run (the value of the call's `post_call_survey` variable). */
  flow: string;
  /** The call's variables, so the survey's prompts may use them. */
  variables: Record<string, string>;
}

export interface SurveyOutcome {
  /**
   * `completed`: the flow ended (its own hang-up, or any exit that leaves the caller to us);
   * `transferred`: the flow sent the caller elsewhere; `caller_gone`: the caller hung up during it;
   * `failed`: the flow could not run (no such flow, a node failed).
   */
  kind: 'completed' | 'transferred' | 'caller_gone' | 'failed';
  /** Node names passed, in order. */
  path: string[];
  /** Variables the survey set (the rating), for the call's timeline. */
  answers: Record<string, string>;
}

export interface IvrPort {
  /** Run the flow for the call's DID on its channel; resolves when the flow hands the call back. */
  run(request: IvrRequest): Promise<IvrOutcome>;
  /**
   * Run a post-call survey; resolves when the flow ends. An IVR without surveys (DID routing)
   * leaves it out, and callers are hung up when the agent leaves, as without a survey.
   */
  postCallSurvey?(request: SurveyRequest): Promise<SurveyOutcome>;
}

// ---------------------------------------------------------------------------------------------
// Agents' phones

export interface AgentDirectory {
  /**
   * The phone the agent is logged in on. Synchronous on purpose: the offer path originates the
   * agent's phone before awaiting anything (see shared/pbx-transcripts/latency-facts.md).
   */
  phoneOf(agentId: string): EndpointRef | undefined;
}

// ---------------------------------------------------------------------------------------------
// Persistence

export interface CallStore {
  saveCall(record: CallRecord): Promise<void>;
  saveLeg(leg: CallLeg): Promise<void>;
  appendTransition(transition: CallTransition): Promise<void>;
  /** Calls a previous run left open, for re-adopting them at start (see call-recovery.ts). */
  openCalls?(): Promise<StoredOpenCall[]>;
  /** Close these stored calls as cut off at `at` (outcome lost_on_restart when never answered). */
  closeUnfinished?(at: number, callIds?: readonly string[]): Promise<number>;
}

/** An open call as stored: enough to find its channels again and put it back where it was. */
export interface StoredOpenCall {
  record: CallRecord;
  legs: CallLeg[];
  /** Last timeline number written. */
  seq: number;
  /** The routing engine's offer of the last `offer` step (a call stored while an agent's phone rang). */
  offerId?: string;
  /** Recording rows of the call, oldest first; `open` when no stop was stored. */
  recordings: { id: string; name: string; open: boolean }[];
}

/** The legs whose answering agent handled the call (not a supervisor listening or barging in). */
export const HANDLING_LEG_ROLES = ['agent', 'consult'] as const satisfies readonly LegRole[];

export interface CallRecordQuery {
  /** Started at or after (epoch ms). */
  from?: number;
  /** Started before (epoch ms). */
  to?: number;
  agentId?: string;
  /** The team filter: only calls whose agent is one of these; [] matches nothing. */
  agentIds?: string[];
  /**
   * The user's reach, apart from the filters (unset: every call): calls whose agent is one of
   * these, or one of whose legs one of them answered (HANDLING_LEG_ROLES: an agent who transferred
   * the call on handled it too). [] matches nothing. call-record-search.ts decides who is in it.
   */
  reachAgentIds?: string[];
  queueId?: string;
  /** Any of these outcomes ([] matches nothing). */
  outcomes?: CallOutcome[];
  direction?: CallDirection;
  /** The customer's number in any stored form (record-search.ts): calls from it or to it. */
  numberForms?: string[];
  /** Length of the call from its start to its end, in seconds, inclusive bounds; calls not ended never match. */
  minDurationSeconds?: number;
  maxDurationSeconds?: number;
  /** true: calls with at least one recording; false: calls with none. */
  hasRecording?: boolean;
  /** Page size (at most 500). */
  limit?: number;
  /** Continue after this call id (the last one of the previous page). */
  before?: string;
}

export interface CallRecordingInfo {
  id: string;
  name: string;
  startedAt: number;
  stoppedAt?: number;
  durationMs?: number;
  /** What a recording cut off by a crash turned out to be (complete, repaired, missing, damaged). */
  fileState?: 'complete' | 'repaired' | 'missing' | 'damaged';
  /** When the file was deleted, by its queue's retention or by hand; the row stays. */
  purgedAt?: number;
  purgeReason?: 'retention' | 'deleted';
}

export interface CallDetail {
  call: CallRecord;
  legs: CallLeg[];
  timeline: CallTransition[];
  recordings: CallRecordingInfo[];
}

/** Reading and deleting stored call records (records.view / records.delete). */
export interface CallRecordReader {
  list(query: CallRecordQuery): Promise<CallRecord[]>;
  /** How many calls match, counting no further than `upTo`. */
  count(query: CallRecordQuery, upTo: number): Promise<number>;
  get(callId: string): Promise<CallDetail | undefined>;
  /** Every recording row of these calls, with its purge mark (recording-presence.ts folds them). */
  recordingMarks(callIds: readonly string[]): Promise<RecordingMark[]>;
  /** Deletes an ended call with its legs, timeline and recording rows; false when there is none. */
  delete(callId: string): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// Recording (implemented by recording/RecordingService)

export interface CallRecorder {
  /**
   * Start recording the talk bridge; resolves with the recording id, undefined if it could not
   * start. `part`: the number of this recording of the call (a call re-adopted after a restart
   * continues with the next part instead of overwriting the first).
   */
  start(callId: string, bridgeId: string, part?: number): Promise<string | undefined>;
  stop(callId: string, recordingId: string): Promise<void>;
  /** Pause while the customer reads out card details, and resume after. */
  pause(recordingId: string): Promise<void>;
  resume(recordingId: string): Promise<void>;
}
