import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/core/errors.js';
import { causeFromQ850, q850ForCause } from '../../../../src/pbx/shared/hangup-causes.js';
import { describeEndpoint, describeMedia, validateDtmf, validateMedia } from '../../../../src/pbx/shared/media-ref.js';
import { endedPlayback, PlaybackHandle } from '../../../../src/pbx/shared/playback-handle.js';
import { wavBytes, wavDurationMs } from '../../../../src/pbx/shared/wav.js';

function whereOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return (err.details as { problems: { where: string }[] }).problems[0]?.where;
    throw err;
  }
  return undefined;
}

describe('media refs', () => {
  it('given prompts that could smuggle PBX syntax when validated then the offending element is named', () => {
    expect(whereOf(() => validateMedia([{ kind: 'sound', name: 'ok' }, { kind: 'sound', name: 'a&b' }]))).toBe('/media/1/name');
    expect(whereOf(() => validateMedia([{ kind: 'sound', name: '../../etc/passwd' }]))).toBe('/media/0/name');
    expect(whereOf(() => validateMedia([{ kind: 'file', path: 'relative/path' }]))).toBe('/media/0/path');
    expect(whereOf(() => validateMedia([{ kind: 'digits', value: '12 3' }]))).toBe('/media/0/value');
    expect(whereOf(() => validateMedia([{ kind: 'number', value: 1.5 }]))).toBe('/media/0/value');
    expect(whereOf(() => validateMedia([]))).toBe('/media');
    expect(whereOf(() => validateDtmf('12;'))).toBe('/digits');
  });

  it('given valid prompts when validated then nothing is thrown and each is described as kind:value', () => {
    const media = [
      { kind: 'sound', name: 'queue/periodic-announce' },
      { kind: 'file', path: '/var/lib/switchboard/prompts/welcome' },
      { kind: 'digits', value: '12#' },
      { kind: 'number', value: 34 },
      { kind: 'silence', ms: 250 },
    ] as const;
    expect(whereOf(() => validateMedia([...media]))).toBeUndefined();
    expect(media.map(describeMedia)).toEqual([
      'sound:queue/periodic-announce',
      'file:/var/lib/switchboard/prompts/welcome',
      'digits:12#',
      'number:34',
      'silence:250',
    ]);
    expect(describeEndpoint({ kind: 'dial', dialString: 'PJSIP/agent1' })).toBe('dial:PJSIP/agent1');
  });
});

describe('hang-up causes', () => {
  it('given Q.850 numbers when normalized then common ones map to port causes and back', () => {
    expect([16, 17, 19, 21, 20, 0, 999].map((c) => causeFromQ850(c))).toEqual([
      'normal',
      'busy',
      'no_answer',
      'rejected',
      'unreachable',
      'normal',
      'failed',
    ]);
    expect(causeFromQ850(undefined)).toBe('normal');
    expect(q850ForCause('busy')).toBe(17);
    expect(q850ForCause('lost')).toBeUndefined();
  });
});

describe('playback handle', () => {
  it('given a playback when stop races a finish report then the first outcome wins', async () => {
    let stopCalls = 0;
    const handle = new PlaybackHandle('p1', async () => {
      stopCalls++;
      throw new Error('already finished on the PBX');
    });
    await handle.stop();
    expect(handle.settle({ reason: 'finished' })).toBe(false);
    expect(await handle.done).toEqual({ reason: 'stopped' });
    await handle.stop();
    expect(stopCalls).toBe(1);
    expect(await endedPlayback('p2', { reason: 'gone' }).done).toEqual({ reason: 'gone' });
  });
});

describe('wav', () => {
  it('given a duration when a silent or tone WAV is made then the header says PCM 8 kHz mono of that length', () => {
    const silent = wavBytes({ durationMs: 1_500 });
    expect(silent.toString('latin1', 0, 4)).toBe('RIFF');
    expect(silent.toString('latin1', 8, 12)).toBe('WAVE');
    expect(silent.readUInt32LE(24)).toBe(8000);
    expect(silent.length).toBe(44 + 1_500 * 16);
    expect(wavDurationMs(silent)).toBe(1_500);
    expect(silent.subarray(44).every((b) => b === 0)).toBe(true);
    const tone = wavBytes({ durationMs: 100, toneHz: 440 });
    expect(tone.subarray(44).some((b) => b !== 0)).toBe(true);
    expect(wavDurationMs(Buffer.from('not a wav'))).toBe(0);
  });
});
