/**
 * The recording of a recorded share or video call (issue 20, docs/remote-assistance.md), made in
 * the agent's page from the picture (and, in a call, the visitor's sound) it receives: the daemon
 * never has the media, so the viewer's browser is where it can be kept. WebM (VP9/VP8), a second's
 * chunks, sent whole once the share is over (share-desk.ts).
 *
 * Only the agent who asked records; a supervisor watching never does. The agent's own camera and
 * microphone in a video call are not in it: the received stream is what the visitor consented to.
 *
 * The daemon refuses a recording over its limit whole, so recording stops short of the limit
 * (what was recorded is kept and sent) rather than a long share losing all of it.
 */

export interface ShareRecorderOptions {
  /** Bits a second of the picture: a screen at 1 Mbit/s is about 7.5 MB a minute. */
  videoBitsPerSecond?: number;
  /** Recording stopped at the limit while the share went on. */
  full?: () => void;
}

/** Where recording stops under a limit: room kept for the chunk in flight and the file's end. */
export function recordingStopAt(maxBytes: number): number {
  return maxBytes - Math.max(Math.round(maxBytes * 0.05), 400_000);
}

export class ShareRecorder {
  private readonly chunks: Blob[] = [];
  private readonly recorder: MediaRecorder;
  private readonly stopped: Promise<Blob>;
  private stopAt = Infinity;

  constructor(
    stream: MediaStream,
    private readonly options: ShareRecorderOptions = {},
  ) {
    const type = ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'].find((t) => MediaRecorder.isTypeSupported(t)) ?? '';
    // The tracks as they are now: a track added to the stream later would not be recorded anyway.
    this.recorder = new MediaRecorder(new MediaStream(stream.getTracks()), { ...(type ? { mimeType: type } : {}), videoBitsPerSecond: options.videoBitsPerSecond ?? 1_000_000 });
    this.recorder.ondataavailable = (e) => {
      if (e.data.size > 0) this.chunks.push(e.data);
      this.checkSize();
    };
    // Also when it stopped by itself (every received track ended): what it has is kept.
    this.stopped = new Promise((resolve) => {
      this.recorder.onstop = () => resolve(new Blob(this.chunks, { type: 'video/webm' }));
    });
    this.recorder.start(1000);
  }

  /** The daemon's limit for one recording (it arrives after the recording started). */
  limit(maxBytes: number): void {
    this.stopAt = recordingStopAt(maxBytes);
    this.checkSize();
  }

  /** Bytes recorded so far (whole chunks). */
  size(): number {
    return this.chunks.reduce((n, c) => n + c.size, 0);
  }

  /** Stops (if it still runs) and gives the recording; empty when nothing was recorded. */
  stop(): Promise<Blob> {
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    return this.stopped;
  }

  private checkSize(): void {
    if (this.recorder.state !== 'recording' || this.size() < this.stopAt) return;
    this.recorder.stop();
    this.options.full?.();
  }
}
