import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../src/core/clock.js';
import { isAppError } from '../../../../src/core/errors.js';
import { silentLogger } from '../../../../src/core/log.js';
import { AmiClient } from '../../../../src/pbx/asterisk/ami-client.js';
import type { AmiMessage } from '../../../../src/pbx/asterisk/ami-parser.js';
import { FakeAmiServer, amiMessage } from '../../../fakes/asterisk/fake-ami-server.js';

const ioTurn = () => new Promise<void>((r) => setImmediate(r));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fakeAmi(clock: FakeClock, loginFailDelayMs?: number): Promise<FakeAmiServer> {
  const phones = new Map<string, 'registered' | 'unregistered'>([
    ['agent1', 'registered'],
    ['agent9', 'unregistered'],
  ]);
  const ami = new FakeAmiServer({ username: 'sb', secret: 's3', clock, phones, loginFailDelayMs });
  await ami.listen();
  cleanups.push(() => ami.close());
  return ami;
}

function client(clock: FakeClock, port: number, secret = 's3'): AmiClient {
  const c = new AmiClient({
    host: '127.0.0.1',
    port,
    username: 'sb',
    secret,
    clock,
    logger: silentLogger,
    backoff: { initialMs: 100, maxMs: 1_000, random: () => 0 },
  });
  cleanups.push(() => c.close());
  return c;
}

describe('AMI client', () => {
  it('given good credentials when started then it logs in with an Events mask and answers list actions by ActionID', async () => {
    const clock = new FakeClock();
    const ami = await fakeAmi(clock);
    const c = client(clock, ami.port);
    await c.start();
    expect(c.isConnected()).toBe(true);
    expect(ami.actions[0]).toMatchObject({ Action: 'Login', Username: 'sb', Events: 'system,call' });
    const items = await c.listAction({ Action: 'PJSIPShowEndpoints' });
    expect(items.map((i) => [i.ObjectName, i.DeviceState])).toEqual([
      ['agent1', 'Not in use'],
      ['agent9', 'Unavailable'],
    ]);
    expect(items.every((i) => i.ActionID === ami.actions[1]?.ActionID)).toBe(true);
  });

  it('given an unknown action when sent then it rejects PBX_REJECTED with Asterisk\'s message and the session stays up', async () => {
    const clock = new FakeClock();
    const ami = await fakeAmi(clock);
    const c = client(clock, ami.port);
    await c.start();
    const err = await c.action({ Action: 'NoSuchAction' }).catch((e: unknown) => e);
    expect(isAppError(err, 'PBX_REJECTED')).toBe(true);
    expect((err as Error).message).toMatch(/Invalid\/unknown command: NoSuchAction/);
    expect(await c.action({ Action: 'Ping' })).toMatchObject({ Response: 'Success', Ping: 'Pong' });
  });

  it('given a wrong secret when Asterisk answers a second late then start rejects only then, and the socket is closed', async () => {
    const clock = new FakeClock();
    const ami = await fakeAmi(clock, 1_000);
    const c = client(clock, ami.port, 'wrong');
    let settled: unknown = 'pending';
    const started = c.start().catch((e: unknown) => (settled = e));
    for (let i = 0; i < 20; i++) await ioTurn();
    expect(settled).toBe('pending');
    await clock.advanceAsync(1_000);
    await started;
    expect(isAppError(settled, 'PBX_REJECTED')).toBe(true);
    expect(c.isConnected()).toBe(false);
  });

  it('given answers out of order when two actions are pending then each resolves with its own response', async () => {
    const clock = new FakeClock();
    const pending: { socket: net.Socket; ids: string[] } = { socket: undefined as unknown as net.Socket, ids: [] };
    const raw = net.createServer((s) => {
      pending.socket = s;
      s.write('Asterisk Call Manager/11.0.0\r\n');
      let buf = '';
      s.on('data', (d: Buffer) => {
        buf += d.toString();
        let end: number;
        while ((end = buf.indexOf('\r\n\r\n')) >= 0) {
          const id = /ActionID: (.*)/.exec(buf.slice(0, end))?.[1] ?? '';
          const login = buf.slice(0, end).includes('Action: Login');
          buf = buf.slice(end + 4);
          if (login) s.write(amiMessage([['Response', 'Success'], ['ActionID', id], ['Message', 'Authentication accepted']]));
          else pending.ids.push(id);
          if (pending.ids.length === 2) {
            const [a, b] = pending.ids;
            s.write(amiMessage([['Response', 'Success'], ['ActionID', b ?? ''], ['Message', 'second']]));
            s.write(amiMessage([['Response', 'Success'], ['ActionID', a ?? ''], ['Message', 'first']]));
          }
        }
      });
    });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => raw.close(() => r())));
    const c = client(clock, (raw.address() as net.AddressInfo).port);
    await c.start();
    const [one, two] = await Promise.all([c.action({ Action: 'Ping' }), c.action({ Action: 'CoreSettings' })]);
    expect(one.Message).toBe('first');
    expect(two.Message).toBe('second');
    pending.socket.destroy();
  });

  it('given an Asterisk restart when Shutdown arrives and the socket closes then it reconnects with back-off and logs in again', async () => {
    const clock = new FakeClock();
    const ami = await fakeAmi(clock);
    const c = client(clock, ami.port);
    const events: AmiMessage[] = [];
    const status: boolean[] = [];
    c.onEvent((e) => events.push(e));
    c.onStatus((s) => status.push(s.up));
    await c.start();
    await ami.shutdown();
    for (let i = 0; i < 50 && c.isConnected(); i++) await ioTurn();
    expect(events.map((e) => e.Event)).toContain('Shutdown');
    expect(c.isConnected()).toBe(false);
    await ami.restart();
    for (let i = 0; i < 100 && !c.isConnected(); i++) {
      await clock.advanceAsync(100);
      await ioTurn();
    }
    expect(c.isConnected()).toBe(true);
    expect(status).toEqual([true, false, true]);
    expect(ami.actions.filter((a) => a.Action === 'Login')).toHaveLength(2);
  });

  it('given garbage from the server when it arrives then the client reports nothing broken and keeps serving', async () => {
    const clock = new FakeClock();
    const ami = await fakeAmi(clock);
    const c = client(clock, ami.port);
    await c.start();
    ami.pushRaw('no colon here\r\n\r\n\u0000\u00ff\r\n\r\n');
    expect(await c.action({ Action: 'Ping' })).toMatchObject({ Ping: 'Pong' });
  });

  it('given no connection when an action is sent then it rejects PBX_UNAVAILABLE', async () => {
    const c = client(new FakeClock(), 1);
    await expect(c.action({ Action: 'Ping' })).rejects.toMatchObject({ code: 'PBX_UNAVAILABLE' });
  });
});
