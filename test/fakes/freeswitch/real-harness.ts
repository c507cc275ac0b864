/**
 * PbxHarness against a real FreeSWITCH, from the environment:
 *   FREESWITCH_ESL_HOST, FREESWITCH_ESL_PORT, FREESWITCH_ESL_PASSWORD (required);
 *   FREESWITCH_TEST_PHONES (three or more registered, auto-answering agent phones, default
 *   agent1,agent2,supervisor1), FREESWITCH_TEST_UNREGISTERED (default agent9),
 *   FREESWITCH_TEST_DOMAIN (directory domain, default the ESL host), FREESWITCH_TEST_PROFILE
 *   (default agents), FREESWITCH_TEST_TRUNK (default carrier), FREESWITCH_TEST_EXTERNAL,
 *   FREESWITCH_TEST_SHORT_SOUND / FREESWITCH_TEST_LONG_SOUND (default ivr/ivr-welcome and
 *   ivr/ivr-welcome_to_freeswitch).
 * Callers are loopback channels: the harness originates `loopback/<DID>/switchboard-test` on a
 * second ESL connection; the B leg enters context switchboard-test of dialplan/freeswitch
 * (marked, parked), which the adapter announces; the A leg is the caller's far end, which
 * presses keys (uuid_send_dtmf crosses the loopback) and hangs up (uuid_kill).
 */
import { randomUUID } from 'node:crypto';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/log.js';
import { EslConnection } from '../../../src/pbx/freeswitch/esl-connection.js';
import { channelVariables } from '../../../src/pbx/freeswitch/commands.js';
import { FreeSwitchMediaServer } from '../../../src/pbx/freeswitch/freeswitch-media-server.js';
import { EventLog, missingEnv, REAL_PBX_CAPABILITIES, type PbxHarness, type PbxHarnessCapabilities } from '../../contract/harness.js';
import { channelIdsSeen, hangUpThroughAdapter, untilNoneLeft } from '../../contract/harness-cleanup.js';

export const REAL_CAPABILITIES: PbxHarnessCapabilities = {
  ...REAL_PBX_CAPABILITIES,
  // Loopback callers carry no INVITE, so no X- headers.
  sipHeaders: false,
};

const env = process.env;

export function realFreeSwitchSkipReason(): string | undefined {
  return missingEnv(['FREESWITCH_ESL_HOST', 'FREESWITCH_ESL_PORT', 'FREESWITCH_ESL_PASSWORD'], env);
}

const unsupported = (what: string): Promise<never> => Promise.reject(new Error(`real FreeSWITCH harness cannot ${what}`));

export async function makeRealFreeSwitchHarness(): Promise<PbxHarness> {
  const esl = { host: env.FREESWITCH_ESL_HOST ?? '', port: Number(env.FREESWITCH_ESL_PORT ?? '8021'), password: env.FREESWITCH_ESL_PASSWORD ?? '' };
  const [p0, p1, p2, ...rest] = (env.FREESWITCH_TEST_PHONES ?? 'agent1,agent2,supervisor1').split(',');
  if (!p0 || !p1 || !p2) throw new Error('FREESWITCH_TEST_PHONES needs three phones');
  const domain = env.FREESWITCH_TEST_DOMAIN ?? esl.host;
  const server = new FreeSwitchMediaServer({
    esl,
    dial: { phoneDialString: `user/{name}@${domain}`, defaultTrunk: env.FREESWITCH_TEST_TRUNK ?? 'carrier', sayLanguage: 'en' },
    recordingsDir: env.FREESWITCH_TEST_RECORDINGS ?? '/tmp',
    sofiaProfile: env.FREESWITCH_TEST_PROFILE ?? 'agents',
    domain,
    clock: systemClock,
    logger: silentLogger,
  });
  const log = new EventLog(server);
  await server.connect();
  await log.waitFor('connection.reconciled');
  const control = await EslConnection.open({ ...esl, events: [], format: 'plain', clock: systemClock, logger: silentLogger });
  const farOf = new Map<string, string>();
  /** Caller A legs we originated; with every uuid the adapter named, what counts as ours. */
  const farIds = new Set<string>();
  const liveChannels = async (): Promise<string[]> => {
    const ours = [...new Set([...channelIdsSeen(log), ...farIds])];
    const left: string[] = [];
    for (const id of ours) if ((await control.api(`uuid_exists ${id}`)).trim() === 'true') left.push(id);
    return left;
  };

  return {
    server,
    clock: null,
    capabilities: { ...REAL_CAPABILITIES },
    media: {
      short: { kind: 'sound', name: env.FREESWITCH_TEST_SHORT_SOUND ?? 'ivr/ivr-welcome' },
      shortMs: 4_000,
      long: { kind: 'sound', name: env.FREESWITCH_TEST_LONG_SOUND ?? 'ivr/ivr-welcome_to_freeswitch' },
      longMs: 10_000,
    },
    phones: [p0, p1, p2, ...rest],
    unregisteredPhone: env.FREESWITCH_TEST_UNREGISTERED ?? 'agent9',
    externalNumber: env.FREESWITCH_TEST_EXTERNAL ?? '+15550100200',
    async passTime() {},
    async placeInboundCall(spec) {
      const mark = log.mark();
      const far = randomUUID();
      farIds.add(far);
      const vars: Record<string, string> = {
        ...spec.variables,
        origination_uuid: far,
        origination_caller_id_number: spec.from,
        origination_caller_id_name: spec.fromName ?? spec.from,
        // mod_loopback copies these to the B leg, as a trunk call's dialplan would have set them.
        loopback_export: Object.keys(spec.variables ?? {}).join(':'),
      };
      const job = control.bgapi(`originate ${channelVariables(vars)}loopback/${spec.to}/switchboard-test &park()`);
      await job.accepted;
      const e = await log.waitFor('channel.inbound', (x) => x.channel.callerNumber === spec.from, mark);
      farOf.set(e.channel.id, far);
      return e.channel.id;
    },
    async setPhoneBehaviour(_target, behaviour) {
      if (behaviour !== 'answer') await unsupported(`make a real phone behave ${JSON.stringify(behaviour)}`);
    },
    answerPhone: () => unsupported('answer a real phone'),
    async pressDigits(channelId, digits) {
      await control.api(`uuid_send_dtmf ${farOf.get(channelId) ?? channelId} ${digits}`);
    },
    async farEndHangup(channelId) {
      await control.api(`uuid_kill ${farOf.get(channelId) ?? channelId}`);
    },
    vanishChannel: () => unsupported('vanish a channel'),
    dropConnection: () => unsupported('drop the connection'),
    restoreConnection: () => unsupported('restore the connection'),
    restartPbx: () => unsupported('restart FreeSWITCH'),
    farSide: () => unsupported('see the far side'),
    setPresence: () => unsupported('register phones'),
    readRecording: async () => null,
    async cleanup() {
      await hangUpThroughAdapter(server, log);
      // uuid_kill of a uuid that is already gone answers -ERR; that is the state we want.
      for (const id of [...farIds, ...(await untilNoneLeft(liveChannels, 10))]) await control.api(`uuid_kill ${id}`);
    },
    liveChannels: () => untilNoneLeft(liveChannels),
    async close() {
      log.stop();
      await control.close();
      await server.close();
    },
  };
}
