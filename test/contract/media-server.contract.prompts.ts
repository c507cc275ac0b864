/** Contract part: the daemon's named prompts play on the PBX, and the start-up check finds missing sounds. */
import { describe, expect, it } from 'vitest';
import { PROMPT_NAMES } from '../../src/pbx/port.js';
import { answeredCaller, expectCode, type ContractContext } from './media-server.contract.support.js';

export function promptContract(ctx: ContractContext): void {
  describe('daemon prompts', () => {
    it('given the PBX as deployed when the prompts are checked then every daemon prompt has its sound', async () => {
      expect(await ctx.h().server.checkPrompts()).toEqual([]);
    });

    it('given an answered caller when every daemon prompt is played then each plays to the end and is heard', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      const playback = await h.server.play(id, PROMPT_NAMES.map((name) => ({ kind: 'prompt', name })));
      await h.passTime(20_000);
      expect(await playback.done).toEqual({ reason: 'finished' });
      if (ctx.caps.farSide) expect((await h.farSide(id)).heardPrompts.length).toBeGreaterThanOrEqual(PROMPT_NAMES.length);
    });

    it('given a prompt name the daemon does not have when played then it is refused as invalid', async () => {
      const id = await answeredCaller(ctx);
      await expectCode(ctx.h().server.play(id, [{ kind: 'prompt', name: 'no_such_prompt' as never }]), 'VALIDATION_FAILED');
    });

    if (ctx.caps.soundControl) {
      it("given one prompt's sound taken off the PBX when the prompts are checked then exactly that prompt is named, with the sound", async () => {
        const h = ctx.h();
        const sound = await h.uninstallPromptSound!('queue_position_outro');
        expect(await h.server.checkPrompts()).toEqual([{ prompt: 'queue_position_outro', sound }]);
      });
    }

    if (ctx.caps.connectionControl) {
      it('given the PBX connection is down when the prompts are checked then it rejects PBX_UNAVAILABLE', async () => {
        await ctx.h().dropConnection();
        await expectCode(ctx.h().server.checkPrompts(), 'PBX_UNAVAILABLE');
      });
    }
  });
}
