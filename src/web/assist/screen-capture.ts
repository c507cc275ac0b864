/**
 * A screenshot or a short screen recording from either side of a chat (issue 20), sent as an
 * ordinary chat upload (same checks, limits and access as any file). The browser asks which
 * screen, window or tab each time: that choice is the consent.
 */

/** Longest recording the buttons make; a longer one would pass the video size limit on a busy screen. */
export const MAX_RECORDING_MS = 60_000;

export function canCaptureScreen(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';
}

/** One frame of the chosen screen as a PNG. */
export async function screenshot(): Promise<File> {
  const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
  try {
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = stream;
    await video.play();
    // The first frame is decoded once the size is known.
    if (video.videoWidth === 0) await new Promise((resolve) => video.addEventListener('resize', resolve, { once: true }));
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d')?.drawImage(video, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the browser made no picture of the screen');
    return new File([blob], `screenshot-${stamp()}.png`, { type: 'image/png' });
  } finally {
    for (const t of stream.getTracks()) t.stop();
  }
}

export interface ScreenRecording {
  /** Stops and gives the recording (WebM). */
  stop(): Promise<File>;
  cancel(): void;
  /** Resolves when the recording stopped by itself (the browser's stop button, or the time limit). */
  done: Promise<File>;
}

/** Starts recording the chosen screen; stop() (or the limit, or the browser's own bar) ends it. */
export async function recordScreen(maxMs = MAX_RECORDING_MS): Promise<ScreenRecording> {
  const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { max: 15 } }, audio: false });
  const type = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'].find((t) => MediaRecorder.isTypeSupported(t)) ?? '';
  const recorder = new MediaRecorder(stream, type ? { mimeType: type, videoBitsPerSecond: 1_000_000 } : {});
  const chunks: Blob[] = [];
  let cancelled = false;
  recorder.ondataavailable = (e) => {
    if (e.data.size > 0) chunks.push(e.data);
  };
  const done = new Promise<File>((resolve, reject) => {
    recorder.onstop = () => {
      for (const t of stream.getTracks()) t.stop();
      window.clearTimeout(limit);
      if (cancelled) reject(new Error('cancelled'));
      else resolve(new File(chunks, `screen-recording-${stamp()}.webm`, { type: 'video/webm' }));
    };
  });
  const stop = (): Promise<File> => {
    if (recorder.state !== 'inactive') recorder.stop();
    return done;
  };
  const limit = window.setTimeout(() => void stop(), maxMs);
  for (const t of stream.getVideoTracks()) t.addEventListener('ended', () => void stop());
  recorder.start(1000);
  return {
    stop,
    done,
    cancel: () => {
      cancelled = true;
      // The refusal of `done` is the cancel itself: said once, nothing to show.
      done.catch((err: unknown) => console.info('switchboard: screen recording thrown away', err));
      if (recorder.state !== 'inactive') recorder.stop();
    },
  };
}

function stamp(): string {
  return new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
}
