/**
 * PbxHarness against a real Asterisk, from the environment:
 *   ASTERISK_ARI_URL (http://host:8088/ari), ASTERISK_ARI_USER, ASTERISK_ARI_PASSWORD,
 *   ASTERISK_AMI_HOST, ASTERISK_AMI_PORT, ASTERISK_AMI_USER, ASTERISK_AMI_SECRET (optional),
 *   ASTERISK_TEST_PHONES (three or more auto-answering PJSIP endpoints, default agent1,agent2,supervisor),
 *   ASTERISK_TEST_UNREGISTERED (default agent9), ASTERISK_TEST_EXTERNAL, ASTERISK_TEST_TRUNK.
 * Inbound callers are Local channels into the `switchboard-test` context of
 * dialplan/asterisk/extensions.conf; their far half sits in the Stasis app `switchboard-far`,
 * which this harness holds open to press keys and hang up.
 */
import WebSocket from 'ws';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/log.js';
import { AsteriskMediaServer } from '../../../src/pbx/asterisk/adapter.js';
import { AriHttpClient } from '../../../src/pbx/asterisk/ari-http.js';
import type { AriChannel } from '../../../src/pbx/asterisk/ari-models.js';
import { isAppError } from '../../../src/core/errors.js';
import { EventLog, missingEnv, REAL_PBX_CAPABILITIES, type PbxHarness, type PbxHarnessCapabilities } from '../../contract/harness.js';
import { channelIdsSeen, hangUpThroughAdapter, untilNoneLeft } from '../../contract/harness-cleanup.js';

export const REAL_CAPABILITIES: PbxHarnessCapabilities = REAL_PBX_CAPABILITIES;

const env = process.env;

export function realAsteriskSkipReason(): string | undefined {
  return missingEnv(['ASTERISK_ARI_URL', 'ASTERISK_ARI_USER', 'ASTERISK_ARI_PASSWORD'], env);
}

const unsupported = (what: string) => Promise.reject(new Error(`real Asterisk harness cannot ${what}`));

