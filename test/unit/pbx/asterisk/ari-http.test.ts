import { readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../src/core/clock.js';
import { AriHttpClient, mapError } from '../../../../src/pbx/asterisk/ari-http.js';
import { FakeAsterisk } from '../../../fakes/asterisk/fake-asterisk.js';

type Exchange = { request: { method: string; path: string }; response: { status: number; headers: Record<string, string>; body: unknown } };
const rest = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../fixtures/asterisk/ari-rest.json', import.meta.url)), 'utf8'),
) as Record<string, Exchange>;
const recordedEvents = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../fixtures/asterisk/ari-events.json', import.meta.url)), 'utf8'),
) as Record<string, Record<string, unknown>>;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fake(): Promise<{ fake: FakeAsterisk; http: AriHttpClient }> {
  const f = new FakeAsterisk({ clock: new FakeClock() });
  await f.start();
  const http = new AriHttpClient({ baseUrl: f.ariUrl, username: 'switchboard', password: 'test-ari-password' });
  cleanups.push(async () => {
    http.close();
    await f.close();
  });
  return { fake: f, http };
}

const mapped = (key: string, addresses?: 'channel' | 'bridge') => {
  const x = rest[key];
  if (!x) throw new Error(`missing recorded exchange ${key}`);
  const e = mapError(x.response.status, x.response.body, addresses, x.request.method, x.request.path);
  return { code: e.code, details: e.details };
};

describe('ARI HTTP error mapping on recorded bodies', () => {
  it('given "Channel not found" (404, or 400 from addChannel) then it is CHANNEL_GONE', () => {
    expect(mapped('404 POST /ari/channels/no-such-channel/answer', 'channel').code).toBe('CHANNEL_GONE');
    expect(mapped('400 POST /ari/bridges/bc41d019-cadd-4b4d-bc63-39cc91759c11/addChannel', 'bridge').code).toBe('CHANNEL_GONE');
  });

  it('given "Bridge not found" then it is BRIDGE_GONE', () => {
    expect(mapped('404 GET /ari/bridges/no-such-bridge', 'bridge').code).toBe('BRIDGE_GONE');
  });

  it('given other refusals then it is PBX_REJECTED with Asterisk\'s own message, also from an {"error"} body', () => {
    expect(mapped('500 POST /ari/channels')).toMatchObject({ code: 'PBX_REJECTED', details: { status: 500, message: 'Allocation failed' } });
    expect(mapped('422 POST /ari/bridges/bc41d019-cadd-4b4d-bc63-39cc91759c11/record', 'bridge')).toMatchObject({
      code: 'PBX_REJECTED',
      details: { message: 'specified format is unknown on this system' },
    });
    expect(mapped('404 POST /ari/recordings/live/no-such-rec/stop').code).toBe('PBX_REJECTED');
    expect(mapped('401 GET /ari/channels')).toMatchObject({ code: 'PBX_REJECTED', details: { status: 401 } });
  });

  it('given every channel not-found body Asterisk 22 sends then each is CHANNEL_GONE, whatever the route was told', () => {
    for (const message of ['Channel not found', 'Provided channel was not found', 'Callee not found']) {
      expect(mapError(404, { message }, undefined, 'GET', '/ari/channels/gone-1/variable').code).toBe('CHANNEL_GONE');
      expect(mapError(404, { message }, 'channel', 'POST', '/ari/channels/gone-1/snoop').code).toBe('CHANNEL_GONE');
    }
  });

  it('given an unset variable (404 "Provided variable was not found") then it is not CHANNEL_GONE but a marked refusal', () => {
    const e = mapError(404, { message: 'Provided variable was not found' }, 'channel', 'GET', '/ari/channels/1.2/variable');
    expect(e.code).toBe('PBX_REJECTED');
    expect(e.details).toMatchObject({ status: 404, missing: 'variable' });
  });

  it('given a 404 with wording we do not know on a channel or bridge route then the route decides: CHANNEL_GONE / BRIDGE_GONE', () => {
    expect(mapError(404, { message: 'Not Found' }, undefined, 'POST', '/ari/channels/x/hold').code).toBe('CHANNEL_GONE');
    expect(mapError(404, { message: 'Not Found' }, undefined, 'POST', '/ari/bridges/b/addChannel').code).toBe('BRIDGE_GONE');
    expect(mapError(404, { message: 'Not Found' }, undefined, 'POST', '/ari/channels/create').code).toBe('PBX_REJECTED');
  });

  it('given a channel no longer in our Stasis app (409) then it is CHANNEL_GONE for channel operations only', () => {
    expect(mapped('409 POST /ari/channels/1795246326.5/answer', 'channel').code).toBe('CHANNEL_GONE');
    expect(mapped('409 POST /ari/channels/1795246326.5/answer').code).toBe('PBX_REJECTED');
  });
});

