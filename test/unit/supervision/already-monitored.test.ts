/**
 * Issue 11: an agent already being monitored cannot be listened to (or whispered to, or barged
 * on) by a second supervisor: ALREADY_MONITORED (409), naming who monitors. The first supervisor
 * changes mode through setMode; once their session ends the agent may be monitored again.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.js';
import { AppError, isAppError } from '../../../src/core/errors.js';
import { InProcessEventBus } from '../../../src/core/events.js';
import type { MediaServer, SupervisionMode } from '../../../src/pbx/port.js';
import type { SupervisedCalls } from '../../../src/supervision/ports.js';
import { SupervisionService } from '../../../src/supervision/supervision-service.js';
import { recordingLogger } from '../../helpers/recording-logger.js';

function setUp() {
  const pbx = {
    onEvent: () => () => undefined,
    originate: async (opts: { channelId?: string }) => opts.channelId ?? 'x',
    supervise: async () => 'pbx-session',
    setSupervisionMode: async () => undefined,
    endSupervision: async () => undefined,
    hangup: async () => undefined,
  } as unknown as MediaServer;
  // call-1 and call-2: agent a1 (two legs of theirs: a consultation); call-3: agent a2.
  const legs: Record<string, { legId: string; agentId: string }> = {
    'call-1': { legId: 'leg-a1', agentId: 'a1' },
    'call-2': { legId: 'leg-a1-2', agentId: 'a1' },
    'call-3': { legId: 'leg-a2', agentId: 'a2' },
  };
  const calls: SupervisedCalls = {
    agentLegOf: (callId) => legs[callId],
    attachLeg: () => undefined,
    release: () => undefined,
    onCallEnded: () => () => undefined,
    note: () => undefined,
  };
  let n = 0;
  const service = new SupervisionService({
    pbx,
    calls,
    phones: { phoneOf: (userId) => ({ kind: 'phone', name: `${userId}-phone` }) },
    bus: new InProcessEventBus(),
    clock: new FakeClock(0),
    log: recordingLogger([]),
    newId: () => `sup-leg-${++n}`,
    ringTimeoutMs: 20_000,
  });
  return { service };
}

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('one monitor per agent', () => {
  it.each<SupervisionMode>(['listen', 'whisper', 'barge'])('given agent a1 listened to by sup1 when sup2 tries to %s then ALREADY_MONITORED (409) names sup1', (mode) => {
    const { service } = setUp();
    service.start('call-1', 'sup1', 'listen');
    const err = refusal(() => service.start('call-1', 'sup2', mode));
    expect(isAppError(err, 'ALREADY_MONITORED')).toBe(true);
    expect(err.status).toBe(409);
    expect(err.details).toMatchObject({ callId: 'call-1', agentId: 'a1', supervisorId: 'sup1', mode: 'listen' });
    expect(service.list().map((s) => s.supervisorId)).toEqual(['sup1']);
  });

  it('given agent a1 monitored on one call when a second supervisor picks another call of the same agent then it is refused too', () => {
    const { service } = setUp();
    service.start('call-1', 'sup1', 'whisper');
    expect(refusal(() => service.start('call-2', 'sup2', 'listen')).code).toBe('ALREADY_MONITORED');
  });

  it('given agent a1 monitored when a supervisor listens to agent a2 then that starts', () => {
    const { service } = setUp();
    service.start('call-1', 'sup1', 'listen');
    expect(service.start('call-3', 'sup2', 'listen')).toMatchObject({ callId: 'call-3', supervisorId: 'sup2', state: 'dialing' });
  });

  it('given the first supervisor stopped when another listens then the agent can be monitored again', async () => {
    const { service } = setUp();
    const first = service.start('call-1', 'sup1', 'listen');
    await service.stop(first.id);
    expect(service.start('call-1', 'sup2', 'listen')).toMatchObject({ supervisorId: 'sup2' });
  });
});
