import type { MediaRef } from '../pbx/port.js';

/** Tunables of call handling; main.ts builds them from the deployment's configuration. */
export interface CallsConfig {
  /** A caller who hangs up this soon after arriving, before any agent answered, is a quick hang-up. */
  quickHangupMs: number;
  /** Ring time of a consultation leg and of the agent's phone on click-to-dial. */
  agentDialTimeoutMs: number;
  /** Ring time of the customer's number on click-to-dial and of external consultations. */
  externalDialTimeoutMs: number;
  /** Seconds between position / wait announcements when the queue target does not say (0: none). */
  defaultAnnounceEverySec: number;
  /** Music-on-hold class for queued callers (the media server's default when omitted). */
  mohClass?: string;
  /** Caller id shown to customers on click-to-dial when the agent does not choose one. */
  outboundCallerId?: string;
  /** The caller ids an agent may choose from on click-to-dial (E.164). */
  callerIds?: readonly string[];
  prompts: {
    /** "You are caller number" before the position. */
    positionIntro: MediaRef[];
    /** After the position. */
    positionOutro: MediaRef[];
    /** "Estimated wait time" before the minutes. */
    waitIntro: MediaRef[];
    /** After the minutes. */
    waitOutro: MediaRef[];
    /** Played before hanging up a caller the line is closed for. */
    closed: MediaRef[];
    /** Played before hanging up a caller who waited too long. */
    queueTimeout: MediaRef[];
    /** Played before hanging up a caller whose IVR flow could not run. */
    ivrError: MediaRef[];
  };
  /** Record every answered call (the talk bridge), files under recordings/. */
  recordCalls: boolean;
}

export const DEFAULT_CALLS_CONFIG: CallsConfig = {
  quickHangupMs: 5_000,
  agentDialTimeoutMs: 30_000,
  externalDialTimeoutMs: 45_000,
  defaultAnnounceEverySec: 30,
  prompts: {
    // Named prompts, not sound files: each PBX adapter plays what its PBX ships for the name.
    positionIntro: [{ kind: 'prompt', name: 'queue_position_intro' }],
    positionOutro: [{ kind: 'prompt', name: 'queue_position_outro' }],
    waitIntro: [{ kind: 'prompt', name: 'queue_wait_intro' }],
    waitOutro: [{ kind: 'prompt', name: 'queue_wait_outro' }],
    closed: [{ kind: 'prompt', name: 'closed' }],
    queueTimeout: [{ kind: 'prompt', name: 'goodbye' }],
    // The 'no service' prompt: a caller whose flow cannot run is told so, then hung up.
    ivrError: [{ kind: 'prompt', name: 'closed' }],
  },
  recordCalls: true,
};