describe('ARI HTTP client against the fake', () => {
  it('given a play when Asterisk answers 201 then the recorded headers and Location come back', async () => {
    const { fake: f, http } = await fake();
    const id = f.placeInbound({ from: '1', to: '2' });
    const res = await http.request<{ id: string; state: string }>('POST', `/channels/${id}/play`, {
      query: { media: 'sound:hello-world', playbackId: 'pb-1' },
    });
    const recorded = rest['201 POST /ari/channels/{id}/play']?.response;
    expect(res.status).toBe(recorded?.status);
    expect(res.headers.location).toBe('/ari/playbacks/pb-1');
    expect(res.headers.server).toBe(recorded?.headers.server);
    expect(res.headers['cache-control']).toBe(recorded?.headers['cache-control']);
    expect(Object.keys(res.body)).toEqual(Object.keys(recorded?.body as object));
  });

  it('given a wrong password when a request is made then it is PBX_REJECTED 401', async () => {
    const { fake: f } = await fake();
    const bad = new AriHttpClient({ baseUrl: f.ariUrl, username: 'switchboard', password: 'nope' });
    cleanups.push(async () => bad.close());
    await expect(bad.get('/channels')).rejects.toMatchObject({ code: 'PBX_REJECTED', details: { status: 401, message: 'Authentication required' } });
  });

  it('given nothing listening when a request is made then it is PBX_UNAVAILABLE', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const http = new AriHttpClient({ baseUrl: `http://127.0.0.1:${port}/ari`, username: 'a', password: 'b' });
    cleanups.push(async () => http.close());
    await expect(http.get('/channels')).rejects.toMatchObject({ code: 'PBX_UNAVAILABLE' });
  });

  it('given the fake emits an event then its fields are named and ordered exactly as the recorded one', async () => {
    const { fake: f } = await fake();
    f.placeInbound({ from: '1', to: '2' });
    const sent = f.sent[0] as { channel: Record<string, unknown> };
    const original = recordedEvents.StasisStart as { channel: Record<string, unknown> };
    expect(Object.keys(sent)).toEqual(Object.keys(original));
    expect(Object.keys(sent.channel).filter((k) => k !== 'channelvars')).toEqual(Object.keys(original.channel));
    expect(String((sent as Record<string, unknown>).timestamp)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
  });
});

describe('fake Asterisk answers the real not-found bodies per route', () => {
  it('given an unknown channel when its variable is read or it is snooped then the body is "Provided channel was not found"', async () => {
    const { http } = await fake();
    for (const [method, path, query] of [
      ['GET', '/channels/nobody/variable', { variable: 'X' }],
      ['POST', '/channels/nobody/snoop', { spy: 'both', app: 'switchboard' }],
    ] as const) {
      const err = await http.request(method, path, { query }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'CHANNEL_GONE', details: { status: 404, message: 'Provided channel was not found' } });
    }
  });

  it('given a channel outside Stasis when its variable is read then it answers (the route does not need Stasis)', async () => {
    const { fake: f, http } = await fake();
    const id = f.placeInbound({ from: '1', to: '2', variables: { CTI: 'yes' } });
    const c = f.world.channels.get(id);
    if (c) c.inStasis = false;
    expect(await http.get(`/channels/${id}/variable`, { query: { variable: 'CTI' } })).toEqual({ value: 'yes' });
  });
});
