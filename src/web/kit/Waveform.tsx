/**
 * A recording's waveform under its <audio> element: the shape of the sound (peaks 0..1, one
 * bar each), the part already played in the accent colour, a playhead, and marks (with their
 * tooltips) at points of the recording. It is the audio's position slider: a click or a drag
 * seeks the audio element (which then fetches from there with a Range request), and so do the
 * arrow keys (5 s), Page Up/Down (a tenth) and Home/End once it has focus. A mark is a button
 * that seeks to it. Without peaks (still loading, or they failed) the slider and the marks work
 * on a flat line and the status says why: the audio plays either way.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { formatDuration } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import './waveform.css';

export interface WaveformMark {
  key: string;
  /** Offset in the audio, ms. */
  atMs: number;
  /** Shades this long after the mark (a stretch of the audio the mark explains), ms. */
  spanMs?: number;
  /** A class of marks for the look (`data-kind`). */
  kind: string;
  /** The tooltip and the button's name. */
  label: string;
}

export interface WaveformProps {
  audio: HTMLAudioElement | null;
  peaks: readonly number[] | undefined;
  /** The audio's length when the element does not know it yet (from the peaks). */
  durationMs: number | undefined;
  status: 'loading' | 'ready' | 'error';
  /** What the status line says (loading, or why there is no waveform). */
  statusText?: string | undefined;
  marks: readonly WaveformMark[];
  /** The slider's name for screen readers. */
  label: string;
}

const STEP_MS = 5_000;

/** The bars of every peak as one path, in a 0..n x 0..100 box (drawn twice: whole and played). */
function barsPath(peaks: readonly number[]): string {
  let d = '';
  for (let i = 0; i < peaks.length; i++) {
    // Silence still shows as a thin line, so a quiet stretch reads as quiet, not as missing.
    const h = Math.max(0.8, Math.min(1, peaks[i] ?? 0) * 46);
    d += `M${i + 0.2} ${(50 - h).toFixed(2)}h0.6v${(2 * h).toFixed(2)}h-0.6z`;
  }
  return d;
}

