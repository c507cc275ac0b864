import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditLog } from '../../../../src/accounts/audit.js';
import type { DomainEvent } from '../../../../src/core/events.js';
import type { KyselyAuditLog } from '../../../../src/store/accounts/audit-repo.js';
import { createTestApp, type TestApp } from '../../../helpers/test-app.js';

type BearerHeaders = Record<string, string>;

let t: TestApp;
let admin: BearerHeaders;
let events: DomainEvent[];
let stopListening: () => void;

beforeAll(async () => {
  t = await createTestApp();
  admin = { ...(await t.loginAs('admin')) };
  events = [];
  stopListening = t.deps.bus.subscribe((e) => events.push(e));
});
afterEach(() => {
  vi.restoreAllMocks();
  events.length = 0;
});
afterAll(async () => {
  stopListening();
  await t.close();
});

/** From now on every audit entry written inside a unit of work fails, as when the audit table is unwritable. */
function breakAuditLog(): void {
  const refusing: AuditLog = {
    record: async () => {
      throw new Error('audit store down');
    },
  };
  vi.spyOn(t.deps.audit as KyselyAuditLog, 'inTransaction').mockImplementation(() => ({ log: refusing, afterCommit: () => {} }));
}

const queue = (name: string) => ({ name, media: 'voice', strategy: 'longest_idle' });
const findQueues = async (q: string) =>
  (await t.inject({ method: 'GET', url: `/api/queues?q=${q}`, headers: admin })).json<{ items: { id: string; name: string }[] }>().items;
const auditActions = async (target: string) =>
  (await t.deps.auditReader.query({ action: 'queue.' })).filter((e) => e.target === target).map((e) => e.action);
const configEvents = () => events.filter((e) => e.type === 'config.changed');

describe('queue writes and their audit entries are one unit of work', () => {
  it('given a working audit log when a queue is created, replaced and deleted then each change and its entry are stored and announced', async () => {
    const created = await t.inject({ method: 'POST', url: '/api/queues', headers: admin, payload: queue('Sales') });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    const put = await t.inject({ method: 'PUT', url: `/api/queues/${id}`, headers: admin, payload: queue('Sales EU') });
    expect(put.json<{ name: string }>().name).toBe('Sales EU');
    expect((await t.inject({ method: 'DELETE', url: `/api/queues/${id}`, headers: admin })).statusCode).toBe(204);
    expect((await auditActions(`queue:${id}`)).sort()).toEqual(['queue.create', 'queue.delete', 'queue.update']);
    expect(configEvents().map((e) => (e.type === 'config.changed' ? [e.action, e.id] : []))).toEqual([
      ['created', id],
      ['updated', id],
      ['deleted', id],
    ]);
  });

  it('given an audit log that fails when a queue is created then the caller gets the error and no queue, entry or event exists', async () => {
    breakAuditLog();
    const res = await t.inject({ method: 'POST', url: '/api/queues', headers: admin, payload: queue('Support') });
    expect(res.statusCode).toBe(500);
    expect(await findQueues('support')).toEqual([]);
    expect(configEvents()).toEqual([]);
  });

  it('given an audit log that fails when a queue is replaced or deleted then it stays as it was', async () => {
    const id = (await t.inject({ method: 'POST', url: '/api/queues', headers: admin, payload: queue('Billing') })).json<{ id: string }>().id;
    events.length = 0;
    breakAuditLog();
    const put = await t.inject({ method: 'PUT', url: `/api/queues/${id}`, headers: admin, payload: queue('Billing renamed') });
    expect(put.statusCode).toBe(500);
    const del = await t.inject({ method: 'DELETE', url: `/api/queues/${id}`, headers: admin });
    expect(del.statusCode).toBe(500);
    expect((await findQueues('billing')).map((q) => [q.id, q.name])).toEqual([[id, 'Billing']]);
    expect(await auditActions(`queue:${id}`)).toEqual(['queue.create']);
    expect(configEvents()).toEqual([]);
  });
});
