import { describe, expect, it } from 'vitest';
import type { PbxEvent } from '../../../../src/pbx/port.js';
import { PbxEventHub } from '../../../../src/pbx/shared/event-hub.js';

const dtmf = (channelId: string, digit: string): PbxEvent => ({ type: 'channel.dtmf', channelId, digit });

describe('PbxEventHub', () => {
  it('given events emitted in a row when listeners receive them then order is kept and delivery is not synchronous', async () => {
    const hub = new PbxEventHub();
    const seen: string[] = [];
    hub.on((e) => seen.push(e.type === 'channel.dtmf' ? e.digit : e.type));
    hub.emit(dtmf('a', '1'));
    hub.emit(dtmf('a', '2'));
    expect(seen).toEqual([]);
    await hub.idle();
    expect(seen).toEqual(['1', '2']);
  });

  it('given a listener that throws when an event is delivered then the other listeners still get it', async () => {
    const hub = new PbxEventHub();
    const seen: PbxEvent[] = [];
    hub.on(() => {
      throw new Error('boom');
    });
    hub.on((e) => seen.push(e));
    hub.emit({ type: 'connection.up' });
    await hub.idle();
    expect(seen).toEqual([{ type: 'connection.up' }]);
  });

  it('given an unsubscribed listener when events follow then it hears none of them', async () => {
    const hub = new PbxEventHub();
    const seen: PbxEvent[] = [];
    const off = hub.on((e) => seen.push(e));
    off();
    hub.emit({ type: 'connection.up' });
    await hub.idle();
    expect(seen).toEqual([]);
  });

  it('given slow async work for a channel when faster work for it follows then events keep the queued order', async () => {
    const hub = new PbxEventHub();
    const seen: string[] = [];
    hub.on((e) => seen.push(e.type === 'channel.dtmf' ? `${e.channelId}${e.digit}` : e.type));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = hub.serialize('a', async () => {
      await gate;
      return dtmf('a', '1');
    });
    const second = hub.serialize('a', async () => dtmf('a', '2'));
    const other = hub.serialize('b', async () => dtmf('b', '9'));
    await other;
    await hub.idle();
    expect(seen).toEqual(['b9']);
    release();
    await Promise.all([first, second]);
    await hub.idle();
    expect(seen).toEqual(['b9', 'a1', 'a2']);
  });

  it('given async work that fails when later work for the channel runs then it still runs and emits', async () => {
    const hub = new PbxEventHub();
    const seen: PbxEvent[] = [];
    hub.on((e) => seen.push(e));
    await hub.serialize('a', async () => {
      throw new Error('fetch failed');
    });
    await hub.serialize('a', async () => [dtmf('a', '5'), dtmf('a', '6')]);
    await hub.idle();
    expect(seen).toEqual([dtmf('a', '5'), dtmf('a', '6')]);
  });
});
