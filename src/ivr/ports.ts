/**
 * What the IVR needs from the rest of the system. Adapters (store repositories, the config
 * helper's repositories, espeak-ng, pocketsphinx, fetch) implement these; tests use small fakes.
 */
import type { FlowProblem } from './flow.js';

/** Names a flow may refer to, checked at validation time (implemented by the config repositories). */
export interface IvrReferenceLookup {
  queueExists(ref: string): Promise<boolean>;
  calendarExists(ref: string): Promise<boolean>;
  /** Skills a queue node asks for; a lookup without it (tests, `ivr check` offline) accepts any. */
  skillExists?(ref: string): Promise<boolean>;
  /** Teams a voicemail node gives its tickets to; a lookup without it accepts any. */
  teamExists?(ref: string): Promise<boolean>;
}

/**
 * Flows name queues and skills as admins know them ("support", "english"); the routing engine keys
 * both by id. Implemented over the configuration; names compare case-insensitively.
 */
export interface FlowTargetLookup {
  queueIdOf(ref: string): Promise<string | undefined>;
  skillIdOf(ref: string): Promise<string | undefined>;
  /** A disabled queue takes no new contacts; a lookup without it treats every queue as enabled. */
  queueEnabled?(id: string): Promise<boolean>;
}

export type CalendarState = 'open' | 'closed' | 'holiday';

/** Business hours and holidays (implemented over the config helper's calendars). */
export interface CalendarPort {
  stateAt(calendar: string, atMs: number): Promise<CalendarState>;
}

export interface HttpLookupRequest {
  url: string;
  method: 'GET' | 'POST';
  /** Sent as JSON for POST. */
  body?: unknown;
  signal: AbortSignal;
}

/** Calls a CRM or any JSON endpoint; rejects on network errors and non-2xx answers. */
export interface HttpLookupPort {
  fetchJson(request: HttpLookupRequest): Promise<unknown>;
}

/** Text to speech; returns a file path without extension the media server can play. */
export interface TtsEngine {
  synthesize(text: string): Promise<string>;
}

export interface Recognition {
  /** The phrase heard, exactly as one of the offered phrases, or null when nothing matched. */
  phrase: string | null;
}

/** Speech recognition against a closed list of phrases (a grammar), so another engine can replace pocketsphinx. */
export interface Recognizer {
  /**
   * False when this machine cannot recognize speech (its tools are missing): speech menus then
   * take keys only, without recording the caller, instead of failing on every call.
   */
  available(): boolean;
  recognize(wavFile: string, phrases: readonly string[]): Promise<Recognition>;
}

/** Where the media server puts a recording made with `startRecording({ name })`. */
export interface RecordingFiles {
  wavPathOf(name: string): string;
}

export interface VoiceMessage {
  callId: string;
  flow: string;
  mailbox: string;
  callerNumber: string;
  recordingName: string;
  /** The team (id or name) the voicemail node named, for the ticket; null: none. */
  team: string | null;
  durationMs: number | null;
  at: number;
  variables: Record<string, string>;
}

/** Voicemail left in the IVR becomes a message record the ticket system picks up. */
export interface MessageSink {
  createMessage(message: VoiceMessage): Promise<string>;
}

/** Values a flow stores against the call (survey ratings, answers). */
export interface CallDataSink {
  save(callId: string, flow: string, values: Record<string, string>, at: number): Promise<void>;
}

export interface FlowVersionRecord {
  flow: string;
  version: number;
  hash: string;
  source: string;
  file: string;
  changedAt: number;
  changedBy: string | null;
}

/** Every accepted version of every flow, with when it changed (audit). */
export interface FlowVersionStore {
  /** Stores a new version unless the latest stored one has the same hash; returns the current version number. */
  recordVersion(v: { flow: string; hash: string; source: string; file: string; changedAt: number; changedBy: string | null }): Promise<number>;
  /** Newest first. */
  listVersions(flow: string): Promise<Omit<FlowVersionRecord, 'source'>[]>;
  getVersion(flow: string, version: number): Promise<FlowVersionRecord | undefined>;
}

export interface TraceStep {
  seq: number;
  node: string;
  kind: string;
  flow: string;
  enteredAt: number;
  leftAt: number | null;
  /** Digits the caller pressed in this node. */
  digits: string;
  /** What happened: the edge taken (`1`, `timeout`, `fail`, `open`), or the outcome. */
  result: string | null;
}

export interface CallTrace {
  callId: string;
  flow: string;
  version: number;
  startedAt: number;
  endedAt: number | null;
  /** queue | transfer | callback | message | hangup | abandoned | error */
  exit: string | null;
  /** The node where the caller left the IVR. */
  exitNode: string | null;
  variables: Record<string, string>;
  steps: TraceStep[];
}

export interface AbandonPoint {
  flow: string;
  node: string;
  count: number;
}

export interface TraceStore {
  saveTrace(trace: CallTrace): Promise<void>;
  getTrace(callId: string): Promise<CallTrace | undefined>;
  /** Where callers hung up inside the IVR, most frequent first. */
  abandonPoints(fromMs: number, toMs: number, flow?: string): Promise<AbandonPoint[]>;
}

/** Reads and writes flow files (the ivr-flows folder) and tells when one changed. */
export interface FlowFiles {
  readonly dir: string;
  list(): Promise<string[]>;
  read(name: string): Promise<string | undefined>;
  /** Replaces the file atomically (write + rename), so the watcher never sees half a file. */
  write(name: string, source: string): Promise<void>;
  fileOf(name: string): string;
  /** `onError`: the watch broke after it started (the folder was removed or unmounted); changes are no longer seen. */
  watch(onChange: (name: string) => void, onError?: (err: Error) => void): () => void;
  fileExists(relativePath: string): Promise<boolean>;
}

export interface FlowState {
  name: string;
  file: string;
  /** The version that new calls run; absent when no version of the file was ever valid. */
  version: number | null;
  loadedAt: number | null;
  /** Problems of the file as it is on disk now (empty when it is the running version). */
  problems: FlowProblem[];
}
