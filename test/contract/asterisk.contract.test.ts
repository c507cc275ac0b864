/**
 * The media-server contract against the Asterisk driver: always against the fake Asterisk
 * (recorded ARI/AMI frames on port 0), and against a real Asterisk when ASTERISK_ARI_URL,
 * ASTERISK_ARI_USER and ASTERISK_ARI_PASSWORD are set (see test/fakes/asterisk/real-harness.ts).
 */
import { describe } from 'vitest';
import { FULL_CAPABILITIES } from './harness.js';
import { mediaServerContract } from './media-server.contract.js';
import { makeFakeAsteriskHarness } from '../fakes/asterisk/harness.js';
import { REAL_CAPABILITIES, makeRealAsteriskHarness, realAsteriskSkipReason } from '../fakes/asterisk/real-harness.js';

mediaServerContract('asterisk (fake ARI + AMI)', makeFakeAsteriskHarness, { ...FULL_CAPABILITIES, soundControl: true });

const skipReason = realAsteriskSkipReason();
if (skipReason) console.info(`[asterisk contract] real Asterisk run skipped: ${skipReason}`);
describe.runIf(skipReason === undefined)('real Asterisk', () => {
  mediaServerContract('asterisk (real, from env)', makeRealAsteriskHarness, REAL_CAPABILITIES);
});
