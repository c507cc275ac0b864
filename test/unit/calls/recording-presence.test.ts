import { describe, expect, it } from 'vitest';
import { exportedRecordingState, recordingStates } from '../../../src/calls/recording-presence.js';

describe("a listed call's recordings", () => {
  it('given calls with kept, purged, partly purged and no recordings then present, purged with the last purge, present and none', () => {
    const states = recordingStates(
      ['kept', 'purged', 'mixed', 'never'],
      [
        { callId: 'kept', purgedAt: undefined },
        { callId: 'purged', purgedAt: 1_000, purgeReason: 'deleted' },
        { callId: 'purged', purgedAt: 5_000, purgeReason: 'retention' },
        { callId: 'mixed', purgedAt: 2_000, purgeReason: 'retention' },
        { callId: 'mixed' },
        { callId: 'not-listed', purgedAt: 9_000, purgeReason: 'retention' },
      ],
    );
    expect(Object.fromEntries(states)).toEqual({
      kept: { recording: 'present' },
      purged: { recording: 'purged', recordingPurge: { at: 5_000, reason: 'retention' } },
      mixed: { recording: 'present' },
      never: { recording: 'none' },
    });
  });

  it('given each state of the list when named for an export then kept, purged (retention), deleted (by hand) and none', () => {
    expect([
      exportedRecordingState({ recording: 'present' }),
      exportedRecordingState({ recording: 'purged', recordingPurge: { at: 1, reason: 'retention' } }),
      exportedRecordingState({ recording: 'purged', recordingPurge: { at: 1, reason: 'deleted' } }),
      exportedRecordingState({ recording: 'none' }),
      exportedRecordingState(undefined),
    ]).toEqual(['kept', 'purged', 'deleted', 'none', 'none']);
  });
});
