/**
 * PbxHarness for FreeSwitchMediaServer against the fake FreeSWITCH: one FakeClock shared by the
 * adapter and the fake, calls arriving through the adapter's outbound listener (as the
 * dialplan's `socket` app would), everything on 127.0.0.1 port 0.
 */
import { FakeClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/log.js';
import { FreeSwitchMediaServer } from '../../../src/pbx/freeswitch/freeswitch-media-server.js';
import { EventLog, FULL_CAPABILITIES, type FarSideView, type PbxHarness } from '../../contract/harness.js';
import { hangUpThroughAdapter } from '../../contract/harness-cleanup.js';
import { hearsMoh, hearsOf } from './fake-channels.js';
import { FakeFreeSwitch } from './fake-freeswitch.js';
import { SOUND_PREFIX } from './fake-sounds.js';
import { FREESWITCH_PROMPTS, installedPath } from '../../../src/pbx/freeswitch/prompts.js';

export const FAKE_PASSWORD = 'not-ClueCon-test-only';
const RECORDINGS = '/var/lib/switchboard/recordings';

export interface FakeSetup {
  clock: FakeClock;
  fake: FakeFreeSwitch;
  server: FreeSwitchMediaServer;
  log: EventLog;
  /** Lets loopback I/O run until nothing moves any more (no sleeping: setImmediate turns). */
  settle(): Promise<void>;
}

export async function startFakeSetup(
  format: 'plain' | 'json' = 'json',
  arrival: 'socket' | 'park' = 'socket',
  beforeConnect?: (fake: FakeFreeSwitch) => void,
): Promise<FakeSetup> {
  const clock = new FakeClock();
  const fake = new FakeFreeSwitch({
    clock,
    password: FAKE_PASSWORD,
    domain: 'pbx.test',
    profile: 'agents',
    phones: { agent1: true, agent2: true, supervisor1: true, agent9: false },
    soundDurations: { 'sb-short': 1_000, 'sb-long': 30_000 },
  });
  await fake.start();
  const server = new FreeSwitchMediaServer({
    esl: { host: '127.0.0.1', port: fake.port, password: FAKE_PASSWORD, format },
    outbound: arrival === 'socket' ? { host: '127.0.0.1', port: 0 } : undefined,
    dial: { phoneDialString: 'user/{name}@pbx.test', defaultTrunk: 'carrier', sayLanguage: 'en' },
    recordingsDir: RECORDINGS,
    sofiaProfile: 'agents',
    domain: 'pbx.test',
    clock,
    logger: silentLogger,
    reconnectInitialMs: 100,
    reconnectMaxMs: 1_000,
  });
  const log = new EventLog(server);
  const settle = async (): Promise<void> => {
    let last = -1;
    let still = 0;
    for (let i = 0; i < 2_000 && still < 8; i++) {
      await new Promise<void>((r) => setImmediate(r));
      if (fake.activity === last) still++;
      else {
        still = 0;
        last = fake.activity;
      }
    }
  };
  beforeConnect?.(fake);
  await server.connect();
  await log.waitFor('connection.reconciled');
  return { clock, fake, server, log, settle };
}

export async function makeFakeFreeSwitchHarness(
  format: 'plain' | 'json' = 'json',
  options: { onWire?: (line: string) => void } = {},
): Promise<PbxHarness> {
  const { clock, fake, server, log, settle } = await startFakeSetup(format, 'socket', (f) => (f.onWire = options.onWire));
  const channel = (id: string) => fake.channels.get(id);
  const passTime = async (ms: number): Promise<void> => {
    let left = ms;
    while (left > 0) {
      const step = Math.min(250, left);
      await settle();
      await clock.advanceAsync(step);
      left -= step;
    }
    await settle();
  };
  const restore = async (lose?: string[]): Promise<void> => {
    const mark = log.mark();
    await fake.restart(lose);
    const reconciled = log.waitFor('connection.reconciled', () => true, mark);
    let done = false;
    void reconciled.then(() => (done = true));
    for (let i = 0; i < 400 && !done; i++) await passTime(100);
    await reconciled;
  };
  const drop = async (): Promise<void> => {
    const mark = log.mark();
    await fake.stop();
    await log.waitFor('connection.down', () => true, mark);
  };

  /** Callers this harness placed: it hangs up those still up at the end. */
  const placed = new Set<string>();

  return {
    server,
    wireCommands: () => fake.commandsSeen,
    clock,
    capabilities: { ...FULL_CAPABILITIES, soundControl: true },
    media: { short: { kind: 'sound', name: 'sb-short' }, shortMs: 1_000, long: { kind: 'sound', name: 'sb-long' }, longMs: 30_000 },
    phones: ['agent1', 'agent2', 'supervisor1'],
    unregisteredPhone: 'agent9',
    externalNumber: '+15557654321',
    passTime,
    async placeInboundCall(spec) {
      const ch = fake.newInboundChannel(spec);
      placed.add(ch.id);
      const address = server.outboundListenAddress();
      if (!address) throw new Error('the adapter has no outbound listener');
      await fake.connectOutbound(ch, address);
      await log.waitFor('channel.inbound', (e) => e.channel.id === ch.id);
      await settle();
      return ch.id;
    },
    async setPhoneBehaviour(target, behaviour) {
      fake.behaviours.set(target, behaviour);
    },
    async answerPhone(target) {
      const ringing = [...fake.channels.values()].find((c) => c.direction === 'outbound' && c.dest === target && !c.answered);
      if (ringing) fake.commands.answer(ringing);
      await settle();
    },
    async pressDigits(channelId, digits) {
      const ch = channel(channelId);
      if (ch) for (const d of digits) fake.commands.pressDigit(ch, d);
      await settle();
    },
    async farEndHangup(channelId) {
      const ch = channel(channelId);
      if (ch) fake.commands.hangup(ch, 'NORMAL_CLEARING', 'recv_bye');
      await settle();
    },
    async vanishChannel(channelId) {
      fake.forget(channelId);
    },
    dropConnection: drop,
    restoreConnection: async (options) => restore(options?.lose),
    async restartPbx(options) {
      await drop();
      await restore(options?.lose);
    },
    async farSide(channelId): Promise<FarSideView> {
      const ch = channel(channelId);
      if (!ch) throw new Error(`the fake has no channel ${channelId}`);
      return {
        answered: ch.answered,
        hearsMoh: hearsMoh(fake.channels, channelId),
        onHold: ch.hold,
        muted: { ...ch.mute },
        heardPrompts: [...ch.heardPrompts],
        receivedDtmf: ch.receivedDtmf,
        hears: hearsOf(fake.channels, channelId),
        ...(ch.redirectedTo === undefined ? {} : { redirectedTo: ch.redirectedTo }),
      };
    },
    async setPresence(phone, presence) {
      fake.options.phones[phone] = presence === 'registered';
      fake.customEvent(presence === 'registered' ? 'sofia::register' : 'sofia::unregister', {
        'profile-name': 'agents',
        'from-user': phone,
        'from-host': 'pbx.test',
        contact: `"${phone}" <sip:${phone}@127.0.0.1:5090>`,
        'call-id': `${phone}-reg@127.0.0.1`,
        expires: presence === 'registered' ? '3600' : '0',
      });
      await settle();
    },
    async uninstallPromptSound(prompt) {
      const sound = FREESWITCH_PROMPTS[prompt][0]!;
      fake.sounds.uninstall(sound);
      return installedPath(SOUND_PREFIX, sound);
    },
    async readRecording(name) {
      return fake.recordingFiles.get(`${RECORDINGS}/${name}.wav`) ?? null;
    },
    async cleanup() {
      await hangUpThroughAdapter(server, log);
      await settle();
      // Callers we placed that left the adapter's control (redirected) hang up themselves; so does
      // everyone when the adapter is disconnected (a connection test ended so).
      for (const ch of [...fake.channels.values()]) {
        if (placed.has(ch.id) || !server.isConnected()) fake.commands.hangup(ch, 'NORMAL_CLEARING', 'recv_bye');
      }
      await settle();
    },
    async liveChannels() {
      return [...fake.channels.keys()];
    },
    async close() {
      log.stop();
      await server.close();
      await fake.close();
    },
  };
}