export async function makeRealAsteriskHarness(): Promise<PbxHarness> {
  const url = env.ASTERISK_ARI_URL ?? '';
  const username = env.ASTERISK_ARI_USER ?? '';
  const password = env.ASTERISK_ARI_PASSWORD ?? '';
  const phones = (env.ASTERISK_TEST_PHONES ?? 'agent1,agent2,supervisor').split(',');
  const [p0, p1, p2, ...rest] = phones;
  if (!p0 || !p1 || !p2) throw new Error('ASTERISK_TEST_PHONES needs three phones');
  const amiHost = env.ASTERISK_AMI_HOST;
  const server = new AsteriskMediaServer({
    ari: { url, username, password },
    ami: amiHost
      ? { host: amiHost, port: Number(env.ASTERISK_AMI_PORT ?? '5038'), username: env.ASTERISK_AMI_USER ?? '', secret: env.ASTERISK_AMI_SECRET ?? '' }
      : undefined,
    defaultTrunk: env.ASTERISK_TEST_TRUNK,
    clock: systemClock,
    logger: silentLogger,
  });
  const log = new EventLog(server);
  await server.connect();
  await log.waitFor('connection.reconciled');

  // The far halves of test callers live in our own control app.
  const control = new AriHttpClient({ baseUrl: url, username, password });
  const farApp = 'switchboard-far';
  const wsUrl = new URL(`${url.replace(/\/$/, '')}/events`);
  wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  wsUrl.searchParams.set('app', farApp);
  const farSocket = new WebSocket(wsUrl, { headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` } });
  await new Promise<void>((resolve, reject) => {
    farSocket.once('open', () => resolve());
    farSocket.once('error', reject);
  });
  const farOf = new Map<string, string>();
  /** Far halves placed but not (yet) matched to an inbound channel still count as ours. */
  const farIds = new Set<string>();
  const gone = (err: unknown) => {
    if (!isAppError(err, 'CHANNEL_GONE')) throw err;
  };
  /**
   * Ours on this Asterisk: channels the adapter named, the far halves we placed, Local channels
   * into switchboard-test, and snoops on any of them (`Snoop/<target id>-<seq>`).
   */
  const liveChannels = async (): Promise<string[]> => {
    const ours = new Set([...channelIdsSeen(log), ...farIds]);
    const all = await control.get<AriChannel[]>('/channels');
    return all
      .filter((c) => ours.has(c.id) || c.name.includes('@switchboard-test-') || ours.has(/^Snoop\/(.+)-[0-9a-f]{8}$/.exec(c.name)?.[1] ?? ''))
      .map((c) => c.id);
  };

  return {
    server,
    clock: null,
    capabilities: { ...REAL_CAPABILITIES },
    media: { short: { kind: 'sound', name: 'hello-world' }, shortMs: 2_000, long: { kind: 'sound', name: 'demo-congrats' }, longMs: 8_000 },
    phones: [p0, p1, p2, ...rest],
    unregisteredPhone: env.ASTERISK_TEST_UNREGISTERED ?? 'agent9',
    externalNumber: env.ASTERISK_TEST_EXTERNAL ?? '+15550100200',
    async passTime() {},
    async placeInboundCall(spec) {
      const mark = log.mark();
      const variables: Record<string, string> = {};
      // `__` makes the Local channel's second half inherit them, as a SIP leg's dialplan would set them.
      for (const [k, v] of Object.entries(spec.variables ?? {})) variables[`__${k}`] = v;
      for (const [k, v] of Object.entries(spec.headers ?? {})) variables[`__SIPHDR_${k.replace(/-/g, '_')}`] = v;
      const far = await control.post<AriChannel>('/channels', {
        query: {
          endpoint: `Local/${spec.to}@switchboard-test`,
          app: farApp,
          callerId: `"${spec.fromName ?? ''}" <${spec.from}>`,
        },
        body: { variables },
      });
      farIds.add(far.id);
      const e = await log.waitFor('channel.inbound', (x) => x.channel.callerNumber === spec.from, mark);
      farOf.set(e.channel.id, far.id);
      return e.channel.id;
    },
    async setPhoneBehaviour(_target, behaviour) {
      if (behaviour !== 'answer') await unsupported(`make a real phone behave ${JSON.stringify(behaviour)}`);
    },
    answerPhone: () => unsupported('answer a real phone'),
    async pressDigits(channelId, digits) {
      await control.post(`/channels/${encodeURIComponent(farOf.get(channelId) ?? channelId)}/dtmf`, { query: { dtmf: digits, between: 100 } });
    },
    async farEndHangup(channelId) {
      await control.delete(`/channels/${encodeURIComponent(farOf.get(channelId) ?? channelId)}`, { addresses: 'channel' }).catch(gone);
    },
    vanishChannel: () => unsupported('vanish a channel'),
    dropConnection: () => unsupported('drop the connection'),
    restoreConnection: () => unsupported('restore the connection'),
    restartPbx: () => unsupported('restart Asterisk'),
    farSide: () => unsupported('see the far side'),
    setPresence: () => unsupported('register phones'),
    readRecording: async () => null,
    async cleanup() {
      await hangUpThroughAdapter(server, log);
      for (const far of farIds) await control.delete(`/channels/${encodeURIComponent(far)}`, { addresses: 'channel' }).catch(gone);
      // Whatever of ours is still there (a Local half, a snoop) is hung up directly.
      for (const id of await untilNoneLeft(liveChannels, 10)) {
        await control.delete(`/channels/${encodeURIComponent(id)}`, { addresses: 'channel' }).catch(gone);
      }
    },
    liveChannels: () => untilNoneLeft(liveChannels),
    async close() {
      log.stop();
      farSocket.close();
      control.close();
      await server.close();
    },
  };
}
