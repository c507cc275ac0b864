/**
 * The media-server contract against FreeSwitchMediaServer: always against the fake FreeSWITCH
 * (recorded ESL frames on port 0, once with json and once with plain event streams), and against
 * a real FreeSWITCH when FREESWITCH_ESL_HOST, FREESWITCH_ESL_PORT and FREESWITCH_ESL_PASSWORD are
 * set (see test/fakes/freeswitch/real-harness.ts).
 */
import { describe } from 'vitest';
import { FULL_CAPABILITIES } from './harness.js';
import { mediaServerContract } from './media-server.contract.js';
import { makeFakeFreeSwitchHarness } from '../fakes/freeswitch/fake-harness.js';
import { REAL_CAPABILITIES, makeRealFreeSwitchHarness, realFreeSwitchSkipReason } from '../fakes/freeswitch/real-harness.js';

mediaServerContract('freeswitch (fake ESL, json events)', () => makeFakeFreeSwitchHarness('json'), { ...FULL_CAPABILITIES, soundControl: true });
mediaServerContract('freeswitch (fake ESL, plain events)', () => makeFakeFreeSwitchHarness('plain'), { ...FULL_CAPABILITIES, soundControl: true });

const skipReason = realFreeSwitchSkipReason();
if (skipReason) console.info(`[freeswitch contract] real FreeSWITCH run skipped: ${skipReason}`);
describe.runIf(skipReason === undefined)('real FreeSWITCH', () => {
  mediaServerContract('freeswitch (real, from env)', makeRealFreeSwitchHarness, REAL_CAPABILITIES);
});
