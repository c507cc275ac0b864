import { describe, expect, it } from 'vitest';
import { hears, hearsMoh, type AudioView } from '../../../../src/pbx/sim/audio-paths.js';
import type { SimBridge, SimChannel, SimSupervision } from '../../../../src/pbx/sim/sim-world.js';

function channel(id: string, bridgeId?: string, extra: Partial<SimChannel> = {}): SimChannel {
  return {
    id,
    direction: 'inbound',
    state: 'up',
    name: `SIM/${id}`,
    callerNumber: '',
    callerName: '',
    dialedNumber: '',
    variables: {},
    sipHeaders: {},
    bridgeId,
    target: undefined,
    moh: false,
    onHold: false,
    muted: { in: false, out: false },
    timers: new Set(),
    dtmfListeners: new Set(),
    goneListeners: new Set(),
    voice: [],
    ...extra,
  };
}

function view(channels: SimChannel[], bridges: SimBridge[], sessions: SimSupervision[] = []): AudioView {
  return {
    channels: new Map(channels.map((c) => [c.id, c])),
    bridges: new Map(bridges.map((b) => [b.id, b])),
    sessions: new Map(sessions.map((s) => [s.id, s])),
  };
}

describe('simulated audio paths', () => {
  it('given a three-way mixing bridge when one member is muted in then the others hear only each other', () => {
    const v = view(
      [channel('a', 'b1'), channel('b', 'b1', { muted: { in: true, out: false } }), channel('c', 'b1')],
      [{ id: 'b1', kind: 'mixing', channelIds: ['a', 'b', 'c'] }],
    );
    expect(hears(v, 'a')).toEqual(['c']);
    expect(hears(v, 'b')).toEqual(['a', 'c']);
  });

  it('given a ringing member when asked then nobody hears it and it hears nobody', () => {
    const v = view([channel('a', 'b1'), channel('r', 'b1', { state: 'ringing' })], [{ id: 'b1', kind: 'mixing', channelIds: ['a', 'r'] }]);
    expect(hears(v, 'a')).toEqual([]);
    expect(hears(v, 'r')).toEqual([]);
  });

  it('given a supervisor listening to an agent outside any bridge then the supervisor hears the agent only', () => {
    const v = view([channel('agent'), channel('sup')], [], [{ id: 's1', targetChannelId: 'agent', supervisorChannelId: 'sup', mode: 'listen' }]);
    expect(hears(v, 'sup')).toEqual(['agent']);
    expect(hears(v, 'agent')).toEqual([]);
  });

  it('given a holding bridge with one member on MOH when asked then only that member hears music', () => {
    const v = view([channel('a', 'h', { moh: true }), channel('b', 'h')], [{ id: 'h', kind: 'holding', channelIds: ['a', 'b'] }]);
    expect([hearsMoh(v, 'a'), hearsMoh(v, 'b')]).toEqual([true, false]);
    expect(hears(v, 'a')).toEqual([]);
  });
});
