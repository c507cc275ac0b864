/**
 * The supervision service's clean-up under the one failure policy: what the media server no
 * longer has is the goal reached; any other refusal is logged with the call and the session, and
 * a failure in work nobody awaits is counted in switchboard_background_failures_total.
 */
import { describe, expect, it } from 'vitest';
import { BACKGROUND_FAILURES_METRIC, BackgroundTasks } from '../../../src/core/background-tasks.js';
import { FakeClock } from '../../../src/core/clock.js';
import { AppError } from '../../../src/core/errors.js';
import { InProcessEventBus } from '../../../src/core/events.js';
import { MetricsRegistry } from '../../../src/metrics/registry.js';
import type { MediaServer, PbxEvent } from '../../../src/pbx/port.js';
import type { SupervisedCalls } from '../../../src/supervision/ports.js';
import { SupervisionService } from '../../../src/supervision/supervision-service.js';
import { recordingLogger, type LogLine } from '../../helpers/recording-logger.js';


/** Only what supervision asks of the port; `hangupFails` and `endFails` decide the clean-up's fate. */
function fakePbx(o: { hangupFails?: Error; endFails?: Error }) {
  const listeners = new Set<(e: PbxEvent) => void>();
  const pbx = {
    onEvent: (l: (e: PbxEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    originate: async (opts: { channelId?: string }) => opts.channelId ?? 'x',
    supervise: async () => 'pbx-session-1',
    endSupervision: async () => {
      if (o.endFails) throw o.endFails;
    },
    hangup: async () => {
      if (o.hangupFails) throw o.hangupFails;
    },
  } as unknown as MediaServer;
  return { pbx, emit: (e: PbxEvent) => [...listeners].forEach((l) => l(e)) };
}

function setUp(o: { hangupFails?: Error; endFails?: Error; noteThrows?: boolean }) {
  const lines: LogLine[] = [];
  const log = recordingLogger(lines);
  const registry = new MetricsRegistry();
  const background = new BackgroundTasks(log, registry.counter(BACKGROUND_FAILURES_METRIC, 'failed background steps', ['task']));
  const { pbx, emit } = fakePbx(o);
  let callEnded: (callId: string) => void = () => undefined;
  const calls: SupervisedCalls = {
    agentLegOf: () => ({ legId: 'agent-leg', agentId: 'a1' }),
    attachLeg: () => undefined,
    release: () => undefined,
    onCallEnded: (l) => {
      callEnded = l;
      return () => undefined;
    },
    note: (_callId, event) => {
      if (o.noteThrows && event === 'supervision_stop') throw new TypeError('timeline bug');
    },
  };
  const service = new SupervisionService({
    pbx,
    calls,
    phones: { phoneOf: () => ({ kind: 'phone', name: 'sup-phone' }) },
    bus: new InProcessEventBus(),
    clock: new FakeClock(0),
    log,
    newId: () => 'sup-leg',
    ringTimeoutMs: 20_000,
    background,
  });
  const activeSession = async () => {
    const s = service.start('call-1', 'sup1', 'listen');
    emit({ type: 'channel.answered', channelId: s.legId } as PbxEvent);
    await background.idle();
    expect(service.get(s.id).state).toBe('active');
    return s;
  };
  return { service, lines, registry, background, activeSession, endCall: (id: string) => callEnded(id) };
}

describe('supervision clean-up', () => {
  it('given an active session when the supervisor stops and the media server refuses the hang-up for another reason than "gone" then the session still ends and a warning names the call, the session and the leg', async () => {
    const refusal = new AppError('PBX_UNAVAILABLE');
    const t = setUp({ hangupFails: refusal });
    const s = await t.activeSession();
    await expect(t.service.stop(s.id)).resolves.toBeUndefined();
    expect(t.service.list()).toEqual([]);
    const warn = t.lines.filter((l) => l.level === 'warn');
    expect(warn).toEqual([{ level: 'warn', obj: { what: "hang up the supervisor's leg", callId: 'call-1', sessionId: s.id, channelId: 'sup-leg', err: refusal }, msg: "hang up the supervisor's leg failed" }]);
  });

  it('given an active session when the supervisor stops and the legs are already gone then nothing is logged above debug', async () => {
    const t = setUp({ hangupFails: new AppError('CHANNEL_GONE'), endFails: new AppError('NOT_FOUND') });
    const s = await t.activeSession();
    await t.service.stop(s.id);
    expect(t.service.list()).toEqual([]);
    expect(t.lines.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
  });

  it('given an active session when its call ends and finishing it fails then the failure is logged with the call and counted under its task', async () => {
    const t = setUp({ noteThrows: true });
    await t.activeSession();
    expect(() => t.endCall('call-1')).not.toThrow();
    await t.background.idle();
    expect(t.registry.render()).toContain(`${BACKGROUND_FAILURES_METRIC}{task="supervision finish"} 1`);
    const warn = t.lines.find((l) => l.msg === 'background task supervision finish failed');
    expect(warn?.obj).toMatchObject({ callId: 'call-1', supervisorId: 'sup1', task: 'supervision finish' });
  });
});
