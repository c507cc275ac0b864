/**
 * PbxHarness for the Asterisk driver against the fake Asterisk (ARI + AMI on port 0), all on one
 * FakeClock. Real I/O still runs on the event loop, so waiting helpers let sockets settle while
 * the fake clock moves (no sleeps: they await events or the next I/O turn).
 */
import { FakeClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/log.js';
import { AsteriskMediaServer } from '../../../src/pbx/asterisk/adapter.js';
import { ASTERISK_PROMPTS } from '../../../src/pbx/asterisk/prompts.js';
import type { EndpointPresence } from '../../../src/pbx/port.js';
import { describeEndpoint } from '../../../src/pbx/shared/media-ref.js';
import { FakeAsterisk } from './fake-asterisk.js';
import { dialTarget } from './fake-rest.js';
import { EventLog, FULL_CAPABILITIES, type FarSideView, type PbxHarness } from '../../contract/harness.js';
import { hangUpThroughAdapter } from '../../contract/harness-cleanup.js';

const PHONES = ['agent1', 'agent2', 'supervisor'] as const;
const EXTERNAL = '+15550100200';
const TRUNK = 'trunk';

/** One I/O turn: lets sockets deliver what is in flight. */
const ioTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** ARI media URI -> the `kind:value` form of describeMedia. */
export function uriToPrompt(uri: string): string {
  const tone = /^tone:!0\/(\d+)$/.exec(uri);
  if (tone) return `silence:${tone[1]}`;
  if (uri.startsWith('sound:/')) return `file:${uri.slice('sound:'.length)}`;
  return uri;
}

/** ARI dial string -> describeEndpoint form. */
function endpointToTarget(endpoint: string): string {
  const target = dialTarget(endpoint) ?? endpoint;
  return endpoint.includes('@')
    ? describeEndpoint({ kind: 'number', number: target })
    : describeEndpoint({ kind: 'phone', name: target });
}

export interface FakeHarnessOptions {
  /** Told of every ARI request and AMI action the fake receives, as it arrives (benchmarks). */
  onWire?: (line: string) => void;
}

export async function makeFakeAsteriskHarness(options: FakeHarnessOptions = {}): Promise<PbxHarness> {
  const clock = new FakeClock();
  const fake = new FakeAsterisk({
    clock,
    phones: { agent1: 'registered', agent2: 'registered', supervisor: 'registered', agent9: 'unregistered' },
  });
  await fake.start();
  fake.ari.onWire = options.onWire;
  fake.ami.onWire = options.onWire;
  let ids = 0;
  const server = new AsteriskMediaServer({
    ari: { url: fake.ariUrl, username: 'switchboard', password: 'test-ari-password' },
    ami: { host: '127.0.0.1', port: fake.ami.port, username: 'switchboard', secret: 'test-ami-secret' },
    defaultTrunk: TRUNK,
    clock,
    logger: silentLogger,
    newId: () => `sb-${++ids}`,
    backoff: { initialMs: 200, maxMs: 2_000, random: () => 0.5 },
  });
  const log = new EventLog(server);
  await server.connect();
  await log.waitFor('connection.reconciled');

  /** Moves the fake clock in steps until `done` holds, letting I/O settle between steps. */
  const advanceUntil = async (done: () => boolean, stepMs = 250, maxSteps = 400): Promise<void> => {
    for (let i = 0; i < maxSteps && !done(); i++) {
      await clock.advanceAsync(stepMs);
      for (let j = 0; j < 20 && !done(); j++) await ioTurn();
    }
    if (!done()) throw new Error('fake Asterisk harness: condition not reached');
  };
  const seen = (type: string, from: number) => () => log.events.slice(from).some((e) => e.type === type);

  const restore = async (lose: string[] | undefined, mark: number): Promise<void> => {
    fake.lose(lose);
    await fake.ari.boot('booting');
    await fake.ami.restart();
    // Modules still loading: let at least one upgrade meet the 404, as recorded.
    await advanceUntil(() => fake.ari.upgrades404 > 0);
    fake.ari.mode = 'up';
    await advanceUntil(seen('connection.reconciled', mark));
    await advanceUntil(() => server.isConnected());
  };

  const harness: PbxHarness = {
    server,
    wireCommands: () => fake.ari.requestsSeen,
    clock,
    capabilities: { ...FULL_CAPABILITIES, soundControl: true },
    media: { short: { kind: 'sound', name: 'hello-world' }, shortMs: 1_500, long: { kind: 'sound', name: 'demo-congrats' }, longMs: 8_000 },
    phones: PHONES,
    unregisteredPhone: 'agent9',
    externalNumber: EXTERNAL,

    async passTime(ms) {
      const steps = Math.max(1, Math.ceil(ms / 250));
      for (let i = 0; i < steps; i++) {
        await clock.advanceAsync(Math.min(250, ms - i * 250));
        for (let j = 0; j < 5; j++) await ioTurn();
      }
    },
    async placeInboundCall(spec) {
      const id = fake.placeInbound(spec);
      await log.waitFor('channel.inbound', (e) => e.channel.id === id);
      return id;
    },
    async setPhoneBehaviour(target, behaviour) {
      fake.setBehaviour(target, behaviour);
    },
    async answerPhone(target) {
      const mark = log.mark();
      if (fake.answerPhone(target)) await log.waitFor('channel.answered', () => true, mark);
    },
    async pressDigits(channelId, digits) {
      const mark = log.mark();
      fake.pressDigits(channelId, digits);
      const last = digits[digits.length - 1];
      if (last !== undefined) await log.waitFor('channel.dtmf', (e) => e.channelId === channelId && e.digit === last, mark);
      for (let j = 0; j < 5; j++) await ioTurn();
    },
    async farEndHangup(channelId) {
      const mark = log.mark();
      const known = fake.world.channels.get(channelId)?.origin !== 'snoop';
      fake.farEndHangup(channelId);
      if (known) await log.waitFor('channel.hangup', (e) => e.channelId === channelId, mark);
      for (let j = 0; j < 5; j++) await ioTurn();
    },
    async vanishChannel(channelId) {
      fake.vanish(channelId);
    },
    async dropConnection() {
      const mark = log.mark();
      await fake.ari.crash();
      await fake.ami.shutdown();
      await log.waitFor('connection.down', () => true, mark);
    },
    async restoreConnection(options) {
      await restore(options?.lose, log.mark());
    },
    async restartPbx(options) {
      const mark = log.mark();
      await fake.ari.crash();
      await fake.ami.shutdown();
      await log.waitFor('connection.down', () => true, mark);
      await restore(options?.lose, mark);
    },
    async farSide(channelId): Promise<FarSideView> {
      const v = fake.farSide(channelId);
      if (!v) throw new Error(`fake Asterisk knows no channel ${channelId}`);
      const view: FarSideView = { ...v, heardPrompts: v.heardPrompts.map(uriToPrompt) };
      if (v.redirectedTo) view.redirectedTo = endpointToTarget(v.redirectedTo);
      else delete view.redirectedTo;
      return view;
    },
    async setPresence(phone, presence: Exclude<EndpointPresence, 'unknown'>) {
      const mark = log.mark();
      fake.setPresence(phone, presence === 'registered');
      await log.waitFor('endpoint.presence', (e) => e.endpoint === phone && e.presence === presence, mark);
    },
    async uninstallPromptSound(prompt) {
      const sound = ASTERISK_PROMPTS[prompt][0]!;
      fake.world.sounds.delete(sound);
      return sound;
    },
    async readRecording(name) {
      // A 16 kHz recording is `<name>.wav16` on Asterisk, an 8 kHz one `<name>.wav`.
      return fake.world.files.get(`${name}.wav`) ?? fake.world.files.get(`${name}.wav16`) ?? null;
    },
    async cleanup() {
      await hangUpThroughAdapter(server, log);
      // The adapter is disconnected (a connection test ended so): the far ends hang up instead.
      if (!server.isConnected()) for (const id of [...fake.world.channels.keys()]) fake.farEndHangup(id);
      for (let j = 0; j < 5; j++) await ioTurn();
    },
    async liveChannels() {
      return [...fake.world.channels.keys()];
    },
    async close() {
      log.stop();
      await server.close();
      await fake.close();
    },
  };
  return harness;
}
