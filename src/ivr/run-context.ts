import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import type { ChannelInfo, CollectOptions, CollectResult, MediaRef, MediaServer, PlayOutcome } from '../pbx/port.js';
import type { Flow, PromptSpec } from './flow.js';
import type { CalendarPort, CallDataSink, HttpLookupPort, MessageSink, Recognizer, RecordingFiles } from './ports.js';

/**
 * What the runner hands back to the call-handling code. For `queue` and `callback` the caller is
 * still on the line and the routing engine takes over; every other exit has already ended our
 * part of the call (hung up, redirected, or the caller left).
 */
export type IvrOutcome =
  | {
      kind: 'queue';
      queue: string;
      priority: number;
      skills: string[];
      /** Played to the caller while waiting, already resolved to media. */
      announcements: MediaRef[];
    }
  | { kind: 'callback'; queue: string; number: string }
  | { kind: 'transfer'; number: string; trunk?: string }
  | { kind: 'message'; messageId: string }
  | { kind: 'hangup' }
  /** The caller hung up inside the IVR, at `node`. */
  | { kind: 'abandoned'; node: string }
  | { kind: 'error'; node: string; reason: string };

export type IvrResult = IvrOutcome & {
  flow: string;
  version: number;
  variables: Record<string, string>;
  tags: string[];
};

/** What a node tells the runner to do next. */
export type Step =
  | { next: string; result?: string }
  | { outcome: IvrOutcome; result?: string }
  | { enterFlow: string; resume?: string }
  | { returnFromFlow: true };

export interface IvrServices {
  calendars: CalendarPort;
  http: HttpLookupPort;
  recognizer: Recognizer;
  recordings: RecordingFiles;
  messages: MessageSink;
  callData: CallDataSink;
  /** Resolves `file:` prompts (relative to the flows folder) to absolute paths. */
  flowsDir: string;
}

export interface RunContext {
  readonly callId: string;
  readonly channel: ChannelInfo;
  readonly media: MediaServer;
  readonly clock: Clock;
  readonly log: Logger;
  readonly flow: Flow;
  readonly services: IvrServices;
  readonly vars: Record<string, string>;
  readonly tags: Set<string>;
  /** True once the caller hung up. */
  gone(): boolean;
  /** Turn prompt specs into media (TTS is synthesized and cached here). */
  resolve(prompts: PromptSpec[]): Promise<MediaRef[]>;
  play(prompts: PromptSpec[], interruptDigits?: string): Promise<PlayOutcome>;
  collect(options: CollectOptions): Promise<CollectResult>;
  /** Remember digits pressed in the current node, for the trace. */
  pressed(digits: string): void;
  /** Resolves when the channel sends a DTMF digit; the returned function stops listening. */
  onDigit(listener: (digit: string) => void): () => void;
  /** Resolves when the recording ends (its `recording.finished` event). */
  recordingFinished(recordingId: string): Promise<{ durationMs?: number }>;
}

/** Replaces `${name}` with the call's variable (empty when unset). */
export function interpolate(template: string, vars: Record<string, string>, encode?: (s: string) => string): string {
  return template.replace(/\$\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g, (_m, name: string) => {
    const v = vars[name] ?? '';
    return encode ? encode(v) : v;
  });
}
