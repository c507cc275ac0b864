/**
 * Issue 14, outcome notifications through the daemon as main.ts builds it, on the simulated media
 * server: an admin adds a webhook rule over the API (the secret is write-only, others may not),
 * a caller gives up while waiting in the queue, and the receiver on 127.0.0.1 gets the signed
 * call.outcome with the caller's number; the delivery log shows it delivered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signature } from '../../../src/outbound-http/notify-sender.js';
import { startSupervisorFloor } from '../supervisor/supervisor-floor.js';
import { PASSWORD, waitFor, type Headers, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';
import { DID } from '../toolbar/toolbar-world.js';
import { startReceiver, type Receiver } from './webhook-receiver.js';

const SECRET = 'crm-shared-secret-0123456789';
const CALLER = '+8613912345678';

describe('outcome notifications in the daemon', () => {
  let d: ToolbarDaemon;
  let receiver: Receiver;
  let supervisor: Headers;
  let ruleId: string;

  beforeAll(async () => {
    ({ d } = await startSupervisorFloor());
    receiver = await startReceiver();
    supervisor = { authorization: `Bearer ${(await d.app().deps.auth.login('sue', PASSWORD)).token}` };
  }, 90_000);

  afterAll(async () => {
    await receiver?.close();
    await d?.close();
  });

  const raw = (method: 'GET' | 'POST', url: string, body?: unknown, headers: Headers = d.admin) =>
    d.app().server.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as Record<string, unknown> }) });

  it('given an admin when they add a webhook rule on queue abandons then it is stored without its secret and audited without it', async () => {
    const res = await raw('POST', '/api/notify/rules', { name: 'Abandons to the CRM', trigger: { media: 'call', outcomes: ['queue_abandon', 'caller_quick_hangup'], queueIds: [] }, channel: { kind: 'webhook', url: receiver.url }, secret: SECRET });
    expect(res.statusCode).toBe(201);
    expect(res.body).not.toContain(SECRET);
    const rule = res.json<{ id: string; hasSecret: boolean }>();
    expect(rule.hasSecret).toBe(true);
    ruleId = rule.id;
    const listed = await raw('GET', '/api/notify/rules');
    expect(listed.body).not.toContain(SECRET);
    const audit = await raw('GET', '/api/audit?action=notify.rule_created');
    expect(audit.statusCode).toBe(200);
    expect(audit.body).toContain(ruleId);
    expect(audit.body).not.toContain(SECRET);
  });

  it('given a supervisor when they read or add rules then 403, and a rule with an unknown outcome is a coded 400 that stores nothing', async () => {
    expect((await raw('GET', '/api/notify/rules', undefined, supervisor)).statusCode).toBe(403);
    expect((await raw('GET', '/api/notify/deliveries', undefined, supervisor)).statusCode).toBe(403);
    const bad = await raw('POST', '/api/notify/rules', { name: 'x', trigger: { media: 'call', outcomes: ['angry'], queueIds: [] }, channel: { kind: 'webhook', url: receiver.url }, secret: SECRET });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { problems: [{ where: '/trigger/outcomes/0' }] } });
    expect((await raw('GET', '/api/notify/rules')).json<{ rules: unknown[] }>().rules).toHaveLength(1);
  });

  it('given nobody logged in when a caller waits and hangs up then the receiver gets one signed call.outcome naming the caller and the queue', async () => {
    const channel = await d.pbx.control.placeInboundCall({ from: CALLER, to: DID });
    const cc = d.app().deps.contactCenter;
    await waitFor('the caller waits in the queue', () => cc.acd.liveForRealtime().waiting.length === 1);
    await d.pbx.control.farEndHangup(channel);
    await waitFor('the webhook arrives', () => receiver.received.length === 1);
    const got = receiver.received[0] as (typeof receiver.received)[number];
    const body = JSON.parse(got.body) as { id: string; type: string; rule: { id: string }; call: { outcome: string; customer: string; direction: string; queueId: string | null } };
    expect(body.type).toBe('call.outcome');
    expect(body.rule.id).toBe(ruleId);
    expect(['queue_abandon', 'caller_quick_hangup']).toContain(body.call.outcome);
    expect(body.call).toMatchObject({ customer: CALLER, direction: 'inbound' });
    expect(body.call.queueId).not.toBeNull();
    expect(got.headers['x-switchboard-signature']).toBe(signature(SECRET, got.headers['x-switchboard-timestamp'] as string, got.body));
    await waitFor('the log shows it delivered', async () => (await raw('GET', '/api/notify/deliveries?status=delivered')).json<{ deliveries: unknown[] }>().deliveries.length === 1);
    const log = (await raw('GET', '/api/notify/deliveries')).json<{ deliveries: { id: string; attempts: number }[] }>().deliveries;
    expect(log).toEqual([expect.objectContaining({ id: body.id, attempts: 1 })]);
  });

  it('given the delivery log when an unknown filter or half a page key is given then a coded 400', async () => {
    expect((await raw('GET', '/api/notify/deliveries?status=lost')).statusCode).toBe(400);
    expect((await raw('GET', '/api/notify/deliveries?beforeAt=5')).statusCode).toBe(400);
  });
});