export function Waveform({ audio, peaks, durationMs, status, statusText, marks, label }: WaveformProps) {
  const clipId = useId();
  const track = useRef<HTMLDivElement>(null);
  const [positionMs, setPositionMs] = useState(0);
  const [audioMs, setAudioMs] = useState<number | undefined>(undefined);
  const path = useMemo(() => (peaks ? barsPath(peaks) : ''), [peaks]);

  useEffect(() => {
    if (!audio) return;
    let frame = 0;
    const read = () => {
      setPositionMs(audio.currentTime * 1000);
      setAudioMs(Number.isFinite(audio.duration) && audio.duration > 0 ? audio.duration * 1000 : undefined);
    };
    // timeupdate comes a few times a second: while playing, follow every frame for a smooth playhead.
    const follow = () => {
      read();
      frame = requestAnimationFrame(follow);
    };
    const stop = () => {
      cancelAnimationFrame(frame);
      read();
    };
    const events = ['timeupdate', 'seeking', 'seeked', 'durationchange', 'loadedmetadata', 'emptied'] as const;
    for (const e of events) audio.addEventListener(e, read);
    audio.addEventListener('play', follow);
    audio.addEventListener('pause', stop);
    audio.addEventListener('ended', stop);
    read();
    if (!audio.paused) follow();
    return () => {
      cancelAnimationFrame(frame);
      for (const e of events) audio.removeEventListener(e, read);
      audio.removeEventListener('play', follow);
      audio.removeEventListener('pause', stop);
      audio.removeEventListener('ended', stop);
    };
  }, [audio]);

  const totalMs = audioMs ?? durationMs ?? 0;
  const at = Math.min(positionMs, totalMs);
  const fraction = totalMs > 0 ? at / totalMs : 0;
  const n = peaks?.length ?? 0;

  const seek = (ms: number) => {
    if (!audio || totalMs <= 0) return;
    const to = Math.min(Math.max(0, ms), totalMs);
    audio.currentTime = to / 1000;
    setPositionMs(to);
  };
  const seekToPointer = (e: PointerEvent) => {
    const box = track.current?.getBoundingClientRect();
    if (!box || box.width <= 0) return;
    seek(((e.clientX - box.left) / box.width) * totalMs);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(STEP_MS, totalMs / 10);
    const moves: Record<string, number> = { ArrowRight: at + STEP_MS, ArrowUp: at + STEP_MS, ArrowLeft: at - STEP_MS, ArrowDown: at - STEP_MS, PageUp: at + page, PageDown: at - page, Home: 0, End: totalMs };
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    seek(to);
  };
  // A tooltip centred on a mark near either end would leave the dialog: it leans inwards there.
  const edge = (ms: number) => (totalMs <= 0 ? undefined : ms / totalMs < 0.2 ? 'start' : ms / totalMs > 0.8 ? 'end' : undefined);
  const pct = (ms: number) => `${totalMs > 0 ? Math.min(100, (ms / totalMs) * 100) : 0}%`;

  return (
    <div class="waveform" data-state={status}>
      {marks.length > 0 && (
        <div class="waveform-marks">
          {marks.map((m) => (
            <button key={m.key} type="button" class="waveform-mark" data-kind={m.kind} data-at-ms={Math.round(m.atMs)} data-edge={edge(m.atMs)} style={{ left: pct(m.atMs) }} aria-label={m.label} onClick={() => seek(m.atMs)}>
              <span class="waveform-tip" aria-hidden="true">
                {m.label}
              </span>
            </button>
          ))}
        </div>
      )}
      <div
        ref={track}
        class="waveform-track"
        role="slider"
        tabIndex={0}
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={Math.round(totalMs / 1000)}
        aria-valuenow={Math.round(at / 1000)}
        aria-valuetext={t('waveform.position', { at: formatDuration(at), total: formatDuration(totalMs) })}
        aria-busy={status === 'loading'}
        onKeyDown={onKeyDown}
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          seekToPointer(e);
        }}
        onPointerMove={(e) => {
          if (e.buttons & 1 && e.currentTarget.hasPointerCapture(e.pointerId)) seekToPointer(e);
        }}
      >
        <svg class="waveform-svg" viewBox={`0 0 ${Math.max(1, n)} 100`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
          <defs>
            <clipPath id={clipId}>
              <rect x="0" y="0" width={fraction * Math.max(1, n)} height="100" />
            </clipPath>
          </defs>
          {totalMs > 0 &&
            marks
              .filter((m) => m.spanMs !== undefined && m.spanMs > 0)
              .map((m) => <rect key={m.key} class="waveform-span" data-kind={m.kind} x={(m.atMs / totalMs) * Math.max(1, n)} y="0" width={((m.spanMs ?? 0) / totalMs) * Math.max(1, n)} height="100" />)}
          {path ? (
            <>
              <path class="waveform-bars" d={path} />
              <path class="waveform-bars is-played" d={path} clip-path={`url(#${clipId})`} />
            </>
          ) : (
            <line class="waveform-flat" x1="0" y1="50" x2={Math.max(1, n)} y2="50" vector-effect="non-scaling-stroke" />
          )}
        </svg>
        {marks.map((m) => (
          <span key={m.key} class="waveform-mark-line" data-kind={m.kind} style={{ left: pct(m.atMs) }} aria-hidden="true" />
        ))}
        <span class="waveform-playhead" style={{ left: pct(at) }} aria-hidden="true" />
      </div>
      <div class="waveform-foot">
        <time>{formatDuration(at)}</time>
        {/* Always there, so that a screen reader hears the text when it changes. */}
        <span class="waveform-status" role="status">
          {status !== 'ready' ? (statusText ?? '') : ''}
        </span>
        <time>{formatDuration(totalMs)}</time>
      </div>
    </div>
  );
}
