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

/** Finding a recording's row by its id: the only way from an id in a URL to a file. */
export interface RecordingReader {
  recording(id: string): Promise<RecordingRow | undefined>;
}

/** A recording's audio, opened: its size and its bytes, whole or a part. */
export interface RecordingAudioFile {
  size: number;
  contentType: string;
  /** The bytes from `start` to `end` inclusive; the file closes when the stream ends or fails. */
  stream(start: number, end: number): NodeJS.ReadableStream;
  /** Closes the file when no stream is taken (a 416 answer). */
  close(): Promise<void>;
}

/** The recordings folder as the audio routes read it. */
export interface RecordingAudio {
  /** undefined when the file is not there, or the name could reach outside the folder. */
  open(name: string): Promise<RecordingAudioFile | undefined>;
}
