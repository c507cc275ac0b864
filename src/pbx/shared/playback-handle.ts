/**
 * A `Playback` whose outcome settles exactly once, whichever comes first: the PBX saying it
 * finished, a DTMF interrupt, our stop(), or the channel going away. Late reports are ignored,
 * so an adapter can forward every PBX event without bookkeeping.
 */
import { silentLogger, type Logger } from '../../core/log.js';
import { tolerateGone } from '../../core/tolerate-gone.js';
import type { PlayOutcome, Playback } from '../port.js';

export class PlaybackHandle implements Playback {
  readonly done: Promise<PlayOutcome>;
  private resolve!: (o: PlayOutcome) => void;
  private outcome: PlayOutcome | undefined;

  constructor(
    readonly id: string,
    /** Asks the PBX to stop; already finished or channel gone is the goal reached. */
    private readonly stopOnPbx: () => Promise<void>,
    /** Where a stop that failed otherwise is logged (it still settles as stopped). */
    private readonly log: Logger = silentLogger,
  ) {
    this.done = new Promise((r) => (this.resolve = r));
  }

  get settled(): boolean {
    return this.outcome !== undefined;
  }

  /** Returns false when the playback had already ended. */
  settle(outcome: PlayOutcome): boolean {
    if (this.outcome) return false;
    this.outcome = outcome;
    this.resolve(outcome);
    return true;
  }

  async stop(): Promise<void> {
    if (this.outcome) return;
    // Stopping is best effort: the playback may have ended or the channel gone meanwhile.
    await tolerateGone(this.log, { what: 'stop a playback', playbackId: this.id }, this.stopOnPbx);
    this.settle({ reason: 'stopped' });
  }
}

/** A playback that is over before it starts (the channel was already gone). */
export function endedPlayback(id: string, outcome: PlayOutcome): PlaybackHandle {
  const handle = new PlaybackHandle(id, () => Promise.resolve());
  handle.settle(outcome);
  return handle;
}
