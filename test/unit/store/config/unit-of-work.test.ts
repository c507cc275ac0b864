import { describe, expect, it } from 'vitest';
import type { AuditLog } from '../../../../src/accounts/audit.js';
import { InProcessEventBus, type DomainEvent } from '../../../../src/core/events.js';
import { KyselyAuditLog } from '../../../../src/store/accounts/audit-repo.js';
import type { QueueInput } from '../../../../src/directory/model.js';
import { rejection, useConfigFixture } from './fixtures.js';

const f = useConfigFixture();
const input = (name: string): QueueInput => ({ name, media: 'voice', strategy: 'longest_idle' });

describe('config repositories in a unit of work with the audit log', () => {
  it('given a working audit log when a queue is created in a unit of work then the queue and the entry are stored, announced after the commit', async () => {
    const bus = new InProcessEventBus();
    const seen: DomainEvent[] = [];
    bus.subscribe((e) => seen.push(e));
    const audit = new KyselyAuditLog(f.db, f.clock, bus);
    const created = await f.repos.transact(audit, async (repos, log) => {
      const q = await repos.queues.create(input('Sales'));
      await log.record({ action: 'queue.create', target: `queue:${q.id}` });
      expect(seen).toEqual([]);
      return q;
    });
    expect((await f.repos.queues.get(created.id)).name).toBe('Sales');
    expect((await audit.query({ action: 'queue.create' })).map((e) => e.target)).toEqual([`queue:${created.id}`]);
    expect(seen.map((e) => e.type)).toEqual(['audit.recorded']);
  });

  it('given an audit log that fails when a queue is created then the queue is not stored and the error reaches the caller', async () => {
    const refusing: AuditLog = {
      record: async () => {
        throw new Error('audit store down');
      },
    };
    const err = await rejection(
      f.repos.transact(refusing, async (repos, log) => {
        const q = await repos.queues.create(input('Support'));
        await log.record({ action: 'queue.create', target: `queue:${q.id}` });
      }),
    );
    expect(err.message).toBe('audit store down');
    expect((await f.repos.queues.list()).total).toBe(0);
  });

  it('given a failing write inside the unit of work then the repository error is kept and the earlier audit entry rolls back', async () => {
    const audit = new KyselyAuditLog(f.db, f.clock);
    const err = await rejection(
      f.repos.transact(audit, async (repos, log) => {
        await log.record({ action: 'queue.create', target: 'queue:x' });
        await repos.queues.create({ ...input('Bad'), requiredSkills: [{ skillId: 'no-such-skill', minLevel: 1 }] });
      }),
    );
    expect(err.code).toBe('VALIDATION_FAILED');
    expect((await audit.query({ action: 'queue.' })).filter((e) => e.target === 'queue:x')).toEqual([]);
  });
});
