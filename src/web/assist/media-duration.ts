import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * The real length of a recorded clip. Browsers' MediaRecorder writes WebM without a duration, so
 * a fresh recording reports Infinity until the player has seen its end: seeking far past it makes
 * the player find the last frame, and durationchange then gives the true value.
 */
export function clipDuration(media: HTMLMediaElement): Promise<number> {
  return new Promise((resolve) => {
    const settle = () => {
      if (!Number.isFinite(media.duration)) return;
      media.removeEventListener('durationchange', settle);
      media.removeEventListener('loadedmetadata', settle);
      const d = media.duration;
      media.currentTime = 0;
      resolve(d);
    };
    media.addEventListener('durationchange', settle);
    media.addEventListener('loadedmetadata', () => {
      if (Number.isFinite(media.duration)) settle();
      else media.currentTime = 1e7;
    });
    if (media.readyState >= 1) {
      if (Number.isFinite(media.duration)) settle();
      else media.currentTime = 1e7;
    }
  });
}

/** 0:03, 1:20: minutes and seconds of a clip. */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A video element's ref and its length in seconds once the player found it (the agent's workspace and the widget alike). */
export function useClipSeconds(url: string) {
  const ref = useRef<HTMLVideoElement>(null);
  const [seconds, setSeconds] = useState<number | undefined>();
  useEffect(() => {
    if (ref.current) void clipDuration(ref.current).then(setSeconds);
  }, [url]);
  return [ref, seconds] as const;
}
