/**
 * The media-server port: everything Switchboard asks of Asterisk, FreeSWITCH or the simulated
 * server, in one neutral vocabulary. Adapters live in pbx/asterisk, pbx/freeswitch and pbx/sim;
 * one contract suite (test/contract/media-server.contract.ts) runs against every one of them.
 *
 * Rules every adapter keeps:
 * - Channel ids are strings chosen by us where the PBX lets us (ARI channelId, FreeSWITCH
 *   origination_uuid), so a caller knows the id before the first event about it arrives.
 * - A channel can vanish at any moment. Operations on a channel that is gone reject with
 *   AppError CHANNEL_GONE (bridges: BRIDGE_GONE); callers treat that as an outcome, never a crash.
 *   The long-running operations `play` and `collectDigits` never reject for that reason: they
 *   resolve with reason 'gone'.
 * - Operations when the PBX connection is down reject with PBX_UNAVAILABLE; a request the PBX
 *   refuses rejects with PBX_REJECTED carrying the PBX's own message in `details`.
 * - After every reconnect the adapter reconciles with what the PBX really has and emits
 *   `channel.hangup` (cause 'lost') for every channel it knew that no longer exists, then
 *   `connection.reconciled`.
 * - Events for one channel are delivered in the order the PBX produced them.
 */

/** Where to send a new call leg. */
export type EndpointRef =
  /** A device of ours (agent desk phone, softphone, WebRTC user), by its configured name. */
  | { kind: 'phone'; name: string }
  /** An external number, through a trunk (the adapter's default trunk when omitted). */
  | { kind: 'number'; number: string; trunk?: string }
  /** A technology dial string passed through untouched (`PJSIP/agent1`, `sofia/gateway/gw/123`). */
  | { kind: 'dial'; dialString: string };

/** Something to play to a channel. */
export type MediaRef =
  /** A prompt installed on the media server, by name without extension (`hello-world`). */
  | { kind: 'sound'; name: string }
  /** A file readable by the media server: absolute path without extension. */
  | { kind: 'file'; path: string }
  /** Say digits one by one ("three four"). */
  | { kind: 'digits'; value: string }
  /** Say a number ("thirty-four"). */
  | { kind: 'number'; value: number }
  /** Silence, for pacing between prompts. */
  | { kind: 'silence'; ms: number }
  /** One of the daemon's own announcements: the adapter plays what its PBX ships for it. */
  | { kind: 'prompt'; name: PromptName };

/**
 * Announcements the daemon makes itself (queue position and wait, closed line, goodbye). The
 * daemon only names them; each adapter maps a name to sounds its PBX really installs (Asterisk
 * core sounds, FreeSWITCH's en/us/callie set) and `checkPrompts` says which of those are missing.
 */
export const PROMPT_NAMES = [
  'queue_position_intro',
  'queue_position_outro',
  'queue_wait_intro',
  'queue_wait_outro',
  'closed',
  'goodbye',
] as const;
export type PromptName = (typeof PROMPT_NAMES)[number];

/** A daemon prompt whose sound the PBX does not have (`sound` as the PBX names or stores it). */
export interface MissingPrompt {
  prompt: PromptName;
  sound: string;
}

export type ChannelState = 'down' | 'ringing' | 'up';

export interface ChannelInfo {
  id: string;
  /** inbound: entered our application from outside; outbound: originated by us. */
  direction: 'inbound' | 'outbound';
  state: ChannelState;
  /** Technology name as the PBX shows it (`PJSIP/caller-00000001`, `sofia/cti/1000@127.0.0.1`). */
  name: string;
  callerNumber: string;
  callerName: string;
  /** The number that was dialed (the DID for inbound calls). */
  dialedNumber: string;
  /** Channel variables the PBX handed us (dialplan `Set`, originate variables). */
  variables: Record<string, string>;
  /** SIP headers of the initial INVITE the adapter could see (X- headers at least). */
  sipHeaders: Record<string, string>;
  /** The bridge the channel is in, if any. */
  bridgeId?: string;
}

