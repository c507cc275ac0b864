/**
 * The fuzz targets of test/fuzz/targets.ts at a quick size (`npm run fuzz` runs them for longer).
 * A failure prints fast-check's seed and path: replay it with `npm run fuzz -- <target> --seed <n> --path <p>`.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import fc from 'fast-check';
import { FUZZ_TARGETS } from '../../fuzz/targets.js';

const RUNS = Number(process.env.SWITCHBOARD_FUZZ_RUNS ?? 150);

describe('fuzzing the decoders of outside input', () => {
  for (const target of FUZZ_TARGETS) {
    describe(target.name, () => {
      beforeAll(async () => target.setup?.());
      afterAll(async () => target.teardown?.());
      it(`given ${RUNS} arbitrary and mutated recorded inputs when decoded then nothing crashes or hangs, buffers stay bounded and every refusal is coded`, async () => {
        await fc.assert(target.property(), { numRuns: RUNS });
      });
    });
  }
});
