/**
 * The CRM lookup against a real HTTP endpoint on a port-0 server: the answer in the documented
 * shape, a timeout and an HTTP 500 falling back to "nothing known" (logged with context, counted,
 * the secret never in the log), answers kept for the TTL, a VIP level giving the VIP queue.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.js';
import { isAppError } from '../../../src/core/errors.js';
import { DEFAULT_CRM_SETTINGS, type CrmSettings } from '../../../src/customers/crm-lookup.js';
import { CrmLookupService, type CrmOutcome } from '../../../src/customers/crm-lookup-service.js';
import { FetchCrmHttp } from '../../../src/outbound-http/crm-client.js';
import { recordingLogger, type LogLine } from '../../helpers/recording-logger.js';
import { startCrmServer, type CrmServer } from './crm-server.js';

const SECRET = 'Bearer s3cr3t-crm-token-never-shown';

let crm: CrmServer;
beforeAll(async () => {
  crm = await startCrmServer();
});
afterAll(async () => {
  await crm.close();
});
afterEach(() => {
  crm.seen.length = 0;
});

function service(stored?: { settings: CrmSettings; secret: string | null }) {
  const clock = new FakeClock();
  const lines: LogLine[] = [];
  const counts: { outcome: CrmOutcome; source: string }[] = [];
  let saved = stored;
  const s = new CrmLookupService({
    store: { load: async () => saved, save: async (settings, secret) => void (saved = { settings, secret: secret === undefined ? (saved?.secret ?? null) : secret }) },
    http: new FetchCrmHttp({}),
    clock,
    log: recordingLogger(lines),
    counted: (outcome, source) => counts.push({ outcome, source }),
    queueMedia: async (id) => ({ 'q-vip': 'voice', 'q-vip-chat': 'chat' })[id],
  });
  return { s, clock, lines, counts, saved: () => saved };
}

async function configured(over: Partial<CrmSettings> = {}) {
  const x = service();
  await x.s.save({ ...DEFAULT_CRM_SETTINGS, enabled: true, url: crm.url, secretHeader: 'Authorization', secret: SECRET, timeoutMs: 5000, cacheTtlSeconds: 30, ...over });
  return x;
}

describe('the CRM lookup', () => {
  it('given an endpoint that knows the caller when a number is looked up then the answer comes back in the documented shape and the secret header was sent', async () => {
    const { s } = await configured({ headers: { 'X-Tenant': 'acme' } });
    crm.behave({ kind: 'json', body: { name: 'Ada Lovelace', company: 'Analytical Engines', level: 'VIP', tags: ['key account', 7], fields: { plan: 'gold', seats: 40, trial: false }, link: 'https://crm.example/c/1', extra: 'dropped' } });
    const r = await s.lookup({ kind: 'caller', phone: '+4930123456' });
    expect(r.outcome).toBe('answer');
    expect(r.answer).toEqual({ name: 'Ada Lovelace', company: 'Analytical Engines', level: 'vip', tags: ['key account', '7'], fields: { plan: 'gold', seats: '40', trial: 'false' }, link: 'https://crm.example/c/1' });
    expect(crm.seen).toHaveLength(1);
    expect(crm.seen[0]?.method).toBe('GET');
    expect(new URL(crm.seen[0]?.url ?? '', 'http://x').searchParams.get('phone')).toBe('+4930123456');
    expect(crm.seen[0]?.headers.authorization).toBe(SECRET);
    expect(crm.seen[0]?.headers['x-tenant']).toBe('acme');
  });

  it('given POST when a visitor is looked up then the visitor id and known identities go as JSON', async () => {
    const { s } = await configured({ method: 'POST' });
    crm.behave({ kind: 'json', body: { name: 'Li Lei' } });
    const r = await s.lookup({ kind: 'visitor', visitorId: 'v-1', identities: [{ kind: 'email', value: 'li@example.cn' }] });
    expect(r.answer?.name).toBe('Li Lei');
    expect(JSON.parse(crm.seen[0]?.body ?? '')).toEqual({ visitorId: 'v-1', identities: [{ kind: 'email', value: 'li@example.cn' }] });
    expect(crm.seen[0]?.headers['content-type']).toBe('application/json');
  });

  it('given an endpoint that never answers when a caller is looked up then it falls back within the time limit, is logged with context without the secret, and is counted', async () => {
    const { s, lines, counts } = await configured({ timeoutMs: 150 });
    crm.behave({ kind: 'hang' });
    const r = await s.lookup({ kind: 'caller', phone: '+4930999' });
    expect(r.outcome).toBe('timeout');
    expect(r.answer).toBeUndefined();
    expect(counts).toEqual([{ outcome: 'timeout', source: 'endpoint' }]);
    const warn = lines.find((l) => l.level === 'warn');
    expect(warn?.obj).toMatchObject({ endpoint: crm.url, subject: 'caller', outcome: 'timeout', timeoutMs: 150 });
    expect(JSON.stringify(lines)).not.toContain('s3cr3t');
    expect(await s.routing({ kind: 'caller', phone: '+4930999' }, 'voice')).toBeUndefined();
  });

  it('given an endpoint answering 500 when a caller is looked up then nothing is known, the failure is logged and counted, and it is not cached', async () => {
    const { s, lines, counts } = await configured();
    crm.behave({ kind: 'status', status: 500 });
    const first = await s.lookup({ kind: 'caller', phone: '+4930500' });
    expect(first).toMatchObject({ outcome: 'http_error', httpStatus: 500 });
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    crm.behave({ kind: 'json', body: { name: 'Back again' } });
    const second = await s.lookup({ kind: 'caller', phone: '+4930500' });
    expect(second.answer?.name).toBe('Back again');
    expect(counts.map((c) => c.outcome)).toEqual(['http_error', 'answer']);
    expect(JSON.stringify(lines)).not.toContain('s3cr3t');
  });

  it('given an answer when the same caller is asked again within the TTL then no request is made, and after the TTL it is asked anew', async () => {
    const { s, clock, counts } = await configured({ cacheTtlSeconds: 30 });
    crm.behave({ kind: 'json', body: { name: 'Cached' } });
    await s.lookup({ kind: 'caller', phone: '+4930777' });
    const again = await s.lookup({ kind: 'caller', phone: '+4930777' });
    expect(again).toMatchObject({ outcome: 'answer', cached: true, answer: { name: 'Cached' } });
    expect(crm.seen).toHaveLength(1);
    expect(counts).toEqual([
      { outcome: 'answer', source: 'endpoint' },
      { outcome: 'answer', source: 'cache' },
    ]);
    clock.advance(30_001);
    await s.lookup({ kind: 'caller', phone: '+4930777' });
    expect(crm.seen).toHaveLength(2);
  });

  it('given two asks at once for the same caller then one request serves both', async () => {
    const { s } = await configured();
    crm.behave({ kind: 'json', body: { name: 'Once' } });
    const [a, b] = await Promise.all([s.lookup({ kind: 'caller', phone: '+4930111' }), s.lookup({ kind: 'caller', phone: '+4930111' })]);
    expect(a.answer?.name).toBe('Once');
    expect(b.answer?.name).toBe('Once');
    expect(crm.seen).toHaveLength(1);
  });

  it('given a 404 then the caller is unknown (no failure logged) and a body that is not an object is a bad answer', async () => {
    const { s, lines } = await configured();
    crm.behave({ kind: 'status', status: 404 });
    expect((await s.lookup({ kind: 'caller', phone: '+4930404' })).outcome).toBe('not_found');
    expect(lines).toEqual([]);
    crm.behave({ kind: 'json', body: ['not', 'an', 'object'] });
    expect((await s.lookup({ kind: 'caller', phone: '+4930405' })).outcome).toBe('bad_answer');
  });

  it('given a VIP rule when the CRM answers level vip then the voice queue, priority and level come from the rule; another level changes nothing but the level', async () => {
    const { s } = await configured({ routing: [{ level: 'VIP', voiceQueueId: 'q-vip', chatQueueId: 'q-vip-chat', priority: 50 }] });
    crm.behave((r) => ({ kind: 'json', body: { level: r.url.includes('%2B4930001') ? 'vip' : 'standard' } }));
    expect(await s.routing({ kind: 'caller', phone: '+4930001' }, 'voice')).toEqual({ queueId: 'q-vip', priority: 50, attributes: { customerLevel: 'vip' } });
    expect(await s.routing({ kind: 'caller', phone: '+4930001' }, 'chat')).toEqual({ queueId: 'q-vip-chat', priority: 50, attributes: { customerLevel: 'vip' } });
    expect(await s.routing({ kind: 'caller', phone: '+4930002' }, 'voice')).toEqual({ attributes: { customerLevel: 'standard' } });
  });

  it('given the view when a secret is stored then the view says so without its value, an omitted secret is kept and null removes it', async () => {
    const { s, saved } = await configured();
    expect(s.view().secretSet).toBe(true);
    expect(JSON.stringify(s.view())).not.toContain('s3cr3t');
    await s.save({ ...s.view(), timeoutMs: 500 });
    expect(saved()?.secret).toBe(SECRET);
    await s.save({ ...s.view(), secret: null });
    expect(s.view().secretSet).toBe(false);
  });

  it('given bad settings when saved then every problem is named and nothing changes', async () => {
    const { s, saved } = await configured();
    const before = saved();
    const err = await s
      .save({ ...DEFAULT_CRM_SETTINGS, enabled: true, url: 'ftp://x', headers: { Host: 'evil' }, secretHeader: 'bad header', timeoutMs: 10, cacheTtlSeconds: 5, routing: [{ level: 'vip', voiceQueueId: 'q-vip-chat' }, { level: 'gold' }] })
      .catch((e: unknown) => e);
    expect(isAppError(err, 'VALIDATION_FAILED')).toBe(true);
    const wheres = (isAppError(err) ? (err.details as { problems: { where: string }[] }).problems : []).map((p) => p.where);
    expect(wheres).toEqual(['/url', '/headers/Host', '/secretHeader', '/timeoutMs', '/routing/0/voiceQueueId', '/routing/1']);
    expect(saved()).toBe(before);
  });

  it('given the lookup is off when asked then no request is made', async () => {
    const { s } = service();
    expect((await s.lookup({ kind: 'caller', phone: '+4930' })).outcome).toBe('disabled');
    expect(crm.seen).toHaveLength(0);
  });
});
