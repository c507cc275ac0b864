import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { Logger } from '../../core/log.js';

/**
 * What a speech menu records of a caller: `ivr-<call id>-<node>-<attempt>` (`.wav`, or `.wav16`
 * where Asterisk stores 16 kHz). Voicemail (`voicemail-...`) and call recordings are not matched:
 * they are messages and records, kept by their own rules.
 */
export const UTTERANCE_FILE = /^ivr-.+-\d+\.(wav|wav16)$/;

/**
 * Deletes the utterances last written before `cutoff` (ms since the epoch). An utterance is only
 * needed until it is recognized, a few seconds; it is kept for the retention period so a wrong
 * recognition can still be listened to. Returns how many files were removed.
 */
export async function purgeUtterances(dir: string, cutoff: number, log: Logger): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    // No folder yet: nothing was ever recorded, so there is nothing to purge.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let removed = 0;
  for (const name of names) {
    if (!UTTERANCE_FILE.test(name)) continue;
    const file = join(dir, name);
    try {
      if ((await stat(file)).mtimeMs >= cutoff) continue;
      await unlink(file);
      removed++;
    } catch (err) {
      // Gone meanwhile (a second sweep, an operator): an outcome, not a failure.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      log.warn({ err, file }, 'could not remove an expired IVR utterance');
    }
  }
  return removed;
}

export interface UtteranceRetentionOptions {
  dir: string;
  /** How long an utterance is kept; 0 keeps them forever (no sweep). */
  retentionMs: number;
  clock: Clock;
  log: Logger;
  /** How often the folder is swept. */
  everyMs?: number;
}

/** Sweeps the recordings folder at start and then every hour (by default) on the injected clock. */
export class UtteranceRetention {
  private timer: TimerHandle | undefined;
  private stopped = false;
  /** The sweep started last (at start or by the timer), so a caller can wait for it. */
  private current: Promise<number> = Promise.resolve(0);

  constructor(private readonly o: UtteranceRetentionOptions) {}

  start(): void {
    if (this.o.retentionMs <= 0) return;
    this.stopped = false;
    this.current = this.sweep();
  }

  /** How many files the sweep started last removed, once it has finished. */
  lastSweep(): Promise<number> {
    return this.current;
  }

  stop(): void {
    this.stopped = true;
    this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  async sweep(): Promise<number> {
    let removed = 0;
    try {
      removed = await purgeUtterances(this.o.dir, this.o.clock.now() - this.o.retentionMs, this.o.log);
      if (removed > 0) this.o.log.info({ removed, dir: this.o.dir }, 'expired IVR utterances removed');
    } catch (err) {
      this.o.log.error({ err, dir: this.o.dir }, 'sweeping expired IVR utterances failed; retrying at the next sweep');
    }
    if (!this.stopped) {
      this.o.clock.clearTimeout(this.timer);
      this.timer = this.o.clock.setTimeout(() => {
        this.current = this.sweep();
      }, this.o.everyMs ?? 3_600_000);
    }
    return removed;
  }
}
