import { describe, expect, it } from 'vitest';
import { pauseMarks, type TimelineStep } from '../../../src/web/records/recording-marks.js';

const T = 1_000_000;
// Recorded from T+5s to T+65s (a minute of wall clock), paused 10 s from T+20s, 5 s from T+40s.
const rec = { id: 'rec-1', startedAt: T + 5_000, stoppedAt: T + 65_000 };
const step = (at: number, event: string, recording?: string): TimelineStep => ({ at: T + at, event, ...(recording ? { details: { by: 'a1', recording } } : {}) });
const timeline = [step(2_000, 'queue_entered'), step(20_000, 'recording_paused', 'rec-1'), step(30_000, 'recording_resumed', 'rec-1'), step(40_000, 'recording_paused', 'rec-1'), step(45_000, 'recording_resumed', 'rec-1'), step(50_000, 'muted')];

describe('pause marks on a recording', () => {
  it('given a file as long as the wall clock (pauses masked with silence) when marked then each pause and resume stands at its wall-clock offset, the pause spanning its length', () => {
    expect(pauseMarks(rec, timeline, 60_000)).toEqual([
      { kind: 'paused', atMs: 15_000, at: T + 20_000, lengthMs: 10_000, cut: false },
      { kind: 'resumed', atMs: 25_000, at: T + 30_000, cut: false },
      { kind: 'paused', atMs: 35_000, at: T + 40_000, lengthMs: 5_000, cut: false },
      { kind: 'resumed', atMs: 40_000, at: T + 45_000, cut: false },
    ]);
  });

  it('given a file shorter by the paused time (pauses left out) when marked then one mark per pause stands where the audio was joined', () => {
    expect(pauseMarks(rec, timeline, 45_000)).toEqual([
      { kind: 'paused', atMs: 15_000, at: T + 20_000, lengthMs: 10_000, cut: true },
      { kind: 'paused', atMs: 25_000, at: T + 40_000, lengthMs: 5_000, cut: true },
    ]);
  });

  it('given no file length yet when marked then the wall clock is taken', () => {
    expect(pauseMarks(rec, timeline).map((m) => [m.kind, m.atMs])).toEqual([
      ['paused', 15_000],
      ['resumed', 25_000],
      ['paused', 35_000],
      ['resumed', 40_000],
    ]);
  });

  it('given steps of another recording, older steps naming none outside this one, and a repeated pause when marked then only this recording\'s pauses count', () => {
    const mixed = [step(10_000, 'recording_paused', 'rec-0'), step(12_000, 'recording_resumed', 'rec-0'), step(1_000, 'recording_paused'), step(3_000, 'recording_resumed'), step(20_000, 'recording_paused'), step(21_000, 'recording_paused'), step(30_000, 'recording_resumed')];
    expect(pauseMarks(rec, mixed, 60_000).map((m) => [m.kind, m.atMs])).toEqual([
      ['paused', 15_000],
      ['resumed', 25_000],
    ]);
  });

  it('given a pause never resumed when marked then it lasts to the stop, or has no length while the recording runs', () => {
    const open = [step(55_000, 'recording_paused', 'rec-1')];
    expect(pauseMarks(rec, open, 60_000)).toEqual([{ kind: 'paused', atMs: 50_000, at: T + 55_000, lengthMs: 10_000, cut: false }]);
    expect(pauseMarks({ id: 'rec-1', startedAt: rec.startedAt }, open)).toEqual([{ kind: 'paused', atMs: 50_000, at: T + 55_000, cut: false }]);
  });

  it('given a recording without pauses when marked then there are no marks', () => {
    expect(pauseMarks(rec, [step(2_000, 'queue_entered')], 60_000)).toEqual([]);
  });
});
