/**
 * What the records list says of a call's recordings: something to play (`present`), recordings
 * whose files are all gone (`purged`: by the queue's retention or deleted by hand; their rows
 * stay, sql/063), or none ever made. The list shows a purged recording as deleted, with when and
 * why, rather than as playable: a row's recording ids alone cannot tell the two apart.
 */
export type RecordingPresence = 'present' | 'purged' | 'none';

/** As CallRecordingInfo['purgeReason'] (ports.ts): by the queue's retention, or deleted by hand. */
type PurgeReason = 'retention' | 'deleted';

/** One recording row of a call, as far as the list needs it. */
export interface RecordingMark {
  callId: string;
  purgedAt?: number;
  purgeReason?: PurgeReason;
}

export interface CallRecordingState {
  recording: RecordingPresence;
  /** For `purged`: the last of the purges (when the last file went) and why. */
  recordingPurge?: { at: number; reason: PurgeReason };
}

/**
 * The state of each call from its recordings' rows. One recording still kept makes the call
 * `present` (its other, purged recordings do not hide that there is something to play).
 */
export function recordingStates(callIds: readonly string[], marks: readonly RecordingMark[]): Map<string, CallRecordingState> {
  const byCall = new Map<string, RecordingMark[]>();
  for (const m of marks) byCall.set(m.callId, [...(byCall.get(m.callId) ?? []), m]);
  const out = new Map<string, CallRecordingState>();
  for (const id of callIds) {
    const rows = byCall.get(id) ?? [];
    if (rows.length === 0) {
      out.set(id, { recording: 'none' });
      continue;
    }
    if (rows.some((r) => r.purgedAt === undefined)) {
      out.set(id, { recording: 'present' });
      continue;
    }
    const last = rows.reduce((a, b) => ((b.purgedAt ?? 0) > (a.purgedAt ?? 0) ? b : a));
    out.set(id, { recording: 'purged', recordingPurge: { at: last.purgedAt ?? 0, reason: last.purgeReason ?? 'deleted' } });
  }
  return out;
}

/**
 * The recording state as an export names it, one word a spreadsheet can filter on: `kept`
 * (something to play), `purged` (by the queue's retention), `deleted` (by hand), `none`. A call
 * whose recordings went both ways is named by its last purge, as the list's mark is.
 */
export type ExportedRecordingState = 'none' | 'kept' | 'purged' | 'deleted';

export function exportedRecordingState(s: CallRecordingState | undefined): ExportedRecordingState {
  if (s?.recording === 'present') return 'kept';
  if (s?.recording === 'purged') return s.recordingPurge?.reason === 'retention' ? 'purged' : 'deleted';
  return 'none';
}
