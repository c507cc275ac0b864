/**
 * One recording in the call's detail: the browser's own player (it streams with Range requests,
 * and a play from the start is the audited listen) with the waveform under it to see and seek,
 * and the recording's pauses of the timeline as marks. The waveform is fetched on its own: when
 * it fails (a file that is not PCM WAV), the status says so and the recording still plays.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { records } from '../api/endpoints.js';
import type { RecordingPeaks } from '../api/types.js';
import { formatDuration } from '../i18n/format.js';
import { locale, t } from '../i18n/i18n.js';
import { errorText } from '../kit/toast-store.js';
import { Waveform, type WaveformMark } from '../kit/Waveform.js';
import { pauseMarks, type PauseMark, type RecordingSpan, type TimelineStep } from './recording-marks.js';
import './recording-player.css';

/** Bars across the dialog's width: about two pixels and a gap each, a shape the eye can read. */
const BUCKETS = 240;

type PeaksState = { state: 'loading' } | { state: 'ready'; peaks: RecordingPeaks } | { state: 'error'; reason: string };

function markLabel(m: PauseMark): string {
  const at = formatDuration(m.atMs);
  if (m.kind === 'resumed') return t('waveform.resumed', { at });
  if (m.lengthMs === undefined) return t('waveform.pausedOpen', { at });
  const length = formatDuration(m.lengthMs);
  return m.cut ? t('waveform.cut', { at, length }) : t('waveform.paused', { at, length });
}

export function RecordingPlayer({ recording, timeline }: { recording: RecordingSpan; timeline: readonly TimelineStep[] }) {
  const [audio, setAudio] = useState<HTMLAudioElement | null>(null);
  const [peaks, setPeaks] = useState<PeaksState>({ state: 'loading' });

  useEffect(() => {
    const abort = new AbortController();
    setPeaks({ state: 'loading' });
    records.peaks(recording.id, BUCKETS, abort.signal).then(
      (p) => setPeaks({ state: 'ready', peaks: p }),
      (err: unknown) => {
        // Closed or switched to another call meanwhile: nobody waits for this answer.
        if (abort.signal.aborted) return;
        console.warn(`the waveform of recording ${recording.id} could not be loaded`, err);
        setPeaks({ state: 'error', reason: errorText(err).text });
      },
    );
    return () => abort.abort();
  }, [recording.id]);

  const fileMs = peaks.state === 'ready' ? peaks.peaks.durationMs : undefined;
  const marks = useMemo<WaveformMark[]>(
    () =>
      pauseMarks(recording, timeline, fileMs).map((m, i) => ({
        key: `${m.kind}-${i}`,
        atMs: m.atMs,
        kind: m.kind,
        label: markLabel(m),
        ...(m.kind === 'paused' && !m.cut && m.lengthMs !== undefined ? { spanMs: m.lengthMs } : {}),
      })),
    // The labels are in the page's language: a switch makes them again.
    [recording, timeline, fileMs, locale.value],
  );

  return (
    <div class="recording-player">
      <audio ref={setAudio} controls preload="metadata" src={records.audioUrl(recording.id)} aria-label={t('records.listen')} />
      <Waveform
        audio={audio}
        peaks={peaks.state === 'ready' ? peaks.peaks.peaks : undefined}
        durationMs={fileMs}
        status={peaks.state}
        statusText={peaks.state === 'loading' ? t('waveform.loading') : peaks.state === 'error' ? t('waveform.failed', { reason: peaks.reason }) : undefined}
        marks={marks}
        label={t('waveform.label')}
      />
    </div>
  );
}
