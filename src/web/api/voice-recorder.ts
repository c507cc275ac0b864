/**
 * Records a voice clip with the browser's microphone (MediaRecorder), for the widget and the
 * agent's chat workspace alike. The clip is sent as an upload of kind voice; the daemon checks
 * its bytes like any file (Chromium records WebM/Opus, Firefox Ogg/Opus).
 */

/** A clip stops by itself after this long (a voice clip, not a recording of the call). */
export const MAX_CLIP_MS = 120_000;

export function canRecordVoice(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function' && typeof MediaRecorder !== 'undefined';
}

export interface VoiceRecording {
  /** Stops and hands the clip to `onClip` (once). */
  stop(): void;
  /** Stops and throws the clip away. */
  cancel(): void;
}

/** Starts recording; rejects when the microphone is refused or missing. */
export async function recordVoice(onClip: (clip: File) => void, now: () => number = Date.now): Promise<VoiceRecording> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const recorder = new MediaRecorder(stream);
  const chunks: Blob[] = [];
  let keep = true;
  recorder.ondataavailable = (e) => {
    if (e.data.size > 0) chunks.push(e.data);
  };
  recorder.onstop = () => {
    for (const track of stream.getTracks()) track.stop();
    clearTimeout(limit);
    if (!keep || chunks.length === 0) return;
    const type = (recorder.mimeType || 'audio/webm').split(';')[0] ?? 'audio/webm';
    const audioType = type.replace(/^video\//, 'audio/');
    const ext = audioType.includes('ogg') ? 'ogg' : audioType.includes('mp4') ? 'm4a' : 'webm';
    const stamp = new Date(now()).toISOString().slice(0, 19).replace(/[:T]/g, '-');
    onClip(new File(chunks, `voice-${stamp}.${ext}`, { type: audioType }));
  };
  const limit = setTimeout(() => {
    if (recorder.state !== 'inactive') recorder.stop();
  }, MAX_CLIP_MS);
  recorder.start();
  return {
    stop: () => {
      if (recorder.state !== 'inactive') recorder.stop();
    },
    cancel: () => {
      keep = false;
      if (recorder.state !== 'inactive') recorder.stop();
    },
  };
}
