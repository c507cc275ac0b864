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
}

export interface RecordingStore {
  saveRecording(row: RecordingRow): Promise<void>;
}
