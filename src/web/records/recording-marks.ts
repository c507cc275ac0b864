/**
 * Where a call's recording pauses (an agent keeps a card number out of it) fall in the audio
 * file, for the marks on the waveform. The timeline steps carry wall-clock times; the file does
 * not always run on the wall clock: FreeSWITCH masks a pause (silence written, so the file keeps
 * the call's time), while Asterisk and the simulated PBX leave the paused time out (the audio
 * after a pause follows on directly). Which one a file did shows in its length: close to the
 * recording's wall-clock span, or to that span less the paused time. Without the file's length
 * (the waveform not loaded) or for a recording still running, the wall clock is taken.
 */

export interface TimelineStep {
  at: number;
  event: string;
  details?: Record<string, string>;
}

export interface RecordingSpan {
  id: string;
  startedAt: number;
  stoppedAt?: number;
}

export interface PauseMark {
  kind: 'paused' | 'resumed';
  /** Offset in the audio file, ms. */
  atMs: number;
  /** When it happened (epoch ms). */
  at: number;
  /** A pause: how long it lasted (ms); absent while it has not ended. */
  lengthMs?: number;
  /** A pause whose time is not in the file: the mark stands where the audio was joined. */
  cut: boolean;
}

const PAUSED = 'recording_paused';
const RESUMED = 'recording_resumed';

interface Pause {
  from: number;
  /** When it ended: its resume, or the recording's stop. */
  to: number | undefined;
  resumed: boolean;
}

/** The pauses of this recording: steps naming it, or (older steps naming none) within its span. */
function pausesOf(rec: RecordingSpan, timeline: readonly TimelineStep[]): Pause[] {
  const end = rec.stoppedAt ?? Number.POSITIVE_INFINITY;
  const steps = timeline
    .filter((s) => s.event === PAUSED || s.event === RESUMED)
    .filter((s) => (s.details?.recording !== undefined ? s.details.recording === rec.id : s.at >= rec.startedAt && s.at <= end))
    .sort((a, b) => a.at - b.at);
  const pauses: Pause[] = [];
  let open: Pause | undefined;
  for (const s of steps) {
    // A repeated pause or resume (a retry, a second click) changes nothing.
    if (s.event === PAUSED && !open) {
      open = { from: Math.max(s.at, rec.startedAt), to: undefined, resumed: false };
      pauses.push(open);
    } else if (s.event === RESUMED && open) {
      open.to = Math.min(s.at, end);
      open.resumed = true;
      open = undefined;
    }
  }
  if (open && rec.stoppedAt !== undefined) open.to = rec.stoppedAt;
  return pauses;
}

/** Whether the file left the paused time out, judged by its length (see the top of the file). */
export function pausesCutFromFile(rec: RecordingSpan, pausedMs: number, fileDurationMs: number | undefined): boolean {
  if (fileDurationMs === undefined || rec.stoppedAt === undefined || pausedMs <= 0) return false;
  const wall = rec.stoppedAt - rec.startedAt;
  return Math.abs(fileDurationMs - (wall - pausedMs)) < Math.abs(fileDurationMs - wall);
}

export function pauseMarks(rec: RecordingSpan, timeline: readonly TimelineStep[], fileDurationMs?: number): PauseMark[] {
  const pauses = pausesOf(rec, timeline);
  const pausedMs = pauses.reduce((sum, p) => sum + ((p.to ?? p.from) - p.from), 0);
  const cut = pausesCutFromFile(rec, pausedMs, fileDurationMs);
  const limit = fileDurationMs ?? (rec.stoppedAt !== undefined ? rec.stoppedAt - rec.startedAt : Number.POSITIVE_INFINITY);
  const clamp = (ms: number) => Math.min(Math.max(0, ms), limit);
  const marks: PauseMark[] = [];
  let cutBefore = 0;
  for (const p of pauses) {
    const length = p.to === undefined ? undefined : p.to - p.from;
    const pause: PauseMark = { kind: 'paused', atMs: clamp(p.from - rec.startedAt - cutBefore), at: p.from, cut, ...(length === undefined ? {} : { lengthMs: length }) };
    marks.push(pause);
    if (cut) {
      // The resume falls on the same spot of the file: the pause's mark says both.
      cutBefore += length ?? 0;
    } else if (p.resumed && p.to !== undefined) {
      marks.push({ kind: 'resumed', atMs: clamp(p.to - rec.startedAt), at: p.to, cut });
    }
  }
  return marks;
}
