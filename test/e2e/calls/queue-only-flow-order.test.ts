/**
 * Issue 19, goal 0, with the real IVR: a flow that is a single queue node, one idle agent, on the
 * wire of each fake PBX. Nothing is sent for the caller before the queue decision (a flow that
 * starts at its queue node plays nothing, so the IVR runner does not answer up front); after the
 * decision the agent's originate is the first command, then the caller's answer and bridge (music
 * only while the caller waits). The answer is sent once. Persistence never holds the originate back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { kindOf, type CommandKind } from '../../bench/setup-wire.js';
import { makeSetupWorld, type SetupAdapter, type SetupWorld } from '../../bench/setup-world.js';
import { CALLER, DID_SALES } from './call-world.js';

const ADAPTERS: SetupAdapter[] = ['asterisk', 'freeswitch'];

describe.each(ADAPTERS)('queue-only flow command order on the %s fake', (adapter) => {
  let sw: SetupWorld;
  afterEach(async () => {
    await sw.close();
  });

  it('given one idle agent when a caller reaches a flow that is only a queue node then nothing is sent before the queue decision and the originate goes first, the caller answer, bridge and music after it', async () => {
    sw = await makeSetupWorld(adapter);
    const mark = sw.wire.length;
    const caller = await sw.w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await sw.w.settle(1_000);
    const callId = sw.w.callIdOf(caller);
    expect(sw.w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a1' });

    const decisionAt = sw.decisions[0];
    if (decisionAt === undefined) throw new Error('the flow never handed the caller to the queue');
    const setup = sw.wire.slice(mark);
    const before = setup.filter((c) => c.at < decisionAt).map((c) => kindOf(c.line));
    const after = setup.filter((c) => c.at >= decisionAt).map((c) => kindOf(c.line));
    const media = (kinds: CommandKind[]) => kinds.filter((k) => k !== 'other');
    expect(media(before)).toEqual([]);
    expect(after[0]).toBe('originate');
    // Music only while the caller waits: the fake's agent answers at once, so the caller goes straight to the talk bridge.
    expect(after.slice(1)).toEqual(expect.arrayContaining(['answer', 'bridge']));
    expect(after.filter((k) => k === 'answer')).toHaveLength(1);
  });

  it('given every store write held until released when a caller reaches the queue-only flow then the agent originate is on the wire before any write completes', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    const hold = async (): Promise<void> => {
      held++;
      await gate;
    };
    sw = await makeSetupWorld(adapter, { alsoStore: { saveCall: hold, saveLeg: hold, appendTransition: hold, saveRecording: hold } });
    const mark = sw.wire.length;
    const caller = await sw.w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    const originated = () => sw.wire.slice(mark).some((c) => kindOf(c.line) === 'originate');
    // No settle(): it waits for the held writes. Let the sockets and the fake clock move instead.
    for (let i = 0; i < 200 && !originated(); i++) await sw.w.h.passTime(0);
    expect(originated()).toBe(true);
    expect(held).toBeGreaterThan(0);
    release();
    await sw.w.settle(1_000);
    expect(sw.w.calls.control.view(sw.w.callIdOf(caller))).toMatchObject({ state: 'connected', agentId: 'a1' });
  });
});
