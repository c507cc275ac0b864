import { describe, expect, it } from 'vitest';
import type { QueueInput } from '../../../../src/directory/model.js';
import { insertUser, problemPaths, rejection, useConfigFixture } from './fixtures.js';

const f = useConfigFixture();

function queue(overrides: Partial<QueueInput> = {}): QueueInput {
  return { name: 'Sales', media: 'voice', strategy: 'longest_idle', ...overrides };
}

describe('queues repository', () => {
  it('given a queue with every option when created then it reads back whole', async () => {
    const en = await f.repos.skills.create({ name: 'English' });
    const cal = await f.repos.calendars.create({ name: 'Office', timeZone: 'UTC', weekly: {}, holidays: [] });
    const spill = await f.repos.queues.create(queue({ name: 'Spill' }));
    const q = await f.repos.queues.create({
      name: 'Sales',
      media: 'voice',
      strategy: 'ring_all',
      priority: 5,
      agingRate: 0.5,
      vipBoost: { gold: 2, vip: 10 },
      requiredSkills: [{ skillId: en.id, minLevel: 6 }],
      relaxation: [
        { afterSeconds: 30, acceptLevel: 3 },
        { afterSeconds: 90, overflowQueueId: spill.id },
      ],
      maxQueueSize: 20,
      maxWaitSeconds: 600,
      maxWaitAction: `queue:${spill.id}`,
      wrapUpSeconds: 15,
      noAnswerTimeoutSeconds: 12,
      maxMissesBeforeNotReady: 2,
      calendarId: cal.id,
      closedAction: 'voicemail',
      overflowQueueId: spill.id,
      announcements: { position: true, estimatedWait: true, everySeconds: 45 },
    });
    expect(await f.repos.queues.get(q.id)).toMatchObject({
      strategy: 'ring_all',
      agingRate: 0.5,
      vipBoost: { gold: 2, vip: 10 },
      requiredSkills: [{ skillId: en.id, minLevel: 6 }],
      relaxation: [
        { afterSeconds: 30, acceptLevel: 3 },
        { afterSeconds: 90, overflowQueueId: spill.id },
      ],
      maxWaitAction: `queue:${spill.id}`,
      closedAction: 'voicemail',
      calendarId: cal.id,
      announcements: { position: true, estimatedWait: true, everySeconds: 45 },
    });
    expect(await f.repos.queues.get(spill.id)).toMatchObject({
      priority: 0,
      wrapUpSeconds: 0,
      noAnswerTimeoutSeconds: 20,
      maxMissesBeforeNotReady: 3,
      maxWaitAction: null,
      announcements: { position: false, estimatedWait: false, everySeconds: null },
    });
  });

  it('given ring_all on a chat queue then VALIDATION_FAILED names /strategy', async () => {
    const err = await rejection(f.repos.queues.create(queue({ media: 'chat', strategy: 'ring_all' })));
    expect(problemPaths(err)).toEqual(['/strategy']);
  });

  it('given references to missing things then each field is named and nothing is stored', async () => {
    const err = await rejection(
      f.repos.queues.create(
        queue({
          requiredSkills: [{ skillId: 'no-skill', minLevel: 1 }],
        }),
      ),
    );
    expect(problemPaths(err)).toEqual(['/requiredSkills/0/skillId']);
    const err2 = await rejection(
      f.repos.queues.create(queue({ overflowQueueId: 'gone', relaxation: [{ afterSeconds: 5, overflowQueueId: 'gone2' }] })),
    );
    expect(problemPaths(err2)).toEqual(['/overflowQueueId', '/relaxation/0/overflowQueueId']);
    const err3 = await rejection(f.repos.queues.create(queue({ calendarId: 'nope', closedAction: 'hangup' })));
    expect(problemPaths(err3)).toEqual(['/calendarId']);
    expect((await f.repos.queues.list()).total).toBe(0);
  });

  it('given half-set or inconsistent options then the rule and field are named', async () => {
    expect(problemPaths(await rejection(f.repos.queues.create(queue({ maxWaitSeconds: 60 }))))).toEqual(['/maxWaitAction']);
    const cal = await f.repos.calendars.create({ name: 'C', timeZone: 'UTC', weekly: {}, holidays: [] });
    expect(problemPaths(await rejection(f.repos.queues.create(queue({ calendarId: cal.id }))))).toEqual(['/closedAction']);
    const steps = [
      { afterSeconds: 60, acceptLevel: 5 },
      { afterSeconds: 30, acceptLevel: 3 },
    ];
    expect(problemPaths(await rejection(f.repos.queues.create(queue({ relaxation: steps }))))).toEqual(['/relaxation/1/afterSeconds']);
  });

  it('given a queue pointing at itself when updated then VALIDATION_FAILED and the queue is unchanged', async () => {
    const q = await f.repos.queues.create(queue());
    const err = await rejection(f.repos.queues.update(q.id, queue({ name: 'Renamed', overflowQueueId: q.id })));
    expect(problemPaths(err)).toEqual(['/overflowQueueId']);
    expect((await f.repos.queues.get(q.id)).name).toBe('Sales');
  });

  it('given an update whose second required skill is unknown then skills, steps and fields stay as they were', async () => {
    const en = await f.repos.skills.create({ name: 'English' });
    const q = await f.repos.queues.create(queue({ requiredSkills: [{ skillId: en.id, minLevel: 2 }], relaxation: [{ afterSeconds: 10, acceptLevel: 1 }] }));
    const before = await f.repos.queues.get(q.id);
    await rejection(
      f.repos.queues.update(q.id, queue({ priority: 9, requiredSkills: [{ skillId: en.id, minLevel: 9 }, { skillId: 'ghost', minLevel: 1 }] })),
    );
    expect(await f.repos.queues.get(q.id)).toEqual(before);
  });

  it('given a queue another queue overflows into when deleted then CONFLICT; once freed it deletes', async () => {
    const target = await f.repos.queues.create(queue({ name: 'Target' }));
    const source = await f.repos.queues.create(queue({ name: 'Source', relaxation: [{ afterSeconds: 5, overflowQueueId: target.id }] }));
    expect((await rejection(f.repos.queues.delete(target.id))).code).toBe('CONFLICT');
    await f.repos.queues.update(source.id, queue({ name: 'Source' }));
    await f.repos.queues.delete(target.id);
    expect(await f.repos.queues.find(target.id)).toBeUndefined();
  });

  it('given queues of both media when filtered by media and skill then only matches are listed', async () => {
    const en = await f.repos.skills.create({ name: 'English' });
    await f.repos.queues.create(queue({ name: 'Voice', requiredSkills: [{ skillId: en.id, minLevel: 1 }] }));
    await f.repos.queues.create(queue({ name: 'Chat', media: 'chat', strategy: 'fewest_contacts' }));
    expect((await f.repos.queues.list({ media: 'chat' })).items.map((q) => q.name)).toEqual(['Chat']);
    expect((await f.repos.queues.list({ skillId: en.id })).items.map((q) => q.name)).toEqual(['Voice']);
    expect((await f.repos.queues.list({ q: 'CH' })).total).toBe(1);
  });

  it('given a duplicate queue name then CONFLICT names /name', async () => {
    await f.repos.queues.create(queue());
    expect((await rejection(f.repos.queues.create(queue({ name: 'SALES' })))).details).toMatchObject({ field: '/name' });
  });

  it('given members in an order with weights then the order is kept, weight defaults to 1, and an unknown agent is named', async () => {
    await insertUser(f.db, 'u1');
    await insertUser(f.db, 'u2');
    const a1 = await f.repos.agents.create({ userId: 'u1', number: '1', displayName: 'One', phone: { mode: 'chosen_at_login' } });
    const a2 = await f.repos.agents.create({ userId: 'u2', number: '2', displayName: 'Two', phone: { mode: 'chosen_at_login' } });
    const q = await f.repos.queues.create(queue({ strategy: 'top_down', members: [{ agentId: a2.id, weight: 5 }, { agentId: a1.id }] }));
    expect(q.members).toEqual([
      { agentId: a2.id, weight: 5 },
      { agentId: a1.id, weight: 1 },
    ]);
    expect((await f.repos.queues.list({ agentId: a1.id })).items.map((x) => x.id)).toEqual([q.id]);
    const err = await rejection(f.repos.queues.update(q.id, queue({ members: [{ agentId: a1.id }, { agentId: 'ghost' }] })));
    expect(problemPaths(err)).toEqual(['/members/1/agentId']);
    expect((await f.repos.queues.get(q.id)).members.map((m) => m.agentId)).toEqual([a2.id, a1.id]);
    await f.repos.agents.delete(a2.id);
    expect((await f.repos.queues.get(q.id)).members).toEqual([{ agentId: a1.id, weight: 1 }]);
  });
});
