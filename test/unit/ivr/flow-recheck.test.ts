import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.js';
import { InProcessEventBus } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/log.js';
import { recheckFlowsOnDirectoryChange } from '../../../src/ivr/flow-recheck.js';

function world() {
  const clock = new FakeClock();
  const bus = new InProcessEventBus();
  let loads = 0;
  const stop = recheckFlowsOnDirectoryChange({ bus, clock, flows: { loadAll: async () => void (loads += 1) }, log: silentLogger });
  const change = (entity: string) => bus.publish({ type: 'config.changed', at: clock.now(), scope: {}, entity, id: 'x', action: 'created' });
  return { clock, change, stop, loads: () => loads };
}

describe('IVR flow re-check after directory changes', () => {
  it('given a queue, a calendar and a skill changed in quick succession when the quiet time passes then the flows are checked once', () => {
    const w = world();
    w.change('queue');
    w.clock.advance(300);
    w.change('calendar');
    w.change('skill');
    w.clock.advance(499);
    expect(w.loads()).toBe(0);
    w.clock.advance(1);
    expect(w.loads()).toBe(1);
  });

  it('given a change no flow names (an agent) when time passes then the flows are not checked', () => {
    const w = world();
    w.change('agent');
    w.clock.advance(1_000);
    expect(w.loads()).toBe(0);
  });

  it('given a pending check when the watcher stops then the check never runs', () => {
    const w = world();
    w.change('queue');
    w.stop();
    w.clock.advance(1_000);
    expect(w.loads()).toBe(0);
  });
});
