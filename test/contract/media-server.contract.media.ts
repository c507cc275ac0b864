/** Contract part: playback, digit collection, music on hold, sending DTMF. */
import { describe, expect, it } from 'vitest';
import { describeMedia } from '../../src/pbx/shared/media-ref.js';
import {
  answeredCaller,
  callerSpec,
  expectCode,
  settleWith,
  tracker,
  type ContractContext,
} from './media-server.contract.support.js';

export function mediaContract(ctx: ContractContext): void {
  describe('play', () => {
    it('given an answered call when a prompt list plays to the end then it finishes and the caller heard each in order', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      const media = [h.media.short, { kind: 'digits' as const, value: '42' }, { kind: 'silence' as const, ms: 200 }];
      const playback = await h.server.play(id, media);
      expect(playback.id).toMatch(/\S/);
      expect(await settleWith(ctx, playback.done, h.media.shortMs + 5_000)).toEqual({ reason: 'finished' });
      if (ctx.caps.farSide) expect((await h.farSide(id)).heardPrompts).toEqual(media.map(describeMedia));
    });

    it('given a prompt list with a pause between prompts when it plays then the pause ends by itself and the list finishes', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      const media = [h.media.short, { kind: 'silence' as const, ms: 700 }, { kind: 'digits' as const, value: '5' }];
      const playback = await h.server.play(id, media);
      expect(await settleWith(ctx, playback.done, 2 * h.media.shortMs + 5_000)).toEqual({ reason: 'finished' });
      if (ctx.caps.farSide) expect((await h.farSide(id)).heardPrompts).toEqual(media.map(describeMedia));
    });

    it('given a collect whose prompt is only a pause when no digit comes then it times out after the pause plus the wait', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      const result = h.server.collectDigits(id, { maxDigits: 1, firstDigitTimeoutMs: 1_000, prompt: [{ kind: 'silence', ms: 500 }] });
      expect(await settleWith(ctx, result, 5_000)).toEqual({ digits: '', reason: 'timeout' });
    });

    if (ctx.caps.fakeClock) {
      it('given a pause playing when an interrupt digit is pressed then it ends interrupted and the rest is not played', async () => {
        const h = ctx.h();
        const id = await answeredCaller(ctx);
        const playback = await h.server.play(id, [{ kind: 'silence', ms: 5_000 }, h.media.short], { interruptDigits: '#' });
        await h.passTime(1_000);
        await h.pressDigits(id, '#');
        expect(await playback.done).toEqual({ reason: 'interrupted', digit: '#' });
        await h.passTime(6_000 + h.media.shortMs);
        if (ctx.caps.farSide) expect((await h.farSide(id)).heardPrompts).not.toContain(describeMedia(h.media.short));
      });
    }

    it('given a playing prompt when an interrupt digit is pressed then it ends interrupted with that digit', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      const playback = await h.server.play(id, [h.media.long], { interruptDigits: '#*' });
      const done = tracker(playback.done);
      await h.pressDigits(id, '5');
      await ctx.log().waitFor('channel.dtmf', (e) => e.channelId === id && e.digit === '5');
      if (ctx.caps.fakeClock) {
        await h.passTime(500);
        expect(done.settled()).toBe(false);
      }
      await h.pressDigits(id, '#');
      expect(await done.promise).toEqual({ reason: 'interrupted', digit: '#' });
    });

    it('given a prompt with no interrupt digits when digits are pressed then they are still reported as dtmf', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      const playback = await h.server.play(id, [h.media.short]);
      await h.pressDigits(id, '7');
      await ctx.log().waitFor('channel.dtmf', (e) => e.channelId === id && e.digit === '7');
      expect(await settleWith(ctx, playback.done, h.media.shortMs + 1_000)).toEqual({ reason: 'finished' });
    });

    it('given a playing prompt when we stop it then it ends stopped, and stopping again is harmless', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      const playback = await h.server.play(id, [h.media.long]);
      await playback.stop();
      expect(await playback.done).toEqual({ reason: 'stopped' });
      await playback.stop();
      expect(await playback.done).toEqual({ reason: 'stopped' });
    });

    it('given a playing prompt when the caller hangs up then it ends gone instead of failing', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      const playback = await h.server.play(id, [h.media.long]);
      await h.farEndHangup(id);
      expect(await playback.done).toEqual({ reason: 'gone' });
    });

    it('given a channel that already hung up when we play then the playback ends gone', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      await h.farEndHangup(id);
      await ctx.log().waitFor('channel.hangup', (e) => e.channelId === id);
      const playback = await h.server.play(id, [h.media.short]);
      expect(await playback.done).toEqual({ reason: 'gone' });
    });

    it('given invalid media when we play then it is refused as VALIDATION_FAILED', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      await expectCode(h.server.play(id, [{ kind: 'sound', name: 'x;Hangup()' }]), 'VALIDATION_FAILED');
      await expectCode(h.server.play(id, []), 'VALIDATION_FAILED');
    });
  });

  describe('collectDigits', () => {
    it('given maxDigits 3 when three digits are pressed then it returns them with reason max', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      const result = h.server.collectDigits(id, { maxDigits: 3, firstDigitTimeoutMs: 10_000 });
      await h.pressDigits(id, '123');
      expect(await result).toEqual({ digits: '123', reason: 'max' });
    });

    it('given a terminator when it is pressed then input ends without the terminator', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      const result = h.server.collectDigits(id, { maxDigits: 10, firstDigitTimeoutMs: 10_000, terminators: '#' });
      await h.pressDigits(id, '12#');
      expect(await result).toEqual({ digits: '12', reason: 'terminator' });
    });

    it('given no input when the first-digit timeout passes then it returns nothing with reason timeout', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      const result = h.server.collectDigits(id, { maxDigits: 4, firstDigitTimeoutMs: 3_000 });
      expect(await settleWith(ctx, result, 3_500)).toEqual({ digits: '', reason: 'timeout' });
    });

    it('given a long first-digit and a short inter-digit timeout when the caller pauses then the inter-digit one ends input', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      const result = tracker(
        h.server.collectDigits(id, { maxDigits: 5, firstDigitTimeoutMs: 6_000, interDigitTimeoutMs: 2_000 }),
      );
      await h.passTime(4_000);
      if (ctx.caps.fakeClock) expect(result.settled()).toBe(false);
      await h.pressDigits(id, '1');
      await h.passTime(1_500);
      if (ctx.caps.fakeClock) expect(result.settled()).toBe(false);
      await h.pressDigits(id, '2');
      await h.passTime(2_500);
      expect(await result.promise).toEqual({ digits: '12', reason: 'timeout' });
    });

    it('given a prompt when the first digit is pressed during it then the prompt stops and the digit counts', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      const result = h.server.collectDigits(id, { maxDigits: 2, firstDigitTimeoutMs: 5_000, prompt: [h.media.long] });
      await h.pressDigits(id, '4');
      await h.pressDigits(id, '2');
      expect(await result).toEqual({ digits: '42', reason: 'max' });
      if (ctx.caps.farSide) expect((await h.farSide(id)).heardPrompts).toEqual([describeMedia(h.media.long)]);
    });

    it('given a prompt when nothing is pressed then the first-digit timeout counts from the end of the prompt', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      const result = tracker(
        h.server.collectDigits(id, { maxDigits: 2, firstDigitTimeoutMs: 2_000, prompt: [h.media.long] }),
      );
      if (ctx.caps.fakeClock) {
        await h.passTime(2_500);
        expect(result.settled()).toBe(false);
      }
      await h.passTime(h.media.longMs * 2 + 2_500);
      expect(await result.promise).toEqual({ digits: '', reason: 'timeout' });
    });

    it('given digit collection when the caller hangs up then it resolves gone with what was typed', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      const result = h.server.collectDigits(id, { maxDigits: 5, firstDigitTimeoutMs: 30_000 });
      await h.pressDigits(id, '9');
      await ctx.log().waitFor('channel.dtmf', (e) => e.channelId === id && e.digit === '9');
      await h.farEndHangup(id);
      expect(await result).toEqual({ digits: '9', reason: 'gone' });
    });

    it('given a channel that is gone when we collect then it resolves gone at once', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      await h.server.hangup(id);
      expect(await h.server.collectDigits(id, { maxDigits: 1, firstDigitTimeoutMs: 1_000 })).toEqual({
        digits: '',
        reason: 'gone',
      });
    });
  });

  describe('music on hold and DTMF out', () => {
    it('given an answered call when MOH starts and stops then the caller hears it only in between', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      await h.server.startMoh(id);
      if (ctx.caps.farSide) expect((await h.farSide(id)).hearsMoh).toBe(true);
      await h.server.stopMoh(id);
      if (ctx.caps.farSide) expect((await h.farSide(id)).hearsMoh).toBe(false);
      expect(ctx.log().ofType('channel.hangup').filter((e) => e.channelId === id)).toEqual([]);
    });

    it('given an answered call when we send DTMF then the far end receives the digits', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      await h.server.sendDtmf(id, '12#');
      if (ctx.caps.farSide) expect((await h.farSide(id)).receivedDtmf).toBe('12#');
      await expectCode(h.server.sendDtmf(id, '12x'), 'VALIDATION_FAILED');
    });

    it('given digits pressed quickly when they arrive then dtmf events keep their order', async () => {
      const h = ctx.h();
      const id = await h.placeInboundCall(callerSpec());
      await h.server.answer(id);
      await h.pressDigits(id, '3141592*#');
      await ctx.log().waitFor('channel.dtmf', (e) => e.channelId === id && e.digit === '#');
      const typed = ctx.log().ofType('channel.dtmf').filter((e) => e.channelId === id).map((e) => e.digit).join('');
      expect(typed).toBe('3141592*#');
    });
  });
}
