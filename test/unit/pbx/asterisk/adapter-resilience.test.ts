import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../src/core/clock.js';
import type { Logger } from '../../../../src/core/log.js';
import { AsteriskMediaServer } from '../../../../src/pbx/asterisk/adapter.js';
import { EventLog } from '../../../contract/harness.js';
import { FakeAsterisk } from '../../../fakes/asterisk/fake-asterisk.js';

const ioTurn = () => new Promise<void>((r) => setImmediate(r));

interface Setup {
  clock: FakeClock;
  fake: FakeAsterisk;
  server: AsteriskMediaServer;
  log: EventLog;
  lines: { msg: string; obj: Record<string, unknown> }[];
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function capturingLogger(lines: Setup['lines']): Logger {
  const log = (obj: object, msg?: string) => lines.push({ msg: msg ?? '', obj: obj as Record<string, unknown> });
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return logger;
}

async function setup(beforeConnect?: (fake: FakeAsterisk) => void): Promise<Setup> {
  const clock = new FakeClock();
  const fake = new FakeAsterisk({ clock, phones: { agent1: 'registered' } });
  await fake.start();
  beforeConnect?.(fake);
  const lines: Setup['lines'] = [];
  const server = new AsteriskMediaServer({
    ari: { url: fake.ariUrl, username: 'switchboard', password: 'test-ari-password' },
    clock,
    logger: capturingLogger(lines),
    backoff: { initialMs: 100, maxMs: 1_000, random: () => 0 },
  });
  const log = new EventLog(server);
  cleanups.push(async () => {
    log.stop();
    await server.close();
    await fake.close();
  });
  await server.connect();
  await log.waitFor('connection.reconciled');
  return { clock, fake, server, log, lines };
}

async function advanceUntil(clock: FakeClock, done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) {
    await clock.advanceAsync(100);
    for (let j = 0; j < 20 && !done(); j++) await ioTurn();
  }
  expect(done()).toBe(true);
}

