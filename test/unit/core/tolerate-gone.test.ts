import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.js';
import { isGoneOutcome, tolerateGone } from '../../../src/core/tolerate-gone.js';
import { recordingLogger, type LogLine } from '../../helpers/recording-logger.js';


const loud = (lines: LogLine[]) => lines.filter((l) => l.level !== 'debug');

describe('tolerateGone', () => {
  it.each([
    ['CHANNEL_GONE', new AppError('CHANNEL_GONE')],
    ['BRIDGE_GONE', new AppError('BRIDGE_GONE')],
    ['NOT_FOUND', new AppError('NOT_FOUND')],
    ['a 404 the adapter passed on', new AppError('PBX_REJECTED', 'Playback not found', { status: 404 })],
  ])('given clean-up that meets %s when it is tolerated then it resolves undefined and nothing is logged above debug', async (_name, err) => {
    const lines: LogLine[] = [];
    const result = await tolerateGone(recordingLogger(lines), { what: 'hang up the supervisor leg', callId: 'c1', channelId: 'ch1' }, Promise.reject(err));
    expect(result).toBeUndefined();
    expect(loud(lines)).toEqual([]);
    expect(isGoneOutcome(err)).toBe(true);
  });

  it('given clean-up that fails otherwise when it is tolerated then it resolves undefined and a warning carries the error and its context', async () => {
    const lines: LogLine[] = [];
    const err = new AppError('PBX_UNAVAILABLE');
    const result = await tolerateGone(recordingLogger(lines), { what: 'end the supervision session', callId: 'c1', channelId: 'ch1', sessionId: 's1' }, () => Promise.reject(err));
    expect(result).toBeUndefined();
    expect(lines).toEqual([
      { level: 'warn', obj: { what: 'end the supervision session', callId: 'c1', channelId: 'ch1', sessionId: 's1', err }, msg: 'end the supervision session failed' },
    ]);
  });

  it('given work that throws before returning a promise when it is tolerated then it does not throw and the failure is logged at the level asked for', async () => {
    const lines: LogLine[] = [];
    const bug = new TypeError('x is undefined');
    const work = (): Promise<void> => {
      throw bug;
    };
    await expect(tolerateGone(recordingLogger(lines), { what: 'save the IVR trace', callId: 'c2' }, work, { level: 'error' })).resolves.toBeUndefined();
    expect(lines.map((l) => [l.level, l.obj.err, l.obj.callId])).toEqual([['error', bug, 'c2']]);
  });

  it('given an outcome the caller names as expected when it is tolerated then it is not logged above debug', async () => {
    const lines: LogLine[] = [];
    const expected = (e: unknown) => e instanceof AppError && e.code === 'OFFER_NOT_FOUND';
    await tolerateGone(recordingLogger(lines), { what: 'report the failed offer' }, Promise.reject(new AppError('OFFER_NOT_FOUND')), { expected });
    expect(loud(lines)).toEqual([]);
  });

  it('given work that succeeds when it is tolerated then its value comes back and nothing is logged', async () => {
    const lines: LogLine[] = [];
    expect(await tolerateGone(recordingLogger(lines), { what: 'take a snapshot' }, Promise.resolve(42))).toBe(42);
    expect(lines).toEqual([]);
  });
});
