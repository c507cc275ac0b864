import { FULL_CAPABILITIES } from './harness.js';
import { mediaServerContract } from './media-server.contract.js';
import { makeSimHarness } from './sim-harness.js';

mediaServerContract('simulated media server', makeSimHarness, FULL_CAPABILITIES);
