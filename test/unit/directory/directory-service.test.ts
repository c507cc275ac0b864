import { describe, expect, it } from 'vitest';
import type { AuditLog } from '../../../src/accounts/audit.js';
import { InProcessEventBus, type DomainEvent } from '../../../src/core/events.js';
import { DirectoryService } from '../../../src/directory/directory-service.js';
import type { QueueInput } from '../../../src/directory/model.js';
import { KyselyAuditLog } from '../../../src/store/accounts/audit-repo.js';
import { rejection, useConfigFixture } from '../store/config/fixtures.js';

const f = useConfigFixture();
const input = (name: string): QueueInput => ({ name, media: 'voice', strategy: 'longest_idle' });
/** The audit table outlives the per-test reset: each test acts as an admin of its own. */
const entriesOf = async (actorId: string, action: string) => (await new KyselyAuditLog(f.db, f.clock).query({ action })).filter((e) => e.actorId === actorId);

function serviceWith(audit?: AuditLog) {
  const bus = new InProcessEventBus();
  const seen: DomainEvent[] = [];
  bus.subscribe((e) => seen.push(e));
  const log = audit ?? new KyselyAuditLog(f.db, f.clock, bus);
  return { service: new DirectoryService({ store: f.repos, audit: log, bus, clock: f.clock }), seen, audit: log };
}

describe('directory service: a change, its audit entry and its event as one unit', () => {
  it('given a working audit log when an admin creates a queue then the queue and the entry naming the admin are stored and one config.changed follows the commit', async () => {
    const { service, seen } = serviceWith();
    const created = await service.change({ userId: 'admin-1', ip: '127.0.0.1' }, 'queue', 'created', (r) => r.queues.create(input('Sales')), (q) => q.id);

    expect((await service.read.queues.get(created.id)).name).toBe('Sales');
    const entries = await entriesOf('admin-1', 'queue.create');
    expect(entries.map((e) => ({ actorId: e.actorId, target: e.target, ip: e.ip }))).toEqual([{ actorId: 'admin-1', target: `queue:${created.id}`, ip: '127.0.0.1' }]);
    expect(seen.filter((e) => e.type === 'config.changed')).toEqual([
      { type: 'config.changed', at: f.clock.now(), scope: { everyone: true }, entity: 'queue', id: created.id, action: 'created' },
    ]);
  });

  it('given a stored queue when it is deleted then the audit verb is delete and the event names the deleted id', async () => {
    const { service, seen } = serviceWith();
    const q = await f.repos.queues.create(input('Old'));
    await service.change({ userId: 'admin-2' }, 'queue', 'deleted', (r) => r.queues.delete(q.id), () => q.id);

    expect(await service.read.queues.find(q.id)).toBeUndefined();
    expect((await entriesOf('admin-2', 'queue.delete')).map((e) => e.target)).toEqual([`queue:${q.id}`]);
    expect(seen.filter((e) => e.type === 'config.changed').map((e) => e.type === 'config.changed' && [e.entity, e.id, e.action])).toEqual([['queue', q.id, 'deleted']]);
  });

  it('given an audit log that fails when a queue is created then nothing is stored, nothing is announced and the error reaches the caller', async () => {
    const refusing: AuditLog = {
      record: async () => {
        throw new Error('audit store down');
      },
    };
    const { service, seen } = serviceWith(refusing);
    const err = await rejection(service.change({}, 'queue', 'created', (r) => r.queues.create(input('Support')), (q) => q.id));

    expect(err.message).toBe('audit store down');
    expect((await service.read.queues.list()).total).toBe(0);
    expect(seen).toEqual([]);
  });

  it('given an input the repository refuses when a queue is created then the coded error comes back with no audit entry and no event', async () => {
    const { service, seen } = serviceWith();
    const err = await rejection(
      service.change({ userId: 'admin-4' }, 'queue', 'created', (r) => r.queues.create({ ...input('Bad'), requiredSkills: [{ skillId: 'no-such-skill', minLevel: 1 }] }), (q) => q.id),
    );

    expect(err.code).toBe('VALIDATION_FAILED');
    expect(await entriesOf('admin-4', 'queue.create')).toEqual([]);
    expect(seen).toEqual([]);
  });
});
