import { describe, expect, it } from 'vitest';
import { IvrFlowPort, type IvrFlowPortOptions } from '../../../src/wiring/ivr-flow-port.js';
import { FakeClock } from '../../../src/core/clock.js';
import type { DomainEvent } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/log.js';
import type { IvrService } from '../../../src/ivr/ivr-service.js';
import type { ChannelInfo } from '../../../src/pbx/port.js';

type Result = Awaited<ReturnType<IvrService['handleInbound']>>;

const channel: ChannelInfo = { id: 'ch1', direction: 'inbound', state: 'ringing', name: 'SIM/1', callerNumber: '+1555', callerName: '', dialedNumber: '+1000', variables: {}, sipHeaders: {} };

const lookup = {
  queueIdOf: async (ref: string) => ({ sales: 'Q-1' })[ref],
  skillIdOf: async (ref: string) => ({ spanish: 'S-7' })[ref],
};

function port(result: Partial<Result>, options: Partial<IvrFlowPortOptions> = {}): IvrFlowPort {
  const full = {
    flow: 'main',
    version: 1,
    variables: { customer: 'C-42', level: 'vip' },
    tags: ['sales'],
    trace: { callId: 'c1', flow: 'main', version: 1, startedAt: 0, endedAt: 1, exit: 'queue', exitNode: 'q', variables: {}, steps: [{ seq: 1, node: 'menu', kind: 'menu', flow: 'main', enteredAt: 0, leftAt: 1, digits: '1', result: '1' }, { seq: 2, node: 'q', kind: 'queue', flow: 'main', enteredAt: 1, leftAt: 1, digits: '', result: 'queue sales' }] },
    ...result,
  } as Result;
  return new IvrFlowPort({ handleInbound: () => Promise.resolve(full) }, { announceEverySec: 30, ...options });
}

const request = { callId: 'c1', channelId: 'ch1', channel, did: '+1000', callerNumber: '+1555', callerName: '', variables: {}, working: <T>(work: Promise<T>) => work };

describe('IVR flow port', () => {
  it('given the flow exits to a queue when run then the target, the path of nodes and the screen-pop variables come back', async () => {
    const out = await port({ kind: 'queue', queue: 'sales', priority: 5, skills: ['spanish'], announcements: [] }).run(request);
    expect(out).toEqual({
      kind: 'queue',
      target: { queueId: 'sales', priority: 5, skills: [{ skill: 'spanish', minLevel: 1 }], attributes: { customer: 'C-42', level: 'vip', tags: 'sales' }, announceEverySec: 30 },
      variables: { customer: 'C-42', level: 'vip' },
      path: ['menu', 'q'],
      customer: 'C-42',
    });
  });

  it('given the caller hung up in the flow when run then the outcome is caller_gone; a transfer is reported as already done', async () => {
    expect((await port({ kind: 'abandoned', node: 'menu' }).run(request)).kind).toBe('caller_gone');
    expect(await port({ kind: 'transfer', number: '+1999' }).run(request)).toMatchObject({ kind: 'transfer', handled: true, target: { kind: 'number', number: '+1999' } });
  });

  it('given a flow that ended when its queue and skill names are looked up then that work is handed to working() (settle waits for it) and the flow itself is not', async () => {
    let flowDone = false;
    const handed: Promise<unknown>[] = [];
    const slowLookup = {
      queueIdOf: async (ref: string) => {
        expect(flowDone).toBe(true);
        return lookup.queueIdOf(ref);
      },
      skillIdOf: lookup.skillIdOf,
    };
    const full = { flow: 'main', version: 1, variables: {}, tags: [], trace: { steps: [] }, kind: 'queue', queue: 'sales', priority: 0, skills: [], announcements: [] } as unknown as Result;
    const p = new IvrFlowPort(
      {
        handleInbound: async () => {
          expect(handed).toEqual([]);
          flowDone = true;
          return full;
        },
      },
      { announceEverySec: 30, targets: slowLookup },
    );
    const out = await p.run({ ...request, working: (work) => (handed.push(work), work) });
    expect(handed).toHaveLength(1);
    expect(await handed[0]).toBe(out);
    expect(out).toMatchObject({ kind: 'queue', target: { queueId: 'Q-1' } });
  });

  it('given a flow naming a queue and a skill when run with the configuration lookup then routing gets their ids', async () => {
    const out = await port({ kind: 'queue', queue: 'sales', priority: 0, skills: ['spanish'], announcements: [] }, { targets: lookup }).run(request);
    expect(out).toMatchObject({ kind: 'queue', target: { queueId: 'Q-1', skills: [{ skill: 'S-7', minLevel: 1 }] } });
  });

  it('given a flow naming a skill that was deleted after the flow was accepted when run then the caller is not queued', async () => {
    const out = await port({ kind: 'queue', queue: 'sales', priority: 0, skills: ['french'], announcements: [] }, { targets: lookup }).run(request);
    expect(out.kind).not.toBe('queue');
  });

  it('given a flow that cannot run when run then the caller goes to the error announcement, and an alert and an error log are raised', async () => {
    const events: DomainEvent[] = [];
    const logged: string[] = [];
    const log = { ...silentLogger, error: (_o: object, msg?: string) => logged.push(msg ?? '') };
    const clock = new FakeClock(5_000);
    const out = await port({ kind: 'error', node: '', reason: 'no IVR flow named "main"' }, { log, alerts: { events: { publish: (e) => events.push(e), subscribe: () => () => {} }, clock } }).run(request);
    expect(out).toEqual({ kind: 'failed', reason: 'no IVR flow named "main"', path: ['menu', 'q'], variables: { customer: 'C-42', level: 'vip' } });
    expect(events).toEqual([
      {
        type: 'alert.raised',
        at: 5_000,
        scope: {},
        severity: 'error',
        code: 'IVR_FLOW_FAILED',
        message: 'IVR flow "main" could not run (no IVR flow named "main"); the caller was sent to the error announcement',
        callId: 'c1',
        flow: 'main',
      },
    ]);
    expect(logged).toEqual(['IVR flow could not run; the caller goes to the safe destination']);
  });

  it('given a safe destination queue when the flow names a queue that was deleted then the caller is queued there with the error in the screen-pop variables', async () => {
    const out = await port({ kind: 'queue', queue: 'gone', priority: 3, skills: [], announcements: [] }, { targets: lookup, safeDestination: { kind: 'queue', queue: 'sales' } }).run(request);
    expect(out).toMatchObject({ kind: 'queue', target: { queueId: 'Q-1', priority: 0, skills: [], attributes: { ivr_error: 'queue "gone" no longer exists' } } });
  });

  it('given a safe destination queue that itself does not exist when a flow fails then the caller still gets the error announcement', async () => {
    const out = await port({ kind: 'error', node: 'x', reason: 'boom' }, { targets: lookup, safeDestination: { kind: 'queue', queue: 'nowhere' } }).run(request);
    expect(out.kind).toBe('failed');
  });

  it('given the IVR itself throws when run then the outcome is a failure, not a silent hang-up', async () => {
    const thrower = new IvrFlowPort({ handleInbound: () => Promise.reject(new Error('disk gone')) }, { announceEverySec: 30 });
    expect(await thrower.run(request)).toMatchObject({ kind: 'failed', reason: 'Error: disk gone' });
  });
});
