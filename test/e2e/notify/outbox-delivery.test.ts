/**
 * Issue 14, outcome notifications: the outbox in the real database (PGlite, or PostgreSQL with
 * DATABASE_URL) sending to a real HTTP receiver on 127.0.0.1, on a fake clock. A delivery is sent
 * at least once and identified by one id on every attempt; it survives a daemon restart (a new
 * service over the same database); the signature verifies with the rule's secret.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BackgroundTasks } from '../../../src/core/background-tasks.js';
import { FakeClock } from '../../../src/core/clock.js';
import type { EndedContact } from '../../../src/notify/model.js';
import { NotifyService } from '../../../src/notify/notify-service.js';
import { RETRY_DELAYS_MS } from '../../../src/notify/outbox-state.js';
import { HttpNotifySender, signature } from '../../../src/outbound-http/notify-sender.js';
import { NotifyRepo } from '../../../src/store/notify/notify-repo.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';
import { recordingLogger, type LogLine } from '../../helpers/recording-logger.js';
import { startReceiver, type Receiver } from './webhook-receiver.js';

const SECRET = 'a-long-shared-secret-0123456789';

let db: TestDb;
let receiver: Receiver;
let clock: FakeClock;
let lines: LogLine[];
let n = 0;

function daemon(): NotifyService {
  const repo = new NotifyRepo(db.db, clock, () => `id-${++n}`);
  const log = recordingLogger(lines);
  return new NotifyService({
    rules: repo,
    outbox: repo,
    sender: new HttpNotifySender({ timeoutMs: 5_000, now: () => clock.now(), userAgent: 'test' }),
    clock,
    log,
    newId: () => `delivery-${++n}`,
    background: new BackgroundTasks(log),
    timeZone: 'Asia/Shanghai',
  });
}

const abandon = (id: string, queueId = 'support'): EndedContact => ({
  media: 'call',
  id,
  outcome: 'queue_abandon',
  direction: 'inbound',
  customer: '+8613800138000',
  from: '+8613800138000',
  to: '4001234',
  queueId,
  startedAt: clock.now() - 60_000,
  endedAt: clock.now(),
  hungUpBy: 'caller',
});

beforeAll(async () => {
  db = await createTestDb();
});

afterAll(async () => {
  await db.close();
});

beforeEach(async () => {
  // One database for the file (migrating one per test is the slow part); each test starts empty.
  await db.db.deleteFrom('notify_outbox').execute();
  await db.db.deleteFrom('notify_rules').execute();
  receiver = await startReceiver();
  clock = new FakeClock();
  lines = [];
});

afterEach(async () => {
  await receiver.close();
});

async function ruleFor(service: NotifyService, queueIds: string[] = []) {
  return service.createRule({ name: 'Abandons to the CRM', trigger: { media: 'call', outcomes: ['queue_abandon', 'ivr_abandon'], queueIds }, channel: { kind: 'webhook', url: receiver.url }, secret: SECRET });
}

describe('the notification outbox', () => {
  it('given a rule on abandons when a caller abandons in the queue then the receiver gets one signed POST whose id is the delivery id', async () => {
    const s = daemon();
    s.start();
    const rule = await ruleFor(s);
    await s.ended(abandon('call-1'));
    await s.settle();
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0] as (typeof receiver.received)[number];
    const body = JSON.parse(got.body) as { id: string; type: string; rule: { id: string }; call: { id: string; outcome: string; customer: string; queueId: string } };
    expect(body).toMatchObject({ type: 'call.outcome', rule: { id: rule.id }, call: { id: 'call-1', outcome: 'queue_abandon', customer: '+8613800138000', queueId: 'support' } });
    expect(got.headers['x-switchboard-delivery']).toBe(body.id);
    const timestamp = got.headers['x-switchboard-timestamp'] as string;
    expect(got.headers['x-switchboard-signature']).toBe(signature(SECRET, timestamp, got.body));
    expect(got.headers['x-switchboard-signature']).not.toBe(signature('another secret entirely!', timestamp, got.body));
    const [logged] = await s.listDeliveries({});
    expect(logged).toMatchObject({ id: body.id, status: 'delivered', attempts: 1, lastHttpStatus: 200 });
    await s.stop();
  });

  it('given the receiver fails twice with 503 when the back-off passes then the third attempt delivers, with the same id and body each time', async () => {
    const s = daemon();
    s.start();
    await ruleFor(s);
    receiver.script([503, 503]);
    await s.ended(abandon('call-2'));
    await s.settle();
    expect(receiver.received.map((r) => r.status)).toEqual([503]);
    clock.advance(RETRY_DELAYS_MS[0]);
    await s.settle();
    clock.advance(RETRY_DELAYS_MS[1]);
    await s.settle();
    expect(receiver.received.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(new Set(receiver.received.map((r) => r.headers['x-switchboard-delivery'])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    expect((await s.listDeliveries({}))[0]).toMatchObject({ status: 'delivered', attempts: 3 });
    await s.stop();
  });

  it('given a delivery waiting for its retry when the daemon restarts then the new one sends it when due: once, same id, nothing lost', async () => {
    const first = daemon();
    first.start();
    await ruleFor(first);
    receiver.script([500]);
    await first.ended(abandon('call-3'));
    await first.settle();
    await first.stop();
    const second = daemon();
    second.start();
    await second.settle();
    expect(receiver.received).toHaveLength(1);
    clock.advance(RETRY_DELAYS_MS[0]);
    await second.settle();
    expect(receiver.received.map((r) => r.status)).toEqual([500, 200]);
    expect(receiver.received[0]?.headers['x-switchboard-delivery']).toBe(receiver.received[1]?.headers['x-switchboard-delivery']);
    await second.ended(abandon('call-3'));
    await second.settle();
    expect(receiver.received).toHaveLength(2);
    await second.stop();
  });

  it('given the receiver refuses with 400 when the delivery is tried then it fails at once, and an admin retry sends it again with the same id', async () => {
    const s = daemon();
    s.start();
    await ruleFor(s);
    receiver.script([400]);
    await s.ended(abandon('call-4'));
    await s.settle();
    const [failed] = await s.listDeliveries({ status: 'failed' });
    expect(failed).toMatchObject({ attempts: 1, lastHttpStatus: 400, lastError: 'the receiver answered HTTP 400' });
    expect(lines.some((l) => l.level === 'warn' && l.msg === 'notification not delivered')).toBe(true);
    await s.retry(failed?.id as string);
    await s.settle();
    expect(receiver.received.map((r) => r.status)).toEqual([400, 200]);
    expect((await s.listDeliveries({}))[0]).toMatchObject({ id: failed?.id, status: 'delivered', attempts: 2 });
    await s.stop();
  });

  it('given a rule on queue "vip" when a caller abandons in "support" then nothing is sent or stored', async () => {
    const s = daemon();
    s.start();
    await ruleFor(s, ['vip']);
    await s.ended(abandon('call-5', 'support'));
    await s.settle();
    expect(receiver.received).toEqual([]);
    expect(await s.listDeliveries({})).toEqual([]);
    await s.stop();
  });

  it('given the receiver is down when the delivery is tried then it waits for its retry and the rule secret never appears in a log line', async () => {
    const s = daemon();
    s.start();
    await ruleFor(s);
    await receiver.close();
    await s.ended(abandon('call-6'));
    await s.settle();
    const [pending] = await s.listDeliveries({});
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: clock.now() + RETRY_DELAYS_MS[0] });
    expect(pending?.lastError).toMatch(/^no answer: /);
    expect(JSON.stringify(lines)).not.toContain(SECRET);
    expect((await s.listRules())[0]).not.toHaveProperty('secret');
    receiver = await startReceiver();
    await s.stop();
  });
});
