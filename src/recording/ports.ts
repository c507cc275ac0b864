/** What the recording lifecycle needs besides the media server: somewhere to keep the rows. */

export interface RecordingRow {
  id: string;
  callId: string;
  /** RecordOptions.name: the file is `<recordings folder>/<name>.wav`. */
  name: string;
  startedAt: number;
  stoppedAt?: number;
  durationMs?: number;
  /** Paused (PCI: the customer reads a card number) right now. */
  paused: boolean;
  /** Set when a crash cut the recording off: what its file turned out to be at the next start. */
  fileState?: RecordingFileState;
}

/** complete: the file is whole; repaired: its WAV header was fixed; missing: no file; damaged: unreadable. */
export type RecordingFileState = 'complete' | 'repaired' | 'missing' | 'damaged';

export interface RecordingStore {
  saveRecording(row: RecordingRow): Promise<void>;
}