export type BridgeKind = 'mixing' | 'holding';

export interface BridgeInfo {
  id: string;
  kind: BridgeKind;
  channelIds: string[];
}

/** Normalized hang-up causes; `causeCode` carries the Q.850 number when the PBX gives one. */
export type HangupCause =
  | 'normal'
  | 'busy'
  | 'no_answer'
  | 'rejected'
  | 'unreachable'
  | 'failed'
  /** The adapter lost track of the channel (PBX restart, reconcile found it gone). */
  | 'lost';

export type EndpointPresence = 'registered' | 'unregistered' | 'unknown';

export type PbxEvent =
  /** A new call entered our application (ARI StasisStart of a dialplan channel, ESL park/socket). */
  | { type: 'channel.inbound'; channel: ChannelInfo }
  /** A leg we originated is ringing at the far end. */
  | { type: 'channel.ringing'; channelId: string }
  /** A channel was answered: an originated leg picked up, or an inbound one we answered. */
  | { type: 'channel.answered'; channelId: string }
  | {
      type: 'channel.hangup';
      channelId: string;
      cause: HangupCause;
      causeCode?: number;
      causeText?: string;
      /** Who ended it: the far end, us (hangup() or redirect), or not known. */
      initiator: 'remote' | 'local' | 'unknown';
    }
  /** One DTMF digit, sent when the digit ends. */
  | { type: 'channel.dtmf'; channelId: string; digit: string }
  | { type: 'recording.finished'; recordingId: string; durationMs?: number }
  | { type: 'endpoint.presence'; endpoint: string; presence: EndpointPresence }
  | { type: 'connection.up' }
  | { type: 'connection.down'; reason: string }
  | { type: 'connection.reconciled'; lostChannelIds: string[]; adoptedChannelIds: string[] };

export type PbxEventType = PbxEvent['type'];

export interface OriginateOptions {
  endpoint: EndpointRef;
  /** Our id for the new leg; generated when omitted. */
  channelId?: string;
  callerIdNumber?: string;
  callerIdName?: string;
  /** How long the far end may ring before the leg ends with cause no_answer. */
  timeoutMs: number;
  variables?: Record<string, string>;
}

export type PlayOutcome =
  | { reason: 'finished' }
  | { reason: 'interrupted'; digit: string }
  | { reason: 'stopped' }
  | { reason: 'gone' };

export interface Playback {
  readonly id: string;
  readonly done: Promise<PlayOutcome>;
  /** Stop early; `done` resolves with 'stopped'. Stopping a finished playback is a no-op. */
  stop(): Promise<void>;
}

export interface PlayOptions {
  /** Digits that interrupt the playback (`'0123456789*#'`); none when omitted. */
  interruptDigits?: string;
}

export interface CollectOptions {
  /** Stop after this many digits. */
  maxDigits: number;
  /** Wait for the first digit (after the prompt ends). */
  firstDigitTimeoutMs: number;
  /** Wait between digits; defaults to firstDigitTimeoutMs. */
  interDigitTimeoutMs?: number;
  /** Digits that end input and are not part of it (usually '#'). */
  terminators?: string;
  /** Played first; any digit interrupts it and counts as input. */
  prompt?: MediaRef[];
}

export interface CollectResult {
  digits: string;
  reason: 'max' | 'terminator' | 'timeout' | 'gone';
}

export interface RecordOptions {
  /** What to record: one channel, or everything mixed in a bridge. */
  target: { channelId: string } | { bridgeId: string };
  /** File name without extension, unique; stored under the deployment's recordings folder. */
  name: string;
  format: 'wav';
  /** Beep before recording (voicemail). */
  beep?: boolean;
  /** End the recording after this much silence (voicemail), or never when omitted. */
  maxSilenceMs?: number;
  /** Hard limit on the length. */
  maxDurationMs?: number;
  /** Digits that end the recording (voicemail '#'). */
  terminateOn?: string;
  /**
   * Samples per second of the file: 8000 (telephony, the default) or 16000 (wideband, what
   * speech recognizers' models expect). Asterisk stores a 16 kHz WAV as `<name>.wav16`.
   */
  sampleRate?: 8000 | 16000;
}

