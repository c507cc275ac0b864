/** Issue 19 goal 0: a flow's queue and skill names resolved from memory between calls, dropped on every queue or skill change. */
import { describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../../../src/core/events.js';
import { CachedFlowTargets } from '../../../src/ivr/cached-flow-targets.js';

function world() {
  const asked: string[] = [];
  const queues = new Map([['support', 'q-1']]);
  const enabled = new Map([['q-1', true]]);
  const skills = new Map([['english', 's-1']]);
  let hold: (() => void) | undefined;
  let down: Error | undefined;
  const warnings: string[] = [];
  const store = {
    async queueIdOf(ref: string) {
      asked.push(`queue ${ref}`);
      if (down) throw down;
      if (hold) await new Promise<void>((r) => (hold = r));
      return queues.get(ref.toLowerCase());
    },
    async skillIdOf(ref: string) {
      asked.push(`skill ${ref}`);
      if (down) throw down;
      return skills.get(ref.toLowerCase());
    },
    async queueEnabled(id: string) {
      asked.push(`enabled ${id}`);
      if (down) throw down;
      return enabled.get(id) ?? false;
    },
  };
  const bus = new InProcessEventBus();
  const changed = (entity: string) => bus.publish({ type: 'config.changed', at: 1, scope: {}, entity, id: 'x', action: 'updated' });
  return {
    asked,
    queues,
    enabled,
    changed,
    targets: new CachedFlowTargets(store, bus, { warn: (_obj: object, msg?: string) => warnings.push(msg ?? '') }),
    warnings,
    databaseDown: () => (down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })),
    databaseBack: () => (down = undefined),
    holdNext: () => (hold = () => undefined),
    release: () => {
      const r = hold;
      hold = undefined;
      r?.();
    },
  };
}

describe('flow targets held between calls', () => {
  it('given a queue, its state and a skill asked once when callers follow then the store is not asked again (names compare without case)', async () => {
    const { targets, asked } = world();
    for (let i = 0; i < 3; i++) {
      expect(await targets.queueIdOf(i === 1 ? 'Support' : 'support')).toBe('q-1');
      expect(await targets.queueEnabled('q-1')).toBe(true);
      expect(await targets.skillIdOf('English')).toBe('s-1');
    }
    expect(asked).toEqual(['queue support', 'enabled q-1', 'skill English']);
  });

  it('given an admin disables the queue when the change is announced then the next caller sees it disabled', async () => {
    const { targets, enabled, changed } = world();
    expect(await targets.queueEnabled('q-1')).toBe(true);
    enabled.set('q-1', false);
    changed('team');
    expect(await targets.queueEnabled('q-1')).toBe(true);
    changed('queue');
    expect(await targets.queueEnabled('q-1')).toBe(false);
  });

  it('given an unknown queue then it is asked every time, so one made a moment later is found', async () => {
    const { targets, queues, asked } = world();
    expect(await targets.queueIdOf('sales')).toBeUndefined();
    queues.set('sales', 'q-2');
    expect(await targets.queueIdOf('sales')).toBe('q-2');
    expect(asked.filter((a) => a === 'queue sales')).toHaveLength(2);
  });

  it('given a lookup under way when a change is announced then its older answer is not kept', async () => {
    const { targets, queues, changed, holdNext, release } = world();
    holdNext();
    const pending = targets.queueIdOf('support');
    await Promise.resolve();
    changed('queue');
    queues.set('support', 'q-renamed');
    release();
    expect(await pending).toBe('q-renamed');
    queues.set('support', 'q-later');
    // Not held from before the change: asked again.
    expect(await targets.queueIdOf('support')).toBe('q-later');
  });

  it('given a queue and skill found before when the database is unreachable after a change then the last answers are used with a warning', async () => {
    const { targets, changed, databaseDown, warnings } = world();
    expect(await targets.queueIdOf('support')).toBe('q-1');
    expect(await targets.queueEnabled('q-1')).toBe(true);
    expect(await targets.skillIdOf('english')).toBe('s-1');
    changed('queue');
    databaseDown();

    expect(await targets.queueIdOf('Support')).toBe('q-1');
    expect(await targets.queueEnabled('q-1')).toBe(true);
    expect(await targets.skillIdOf('English')).toBe('s-1');
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/last answer found is used/);
  });

  it('given a name never found when the database is unreachable then the lookup fails with the store error', async () => {
    const { targets, databaseDown } = world();
    databaseDown();

    await expect(targets.queueIdOf('support')).rejects.toThrow('ECONNREFUSED');
  });

  it('given the running flows warmed at start when the database is unreachable then their first caller still gets the queue', async () => {
    const { targets, databaseDown, databaseBack, asked, changed } = world();
    await targets.warm({ queues: ['support'], skills: ['english'] });
    expect(asked).toEqual(['queue support', 'enabled q-1', 'skill english']);
    changed('skill');
    databaseDown();

    expect(await targets.queueIdOf('support')).toBe('q-1');
    databaseBack();
    expect(await targets.skillIdOf('english')).toBe('s-1');
  });

  it('given the database unreachable at start when warming then the failure is logged, not thrown', async () => {
    const { targets, databaseDown, warnings } = world();
    databaseDown();

    await targets.warm({ queues: ['support'], skills: [] });

    expect(warnings).toEqual(['the queues and skills of the running flows could not be looked up at start: they are asked on first use']);
  });
});
