/**
 * The recording lifecycle of calls: start on the talk bridge when the customer meets an agent,
 * pause / resume (card numbers must not be recorded), stop when the call ends. Files land in the
 * deployment's recordings/ folder under `call-<callId>-<n>`; a recording that cannot start never
 * stops the call.
 */
import type { Clock } from '../core/clock.js';
import { isAppError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { MediaServer } from '../pbx/port.js';
import type { RecordingRow, RecordingStore } from './ports.js';

export interface RecordingDeps {
  pbx: MediaServer;
  store: RecordingStore;
  clock: Clock;
  log: Logger;
  /**
   * Resolves once the call's record writes queued so far have landed: a recording's row refers to
   * its call's row, and a call that meets an agent in its first instant would otherwise race it.
   */
  callStored?: (callId: string) => Promise<void>;
}

export class RecordingService {
  private readonly rows = new Map<string, RecordingRow>();
  private readonly perCall = new Map<string, number>();
  /** Row writes not yet answered: a stop waits for them, so the next run finds every part it must continue. */
  private readonly writing = new Set<Promise<void>>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: RecordingDeps) {
    this.unsubscribe = deps.pbx.onEvent((e) => {
      if (e.type !== 'recording.finished') return;
      const row = this.rows.get(e.recordingId);
      if (!row) return;
      row.stoppedAt ??= deps.clock.now();
      if (e.durationMs !== undefined) row.durationMs = e.durationMs;
      this.save(row);
      this.rows.delete(e.recordingId);
    });
  }

  close(): void {
    this.unsubscribe();
  }

  /** Resolves once every row write queued so far has landed or failed (logged). */
  async flush(): Promise<void> {
    while (this.writing.size > 0) await Promise.all([...this.writing]);
  }

  /** Recordings this run started and has not seen finish. */
  liveIds(): Set<string> {
    return new Set(this.rows.keys());
  }

  async start(callId: string, bridgeId: string, part?: number): Promise<string | undefined> {
    const n = part ?? (this.perCall.get(callId) ?? 0) + 1;
    this.perCall.set(callId, n);
    const name = `call-${callId}-${n}`;
    try {
      const id = await this.deps.pbx.startRecording({ target: { bridgeId }, name, format: 'wav' });
      const row: RecordingRow = { id, callId, name, startedAt: this.deps.clock.now(), paused: false };
      this.rows.set(id, row);
      this.save(row);
      return id;
    } catch (err) {
      this.deps.log.warn({ callId, err }, 'the call recording could not start');
      return undefined;
    }
  }

  async stop(callId: string, recordingId: string): Promise<void> {
    const row = this.rows.get(recordingId);
    try {
      await this.deps.pbx.stopRecording(recordingId);
    } catch (err) {
      // A recording whose bridge already went away has stopped by itself.
      if (!isAppError(err, 'NOT_FOUND') && !isAppError(err, 'BRIDGE_GONE') && !isAppError(err, 'CHANNEL_GONE')) {
        this.deps.log.warn({ callId, err }, 'stopping the call recording failed');
      }
    }
    this.perCall.delete(callId);
    if (row && row.stoppedAt === undefined) {
      row.stoppedAt = this.deps.clock.now();
      this.save(row);
    }
  }

  async pause(recordingId: string): Promise<void> {
    const row = this.rows.get(recordingId);
    await this.deps.pbx.pauseRecording(recordingId);
    if (row) {
      row.paused = true;
      this.save(row);
    }
  }

  async resume(recordingId: string): Promise<void> {
    const row = this.rows.get(recordingId);
    await this.deps.pbx.resumeRecording(recordingId);
    if (row) {
      row.paused = false;
      this.save(row);
    }
  }

  /** Rows are written in order per recording (a stop must not be overtaken by its start), after the call's own. */
  private save(row: RecordingRow): void {
    const copy = { ...row };
    const before = this.chains.get(row.id) ?? this.deps.callStored?.(row.callId) ?? Promise.resolve();
    const write = before
      .then(() => this.deps.store.saveRecording(copy))
      .catch((err: unknown) => {
        this.deps.log.error({ recordingId: row.id, callId: row.callId, err }, 'storing the recording row failed');
      });
    this.chains.set(row.id, write);
    this.writing.add(write);
    void write.finally(() => {
      this.writing.delete(write);
      if (this.chains.get(row.id) === write) this.chains.delete(row.id);
    });
  }
}
