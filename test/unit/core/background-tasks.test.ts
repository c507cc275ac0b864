import { describe, expect, it } from 'vitest';
import { BACKGROUND_FAILURES_METRIC, BackgroundTasks } from '../../../src/core/background-tasks.js';
import { AppError } from '../../../src/core/errors.js';
import { MetricsRegistry } from '../../../src/metrics/registry.js';
import { recordingLogger, type LogLine } from '../../helpers/recording-logger.js';


function setUp() {
  const lines: LogLine[] = [];
  const registry = new MetricsRegistry();
  const failures = registry.counter(BACKGROUND_FAILURES_METRIC, 'Background steps that failed', ['task']);
  return { lines, registry, tasks: new BackgroundTasks(recordingLogger(lines), failures) };
}

describe('BackgroundTasks', () => {
  it('given a background step that fails when it settles then the failure is logged with its context and counted under its task', async () => {
    const { lines, registry, tasks } = setUp();
    const err = new AppError('PBX_UNAVAILABLE');
    tasks.run('supervisor join', Promise.reject(err), { callId: 'c1', sessionId: 's1' });
    tasks.run('supervisor join', () => Promise.reject(new Error('second')), { callId: 'c2' });
    await tasks.idle();
    expect(registry.render()).toContain(`${BACKGROUND_FAILURES_METRIC}{task="supervisor join"} 2`);
    expect(lines[0]).toEqual({ level: 'warn', obj: { callId: 'c1', sessionId: 's1', task: 'supervisor join', err }, msg: 'background task supervisor join failed' });
    expect(lines[1]?.obj.callId).toBe('c2');
  });

  it('given a background step that meets a gone channel or an outcome it expects when it settles then nothing is counted or logged above debug', async () => {
    const { lines, registry, tasks } = setUp();
    tasks.run('hang up', Promise.reject(new AppError('CHANNEL_GONE')), { channelId: 'ch1' });
    tasks.run('report offer failed', Promise.reject(new AppError('OFFER_NOT_FOUND')), {}, { expected: (e) => e instanceof AppError && e.code === 'OFFER_NOT_FOUND' });
    await tasks.idle();
    expect(registry.render()).not.toContain(`${BACKGROUND_FAILURES_METRIC}{`);
    expect(lines.filter((l) => l.level !== 'debug')).toEqual([]);
  });

  it('given work that throws before returning a promise when it is run then run does not throw and the failure is counted', async () => {
    const { registry, tasks } = setUp();
    expect(() =>
      tasks.run('announce', () => {
        throw new TypeError('bug');
      }),
    ).not.toThrow();
    await tasks.idle();
    expect(registry.render()).toContain(`${BACKGROUND_FAILURES_METRIC}{task="announce"} 1`);
  });

  it('given work that succeeds when it settles then nothing is logged or counted, and idle resolves', async () => {
    const { lines, registry, tasks } = setUp();
    let ran = false;
    tasks.run('beep', async () => {
      ran = true;
    });
    await tasks.idle();
    expect(ran).toBe(true);
    expect(lines).toEqual([]);
    expect(registry.render()).not.toContain(`${BACKGROUND_FAILURES_METRIC}{`);
  });
});
