/**
 * Computed waveforms kept in memory, newest use last (a small LRU).
 *
 * Why: drawing a waveform reads the whole recording (a two-hour call is over 100 MB), and the
 * same call is opened again and again (a supervisor going back and forth in the records, QA
 * listening to a call while scoring it). A recording's peaks change only when its file does, so
 * the key is the recording id with the file's modification time and size (a recording still
 * being written, or a cut-off one whose header was repaired at start, gets new ones) and the
 * number of buckets asked. The promise is kept, not only the answer, so two requests arriving
 * together read the file once; a failed read is dropped so that the next request tries again.
 * 64 entries of at most 2,000 numbers: well under a megabyte.
 */
import type { WavPeaks } from './wav-peaks.js';

export interface PeaksKey {
  recordingId: string;
  modifiedAt: number;
  size: number;
  buckets: number;
}

export class PeaksCache {
  private readonly entries = new Map<string, Promise<WavPeaks>>();

  constructor(private readonly capacity = 64) {}

  /** The cached peaks for the key, or those `compute` makes (kept unless it fails). */
  get(key: PeaksKey, compute: () => Promise<WavPeaks>): { peaks: Promise<WavPeaks>; cached: boolean } {
    const k = JSON.stringify([key.recordingId, key.modifiedAt, key.size, key.buckets]);
    const hit = this.entries.get(k);
    if (hit) {
      // A Map iterates in insertion order: re-inserting makes this the most recently used.
      this.entries.delete(k);
      this.entries.set(k, hit);
      return { peaks: hit, cached: true };
    }
    const peaks = compute();
    this.entries.set(k, peaks);
    void peaks.then(
      () => undefined,
      // The caller sees the failure through its own promise; only the cache forgets it.
      () => {
        if (this.entries.get(k) === peaks) this.entries.delete(k);
      },
    );
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return { peaks, cached: false };
  }

  get size(): number {
    return this.entries.size;
  }
}
