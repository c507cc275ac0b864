/**
 * The fake media server of the fault harness as a process of its own, the way a real PBX outlives
 * the daemon: `node fake-pbx-process.js asterisk|freeswitch <phones>`. It runs the fake Asterisk
 * (ARI + AMI) or the fake FreeSWITCH (ESL) of the tests on the system clock, keeps every channel,
 * bridge and recording while the daemon is killed, and loses them only when told to "restart".
 *
 * Control channel: HTTP + JSON on 127.0.0.1 port 0, printed as the first stdout line
 * (`{"control":…,"ari":…,"ami":…}` or `{"control":…,"esl":…}`). See pbx-control.ts for the
 * requests; every one answers `{ok:true,…}` or `{ok:false,error}`.
 */
import http from 'node:http';
import type net from 'node:net';
import { systemClock, type FakeClock } from '../../src/core/clock.js';
import { FakeAsterisk } from '../fakes/asterisk/fake-asterisk.js';
import { FakeFreeSwitch } from '../fakes/freeswitch/fake-freeswitch.js';
import { FAKE_AMI, FAKE_ARI, FAKE_ESL_PASSWORD, FAKE_FS_DOMAIN, type PbxChannel, type PbxControlRequest } from './pbx-control.js';

/** One fake, whichever it is, behind the few verbs the harness needs. */
interface FakePbx {
  ports(): Record<string, number>;
  place(from: string, to: string): string;
  answer(target: string): boolean;
  hangup(id: string): void;
  vanish(id: string): void;
  channels(): PbxChannel[];
  /** The connection drops (sockets cut, port refusing) with every channel kept. */
  disconnect(): Promise<void>;
  /** Back on the same ports; `lose` drops every channel first (a restart). */
  reconnect(lose: boolean): Promise<void>;
}

async function asterisk(phones: string[]): Promise<FakePbx> {
  const fake = new FakeAsterisk({
    clock: systemClock,
    ariUser: FAKE_ARI.user,
    ariPassword: FAKE_ARI.password,
    amiUser: FAKE_AMI.user,
    amiSecret: FAKE_AMI.secret,
    phones: Object.fromEntries(phones.map((p) => [p, 'registered' as const])),
  });
  // Agent phones wait for the harness to answer them.
  for (const p of phones) fake.setBehaviour(p, 'manual');
  await fake.start();
  return {
    ports: () => ({ ari: fake.ari.port, ami: fake.ami.port }),
    place: (from, to) => fake.placeInbound({ from, to }),
    answer: (target) => fake.answerPhone(target),
    hangup: (id) => fake.farEndHangup(id),
    vanish: (id) => fake.vanish(id),
    channels: () =>
      [...fake.world.channels.values()]
        .filter((c) => c.origin !== 'snoop')
        .map((c) => ({
          id: c.id,
          kind: c.origin === 'inbound' ? 'caller' : 'leg',
          target: c.origin === 'inbound' ? c.caller.number : (c.target ?? ''),
          up: c.state === 'Up',
          ...(c.bridgeId ? { bridge: c.bridgeId } : {}),
        })),
    async disconnect() {
      await fake.ari.crash();
      await fake.ami.shutdown();
    },
    async reconnect(lose) {
      if (lose) fake.lose();
      await fake.ari.boot('up');
      await fake.ami.restart();
    },
  };
}

async function freeswitch(phones: string[]): Promise<FakePbx> {
  const fake = new FakeFreeSwitch({
    // The fake only sets and clears timers: the system clock does that as well as a FakeClock.
    clock: systemClock as unknown as FakeClock,
    password: FAKE_ESL_PASSWORD,
    domain: FAKE_FS_DOMAIN,
    profile: 'agents',
    phones: Object.fromEntries(phones.map((p) => [p, true])),
    soundDurations: {},
  });
  for (const p of phones) fake.behaviours.set(p, 'manual');
  await fake.start();
  return {
    ports: () => ({ esl: fake.port }),
    place(from, to) {
      const ch = fake.newInboundChannel({ from, to });
      // The park dialplan: the daemon takes marked calls from CHANNEL_PARK.
      fake.commands.park(ch);
      return ch.id;
    },
    answer(target) {
      const ringing = [...fake.channels.values()].find((c) => c.direction === 'outbound' && c.dest === target && !c.answered);
      if (!ringing) return false;
      fake.commands.answer(ringing);
      return true;
    },
    hangup(id) {
      const ch = fake.channels.get(id);
      if (ch) fake.commands.hangup(ch, 'NORMAL_CLEARING', 'recv_bye');
    },
    vanish: (id) => fake.forget(id),
    channels: () =>
      [...fake.channels.values()]
        .filter((c) => c.eavesdrop === undefined)
        .map((c) => ({
          id: c.id,
          kind: c.direction === 'inbound' ? 'caller' : 'leg',
          target: c.direction === 'inbound' ? c.callerNumber : c.dest,
          up: c.answered,
          ...(c.peer ? { bridge: [c.id, c.peer].sort().join('+') } : c.conference ? { bridge: c.conference } : {}),
        })),
    disconnect: () => fake.stop(),
    async reconnect(lose) {
      await fake.restart(lose ? undefined : []);
    },
  };
}

async function handle(pbx: FakePbx, req: PbxControlRequest): Promise<Record<string, unknown>> {
  switch (req.op) {
    case 'place':
      return { id: pbx.place(req.from, req.to) };
    case 'answer':
      return { answered: pbx.answer(req.target) };
    case 'hangup':
      pbx.hangup(req.id);
      return {};
    case 'vanish':
      pbx.vanish(req.id);
      return {};
    case 'channels':
      return { channels: pbx.channels() };
    case 'disconnect':
      await pbx.disconnect();
      return {};
    case 'reconnect':
      await pbx.reconnect(false);
      return {};
    case 'restart':
      await pbx.disconnect();
      await pbx.reconnect(true);
      return {};
  }
}

async function main(): Promise<void> {
  const [kind, phoneList = ''] = process.argv.slice(2);
  const phones = phoneList.split(',').filter((p) => p !== '');
  const pbx = kind === 'asterisk' ? await asterisk(phones) : kind === 'freeswitch' ? await freeswitch(phones) : undefined;
  if (!pbx) {
    process.stderr.write('usage: fake-pbx-process asterisk|freeswitch <phone,phone,...>\n');
    process.exit(2);
  }
  const control = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      let parsed: PbxControlRequest;
      try {
        parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as PbxControlRequest;
      } catch (err) {
        answer(400, { ok: false, error: `not JSON: ${String(err)}` });
        return;
      }
      handle(pbx, parsed).then(
        (body) => answer(200, { ok: true, ...body }),
        (err: unknown) => answer(500, { ok: false, error: err instanceof Error ? err.message : String(err) }),
      );
    });
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const port = (control.address() as net.AddressInfo).port;
  process.stdout.write(`${JSON.stringify({ control: port, ...pbx.ports() })}\n`);
  // The harness owns this process: when it goes, so does the fake.
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

void main().catch((err: unknown) => {
  process.stderr.write(`fake PBX failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
