/**
 * The media-server contract against FreeSwitchMediaServer: always against the fake FreeSWITCH
 * (json and plain event streams), and against a real FreeSWITCH when FREESWITCH_ESL_HOST,
 * FREESWITCH_ESL_PORT and FREESWITCH_ESL_PASSWORD are set.
 */
import { FULL_CAPABILITIES } from './harness.js';
import { mediaServerContract } from './media-server.contract.js';
import { makeFakeFreeSwitchHarness } from '../fakes/freeswitch/fake-harness.js';

mediaServerContract('freeswitch (fake ESL, json events)', () => makeFakeFreeSwitchHarness('json'), FULL_CAPABILITIES);
mediaServerContract('freeswitch (fake ESL, plain events)', () => makeFakeFreeSwitchHarness('plain'), FULL_CAPABILITIES);