describe('Asterisk driver against the fake: restarts, replacement, vanishing channels', () => {
  it('given an Asterisk restart when the socket dies 1006, the port refuses and the upgrade meets 404 then it reconnects and reconciles', async () => {
    const s = await setup();
    const caller = s.fake.placeInbound({ from: '+15550001', to: '+15559990000' });
    await s.log.waitFor('channel.inbound', (e) => e.channel.id === caller);
    const mark = s.log.mark();
    await s.fake.ari.crash();
    const down = await s.log.waitFor('connection.down', () => true, mark);
    expect(down.reason).toMatch(/1006/);
    // While the port is closed, attempts fail with ECONNREFUSED.
    await advanceUntil(s.clock, () => s.lines.some((l) => /ECONNREFUSED/.test(String(l.obj.reason))));
    s.fake.lose();
    await s.fake.ari.boot('booting');
    await advanceUntil(s.clock, () => s.lines.some((l) => /HTTP 404/.test(String(l.obj.reason))));
    expect(s.fake.ari.upgrades404).toBeGreaterThan(0);
    s.fake.ari.mode = 'up';
    const reconciled = s.log.waitFor('connection.reconciled', () => true, mark);
    await advanceUntil(s.clock, () => s.server.isConnected());
    expect((await reconciled).lostChannelIds).toEqual([caller]);
    const after = s.log.events.slice(mark).map((e) => e.type);
    expect(after.filter((t) => t === 'connection.down')).toHaveLength(1);
    expect(after.indexOf('channel.hangup')).toBeLessThan(after.indexOf('connection.reconciled'));
  });

  it('given the reconcile request fails after a reconnect when time passes then it is retried until the lost call is reported', async () => {
    const s = await setup();
    const caller = s.fake.placeInbound({ from: '+15550004', to: '+15559990000' });
    await s.log.waitFor('channel.inbound', (e) => e.channel.id === caller);
    const mark = s.log.mark();
    await s.fake.ari.crash();
    await s.log.waitFor('connection.down', () => true, mark);
    s.fake.lose();
    s.fake.failures.set('GET /ari/channels', 2);
    await s.fake.ari.boot('up');
    const reconciled = s.log.waitFor('connection.reconciled', () => true, mark);
    await advanceUntil(s.clock, () => s.log.events.slice(mark).some((e) => e.type === 'connection.reconciled'));
    expect((await reconciled).lostChannelIds).toEqual([caller]);
    expect(s.fake.failures.get('GET /ari/channels')).toBe(0);
    expect(s.lines.filter((l) => l.msg.startsWith('ARI reconcile failed'))).toHaveLength(2);
  });

  it('given another connection takes the app name when ApplicationReplaced arrives then we close our socket, report it and stay down', async () => {
    const s = await setup();
    const mark = s.log.mark();
    const intruder = new WebSocket(`ws://127.0.0.1:${s.fake.ari.port}/ari/events?app=switchboard&api_key=switchboard:test-ari-password`);
    cleanups.push(async () => intruder.close());
    const down = await s.log.waitFor('connection.down', () => true, mark);
    expect(down.reason).toMatch(/replaced/);
    expect(s.server.isConnected()).toBe(false);
    const accepted = s.fake.ari.upgradesAccepted;
    await s.clock.advanceAsync(5_000);
    for (let j = 0; j < 20; j++) await ioTurn();
    expect(s.fake.ari.upgradesAccepted).toBe(accepted);
    await expect(s.server.answer('x')).rejects.toMatchObject({ code: 'PBX_UNAVAILABLE' });
  });

  it('given calls already in our app before we connect when we connect then reconcile adopts them and snapshot shows them', async () => {
    let before = '';
    const s = await setup((fake) => {
      before = fake.placeInbound({ from: '+15550002', to: '+15559990001' });
    });
    const reconciled = await s.log.waitFor('connection.reconciled');
    expect(reconciled.adoptedChannelIds).toEqual([before]);
    expect(s.log.ofType('channel.inbound')).toEqual([]);
    const snap = await s.server.snapshot();
    expect(snap.channels.map((c) => c.id)).toEqual([before]);
    await s.server.answer(before);
    await s.log.waitFor('channel.answered', (e) => e.channelId === before);
  });

  it('given a channel Asterisk dropped silently when an operation meets 404 then it is CHANNEL_GONE and one lost hang-up is reported', async () => {
    const s = await setup();
    const id = s.fake.placeInbound({ from: '+15550003', to: '+15559990000' });
    await s.log.waitFor('channel.inbound', (e) => e.channel.id === id);
    s.fake.vanish(id);
    await expect(s.server.hold(id)).rejects.toMatchObject({ code: 'CHANNEL_GONE', details: { status: 404, message: 'Channel not found' } });
    await expect(s.server.unhold(id)).rejects.toMatchObject({ code: 'CHANNEL_GONE' });
    const hangups = s.log.ofType('channel.hangup').filter((e) => e.channelId === id);
    expect(hangups).toEqual([{ type: 'channel.hangup', channelId: id, cause: 'lost', initiator: 'unknown' }]);
  });

  it('given an originate when Dial arrives before the 200 then the leg is known by our id and the POST went out first', async () => {
    const s = await setup();
    s.fake.setBehaviour('agent1', 'manual');
    const id = await s.server.originate({ endpoint: { kind: 'phone', name: 'agent1' }, channelId: 'leg-1', timeoutMs: 20_000 });
    expect(id).toBe('leg-1');
    const firstDial = s.fake.sent.findIndex((e) => e.type === 'Dial');
    expect(s.fake.sent[firstDial]).toMatchObject({ dialstatus: '', peer: { id: 'leg-1' } });
    await s.log.waitFor('channel.ringing', (e) => e.channelId === 'leg-1');
    expect(s.fake.world.channels.get('leg-1')?.vars.size).toBe(0);
  });

  it('given an unknown technology when we originate then Asterisk\'s {"error": ...} body becomes PBX_REJECTED and nothing is tracked', async () => {
    const s = await setup();
    await expect(
      s.server.originate({ endpoint: { kind: 'dial', dialString: 'NOPE/x' }, channelId: 'bad-1', timeoutMs: 1_000 }),
    ).rejects.toMatchObject({ code: 'PBX_REJECTED', details: { status: 500, message: 'Allocation failed' } });
    expect((await s.server.snapshot()).channels).toEqual([]);
  });
});
