import { describe, expect, it } from 'vitest';
import { IvrFlowPort, type IvrFlowPortOptions } from '../../../src/calls/wiring/ivr-flow-port.js';
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

const request = { callId: 'c1', channelId: 'ch1', channel, did: '+1000', callerNumber: '+1555', callerName: '', variables: {} };

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
    expect((await port({ kind: 'error', node: 'x', reason: 'boom' }).run(request)).kind).toBe('hangup');
  });

  it('given a flow naming a queue and a skill when run with the configuration lookup then routing gets their ids', async () => {
    const out = await port({ kind: 'queue', queue: 'sales', priority: 0, skills: ['spanish'], announcements: [] }, { targets: lookup }).run(request);
    expect(out).toMatchObject({ kind: 'queue', target: { queueId: 'Q-1', skills: [{ skill: 'S-7', minLevel: 1 }] } });
  });

  it('given a flow naming a skill that was deleted after the flow was accepted when run then the caller is not queued', async () => {
    const out = await port({ kind: 'queue', queue: 'sales', priority: 0, skills: ['french'], announcements: [] }, { targets: lookup }).run(request);
    expect(out.kind).not.toBe('queue');
  });
});
