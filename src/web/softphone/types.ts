import type { SoftphoneError } from './errors.js';

/** What GET /api/agent/softphone answers: everything a browser needs to register. */
export interface SoftphoneCredentials {
  /** SIP over secure WebSocket of the media server (wss://pbx.example.com:8089/ws). */
  wsUrl: string;
  /** The address this browser registers (sip:web-agent1@pbx.example.com). */
  sipUri: string;
  authorizationUsername: string;
  password: string;
  displayName: string;
  iceServers: RTCIceServer[];
}

/**
 * unregistered -register()-> connecting -200 OK-> registered -unregister()-> unregistered
 *                            connecting -socket fails / 401, 403-> failed -register()-> connecting
 *                            registered -socket closes / refresh refused-> failed
 */
export type RegistrationState = 'unregistered' | 'connecting' | 'registered' | 'failed';

/**
 * One call's life (hold and mute are flags on an active call, not states):
 *
 *   incoming:  ringing --answer()--> connecting --200 OK sent--> active --BYE either way--> ended
 *              ringing --reject() / caller cancels / answer fails--> ended
 *   outgoing:  calling --2xx--> active --BYE either way--> ended
 *              calling --hangup() (CANCEL) / 4xx-6xx--> ended
 */
export type CallState = 'ringing' | 'calling' | 'connecting' | 'active' | 'ended';

export type CallEndReason =
  /** This browser hung up, rejected or cancelled. */
  | 'local'
  /** The far end hung up (BYE). */
  | 'remote'
  /** An incoming call stopped ringing before it was answered (CANCEL). */
  | 'cancelled'
  /** An outgoing call was refused; statusCode says how (486 busy, 404, 480 ...). */
  | 'rejected'
  /** Setting the call up failed (media, transport). */
  | 'failed';

export interface CallSnapshot {
  id: string;
  direction: 'incoming' | 'outgoing';
  state: CallState;
  held: boolean;
  muted: boolean;
  /** The far end: its SIP URI and display name (the caller id the PBX sends). */
  remote: { uri: string; displayName: string };
  endReason?: CallEndReason;
  /** The SIP status of a refused outgoing call. */
  statusCode?: number;
}

export interface SoftphoneSnapshot {
  registration: RegistrationState;
  /** The live call, or the last one (state 'ended') until another starts. */
  call?: CallSnapshot;
}

export interface SoftphoneCall {
  readonly id: string;
  readonly direction: 'incoming' | 'outgoing';
  readonly state: CallState;
  readonly held: boolean;
  readonly muted: boolean;
  readonly remote: { uri: string; displayName: string };
  snapshot(): CallSnapshot;
  /** Opens the microphone, then accepts; MIC_DENIED / NO_MICROPHONE leave the call ringing. */
  answer(): Promise<void>;
  /** Declines a ringing call (603 Decline). */
  reject(): Promise<void>;
  /** Ends the call whatever its state: reject, CANCEL or BYE. */
  hangup(): Promise<void>;
  /** re-INVITE with a sendonly offer; the far end hears its music on hold, we hear nothing. */
  hold(): Promise<void>;
  unhold(): Promise<void>;
  /** Stops sending the microphone (the track stays open, so unmute is instant). */
  mute(): void;
  unmute(): void;
  /** RFC 4733 RTP events when negotiated, SIP INFO (application/dtmf-relay) otherwise. */
  sendDtmf(tones: string): Promise<void>;
}

export interface AudioDevice {
  deviceId: string;
  /** Empty until the page has been allowed the microphone once (browser privacy rule). */
  label: string;
}

export interface AudioDevices {
  inputs: AudioDevice[];
  outputs: AudioDevice[];
  /** False where the browser cannot route audio to a chosen output (no setSinkId). */
  outputSelectable: boolean;
}

export interface SoftphoneEvents {
  /** Anything changed: registration, the call's state, hold, mute. */
  state: SoftphoneSnapshot;
  /** A call is ringing here: answer() or reject() it. */
  incoming: SoftphoneCall;
  /**
   * Failures nobody is waiting for (the connection drops, a refresh is refused, audio is
   * blocked). Failures of a method call reject that call's promise instead.
   */
  error: SoftphoneError;
  /** A tone went out, as the browser played it (RTP) or the PBX accepted it (INFO). */
  dtmf: { callId: string; tone: string; via: 'rtp' | 'info' };
}

export interface Softphone {
  readonly registration: RegistrationState;
  /** The live call, if any. */
  readonly call: SoftphoneCall | undefined;
  snapshot(): SoftphoneSnapshot;
  /** Connects the WebSocket and registers; PBX_UNREACHABLE, REGISTRATION_REFUSED or REGISTRATION_FAILED. */
  register(): Promise<void>;
  unregister(): Promise<void>;
  /** Calls an extension (in the softphone's domain) or a full sip: URI. */
  dial(target: string): Promise<SoftphoneCall>;
  /** Lists microphones and loudspeakers; with askPermission, opens the microphone once so labels show. */
  listDevices(options?: { askPermission?: boolean }): Promise<AudioDevices>;
  /** The microphone for the next calls, and for the live one at once. */
  setInputDevice(deviceId: string | undefined): Promise<void>;
  /** Where the far end is heard. */
  setOutputDevice(deviceId: string): Promise<void>;
  on<K extends keyof SoftphoneEvents>(event: K, handler: (payload: SoftphoneEvents[K]) => void): () => void;
  /** Hangs up, unregisters, closes the WebSocket and drops every handler. */
  dispose(): Promise<void>;
}
