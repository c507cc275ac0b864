/**
 * The one contract every media-server adapter passes (after kysely's one-suite-per-dialect).
 * An adapter's contract test file is a single call:
 *
 *   mediaServerContract('asterisk (fake ARI+AMI)', makeAsteriskHarness, { ...FULL_CAPABILITIES, audioPaths: false });
 *
 * `capabilities` decides which tests are registered (a real PBX cannot vanish a channel on
 * demand); the harness must report the same flags. Parts live in media-server.contract.*.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventLog, FULL_CAPABILITIES, type MakeHarness, type PbxHarness, type PbxHarnessCapabilities } from './harness.js';
import { bridgeContract } from './media-server.contract.bridges.js';
import { callContract } from './media-server.contract.calls.js';
import { mediaContract } from './media-server.contract.media.js';
import { promptContract } from './media-server.contract.prompts.js';
import { recordingContract } from './media-server.contract.recording.js';
import { resilienceContract } from './media-server.contract.resilience.js';
import { timingContract } from './media-server.contract.timing.js';
import type { ContractContext } from './media-server.contract.support.js';

export function mediaServerContract(
  name: string,
  makeHarness: MakeHarness,
  capabilities: PbxHarnessCapabilities = FULL_CAPABILITIES,
): void {
  describe(`media-server contract: ${name}`, () => {
    let harness: PbxHarness | undefined;
    let log: EventLog | undefined;

    const ctx: ContractContext = {
      caps: capabilities,
      h: () => {
        if (!harness) throw new Error('harness not ready');
        return harness;
      },
      log: () => {
        if (!log) throw new Error('event log not ready');
        return log;
      },
    };

    beforeEach(async () => {
      harness = await makeHarness();
      log = new EventLog(harness.server);
    });

    afterEach(async (test) => {
      // A failed contract test usually hangs on an event that never came: say which, and what came.
      if (test.task.result?.state === 'fail' && log) {
        console.error(`[contract ${name}] still waiting for: ${log.pendingWaits().join(', ') || 'nothing'}`);
        console.error(`[contract ${name}] last events: ${JSON.stringify(log.events.slice(-12))}`);
      }
      const h = harness;
      harness = undefined;
      let left: string[] = [];
      try {
        if (!h?.cleanup || !h.liveChannels) throw new Error(`[contract ${name}] the harness must implement cleanup and liveChannels`);
        await h.cleanup();
        left = await h.liveChannels();
      } finally {
        log?.stop();
        log = undefined;
        await h?.close();
      }
      // Every harness hangs up what it created: nothing of ours may stay up on the PBX.
      expect(left, `[contract ${name}] channels left on the PBX after the test`).toEqual([]);
    });

    it('given the harness when it starts then it is connected and declares the capabilities the suite was told', () => {
      const h = ctx.h();
      expect(h.server.isConnected()).toBe(true);
      expect(h.server.kind).toMatch(/\S/);
      expect(typeof h.server.simulated).toBe('boolean');
      expect(h.capabilities).toEqual(capabilities);
      expect(h.clock === null).toBe(!capabilities.fakeClock);
      expect(h.media.longMs).toBeGreaterThanOrEqual(5_000);
    });

    callContract(ctx);
    mediaContract(ctx);
    promptContract(ctx);
    bridgeContract(ctx);
    recordingContract(ctx);
    resilienceContract(ctx);
    timingContract(ctx);
  });
}
