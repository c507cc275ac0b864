import type { TimerHandle } from '../core/clock.js';
import type { ChannelInfo, Playback } from '../pbx/port.js';
import type { CallLeg, CallRecord } from './call-model.js';
import type { CallState } from './call-state.js';
import type { QueueTarget } from './ports.js';

/** Where the customer's leg is bridged right now. */
export type CustomerPlace = 'none' | 'holding' | 'talk';

/** A call in progress: its machine state, its record and the media resources it holds. */
export interface LiveCall {
  record: CallRecord;
  state: CallState;
  legs: Map<string, CallLeg>;
  /** The inbound caller's channel as the media server described it (a post-call survey runs on it). */
  customerChannel?: ChannelInfo;
  /** Last transition number written. */
  seq: number;
  queueTarget?: QueueTarget;
  holdingBridgeId?: string;
  talkBridgeId?: string;
  talkMembers: Set<string>;
  customerPlace: CustomerPlace;
  customerAnswered: boolean;
  mohOn: boolean;
  /** A queue announcement being played to the customer. */
  announcement?: Playback;
  announceTimer?: TimerHandle;
  ringTimer?: TimerHandle;
  consultTimer?: TimerHandle;
  recordingId?: string;
  recordingPaused: boolean;
  muted: boolean;
  /** Media effects run one after another, so a bridge is never joined before it exists. */
  media: Promise<void>;
  /** Store writes run one after another, so the timeline is stored in order. */
  writes: Promise<void>;
}

/** A call as the daemon holds it in memory before anything is played, bridged or recorded. */
export function newLiveCall(record: CallRecord, state: CallState, legs: CallLeg[] = [], seq = 0): LiveCall {
  return {
    record,
    state,
    legs: new Map(legs.map((l) => [l.id, { ...l }])),
    seq,
    talkMembers: new Set(),
    customerPlace: 'none',
    customerAnswered: false,
    mohOn: false,
    muted: false,
    recordingPaused: false,
    media: Promise.resolve(),
    writes: Promise.resolve(),
  };
}

export function legRoleOf(call: LiveCall, legId: string): CallLeg['role'] | undefined {
  return call.legs.get(legId)?.role;
}

/** Read through a function so TypeScript does not keep a narrowing across awaits. */
export function isEnded(call: LiveCall): boolean {
  return call.state.name === 'ended';
}
