/** Inbound calls through the real IVR runner (a menu flow) into the queue, on every media server. */
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/log.js';
import { IvrFlowPort } from '../../../src/wiring/ivr-flow-port.js';
import { IvrRunner } from '../../../src/ivr/runner.js';
import { validateFlowSource } from '../../../src/ivr/validator.js';
import type { MakeHarness } from '../../contract/harness.js';
import { makeSimHarness } from '../../contract/sim-harness.js';
import { makeFakeAsteriskHarness } from '../../fakes/asterisk/harness.js';
import { makeFakeFreeSwitchHarness } from '../../fakes/freeswitch/fake-harness.js';
import { CALLER, DID_SALES, makeCallWorld, type CallWorld } from './call-world.js';

/** Each server with a menu sound it really has (hello-world is Asterisk's; FreeSWITCH ships callie). */
const SERVERS: [string, MakeHarness, string][] = [
  ['sim', makeSimHarness, 'hello-world'],
  ['asterisk fake', makeFakeAsteriskHarness, 'hello-world'],
  ['freeswitch fake', () => makeFakeFreeSwitchHarness('json'), 'ivr/ivr-welcome_to_freeswitch'],
];

const flowWith = (sound: string): string => `start: menu
nodes:
  menu:
    type: menu
    prompt: { sound: ${sound} }
    choices: { "1": sales, "2": bye }
    timeout: 3s
    retries: 1
    onFail: bye
  sales:
    type: queue
    queue: sales
  bye:
    type: hangup
`;

describe.each(SERVERS)('calls through the IVR on %s', (_name, makeHarness, menuSound) => {
  let w: CallWorld;
  afterEach(async () => {
    await w.close();
  });

  async function world(): Promise<CallWorld> {
    const { flow, problems } = await validateFlowSource(flowWith(menuSound), 'menu.yaml', 'menu', {
      references: { queueExists: async () => true, calendarExists: async () => true },
      fileExists: async () => true,
      flowExists: () => true,
    });
    expect(problems).toEqual([]);
    if (!flow) throw new Error('flow did not parse');
    const flows = new Map([['menu', { flow, version: 1, hash: 'h', loadedAt: 0 }]]);
    // The runner needs the harness's server and clock, which the world creates.
    const late: { runner?: IvrRunner } = {};
    const ivr = new IvrFlowPort(
      { handleInbound: (input) => (late.runner as IvrRunner).run({ callId: input.callId, channel: input.channel, flow: 'menu', flows }) },
      { announceEverySec: 20 },
    );
    const built = await makeCallWorld({ makeHarness, ivr });
    late.runner = new IvrRunner({
      media: built.h.server,
      clock: built.h.clock as NonNullable<typeof built.h.clock>,
      log: silentLogger,
      events: new InProcessEventBus(),
      tts: { synthesize: async () => '/tmp/unused' },
      traces: { saveTrace: async () => undefined, getTrace: async () => undefined, abandonPoints: async () => [] },
      services: {
        calendars: { stateAt: async () => 'open' },
        http: { fetchJson: async () => ({}) },
        recognizer: { available: () => true, recognize: async () => ({ phrase: null }) },
        recordings: { wavPathOf: (n) => `/tmp/${n}.wav` },
        messages: { createMessage: async () => 'm' },
        callData: { save: async () => undefined },
        flowsDir: '/tmp',
      },
    });
    return built;
  }

  it('given the menu when the caller presses 1 then they queue for sales, a1 answers and the screen-pop shows the IVR path', async () => {
    w = await world();
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(2_000);
    await w.h.pressDigits(caller, '1');
    await w.settle(1_000);
    const callId = w.callIdOf(caller);
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a1', ivrPath: ['menu', 'sales'] });
    expect(w.events.find((e) => e.type === 'call.offered')).toMatchObject({ ivrPath: ['menu', 'sales'] });
    await w.h.farEndHangup(caller);
    await w.settle();
    expect(w.store.calls.get(callId)).toMatchObject({ outcome: 'agent_answered' });
  });

  it('given the menu when the caller hangs up before choosing then the outcome is ivr_abandon', async () => {
    w = await world();
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(6_000);
    const callId = w.callIdOf(caller);
    await w.h.farEndHangup(caller);
    await w.settle();
    expect(w.store.calls.get(callId)).toMatchObject({ outcome: 'ivr_abandon', hungUpBy: 'caller' });
  });
});