export type SupervisionMode = 'listen' | 'whisper' | 'barge';

export interface SuperviseOptions {
  /** The agent leg being supervised. */
  targetChannelId: string;
  /** The supervisor's own leg, already answered (originated by the caller of supervise). */
  supervisorChannelId: string;
  mode: SupervisionMode;
}

export interface PbxSnapshot {
  channels: ChannelInfo[];
  bridges: BridgeInfo[];
}

export interface MediaServer {
  /** 'asterisk' | 'freeswitch' | 'sim' — shown in UIs and logs. */
  readonly kind: string;
  /** True for the in-process simulated server: every UI that shows it labels it simulated. */
  readonly simulated: boolean;

  connect(): Promise<void>;
  close(): Promise<void>;
  isConnected(): boolean;
  /** Subscribe to every event; returns the unsubscribe function. */
  onEvent(listener: (event: PbxEvent) => void): () => void;

  answer(channelId: string): Promise<void>;
  hangup(channelId: string, cause?: HangupCause): Promise<void>;
  originate(options: OriginateOptions): Promise<string>;

  play(channelId: string, media: MediaRef[], options?: PlayOptions): Promise<Playback>;
  collectDigits(channelId: string, options: CollectOptions): Promise<CollectResult>;
  startMoh(channelId: string, mohClass?: string): Promise<void>;
  stopMoh(channelId: string): Promise<void>;
  sendDtmf(channelId: string, digits: string): Promise<void>;

  createBridge(kind: BridgeKind, id?: string): Promise<string>;
  addToBridge(bridgeId: string, channelId: string): Promise<void>;
  removeFromBridge(bridgeId: string, channelId: string): Promise<void>;
  destroyBridge(bridgeId: string): Promise<void>;

  /**
   * This party puts the call on hold. Who hears what until unhold:
   *  - every other member of its bridge (the caller) hears music on hold, not this party;
   *  - this party (the agent) hears silence, not the caller.
   * Nobody leaves the bridge; unhold restores it as it was. FreeSWITCH's uuid_hold on the agent
   * leg behaves so; ARI's channel hold does not (it plays music to the held channel itself), so
   * the Asterisk adapter builds it from channel music on hold and silence.
   */
  hold(channelId: string): Promise<void>;
  unhold(channelId: string): Promise<void>;
  /** Mute what the channel says ('in', towards the bridge), what it hears ('out'), or both. */
  mute(channelId: string, direction: 'in' | 'out' | 'both'): Promise<void>;
  unmute(channelId: string, direction: 'in' | 'out' | 'both'): Promise<void>;

  startRecording(options: RecordOptions): Promise<string>;
  stopRecording(recordingId: string): Promise<void>;
  pauseRecording(recordingId: string): Promise<void>;
  resumeRecording(recordingId: string): Promise<void>;

  /** Connect a supervisor leg to an agent leg; returns a session id. */
  supervise(options: SuperviseOptions): Promise<string>;
  setSupervisionMode(sessionId: string, mode: SupervisionMode): Promise<void>;
  endSupervision(sessionId: string): Promise<void>;

  /** Hand the channel to another endpoint and out of our control (SIP REFER / transfer). */
  redirect(channelId: string, target: EndpointRef): Promise<void>;

  setVariable(channelId: string, name: string, value: string): Promise<void>;
  getVariable(channelId: string, name: string): Promise<string | undefined>;

  endpointPresence(name: string): Promise<EndpointPresence>;
  /** What the PBX really has now, for reconciliation and for the operator. */
  snapshot(): Promise<PbxSnapshot>;
  /** The daemon prompts whose sounds the PBX lacks ([] when all are installed); run at start. */
  checkPrompts(): Promise<MissingPrompt[]>;
}
