/** Contract part: recording start / pause / resume / stop and the recording.finished event. */
import { describe, expect, it } from 'vitest';
import {
  answeredCaller,
  bridgedCall,
  expectCode,
  type ContractContext,
} from './media-server.contract.support.js';

let seq = 0;
const recName = (): string => `contract-${process.pid}-${Date.now()}-${++seq}`;

function expectWav(bytes: Buffer | null): void {
  expect(bytes).not.toBeNull();
  expect(bytes?.subarray(0, 4).toString('latin1')).toBe('RIFF');
  expect(bytes?.subarray(8, 12).toString('latin1')).toBe('WAVE');
}

/** The fmt fields of a canonical 44-byte-header PCM WAV. */
function wavFormat(bytes: Buffer | null): { rate: number; byteRate: number; channels: number; bits: number; dataBytes: number } {
  expectWav(bytes);
  const b = bytes ?? Buffer.alloc(44);
  return { channels: b.readUInt16LE(22), rate: b.readUInt32LE(24), byteRate: b.readUInt32LE(28), bits: b.readUInt16LE(34), dataBytes: b.readUInt32LE(40) };
}

export function recordingContract(ctx: ContractContext): void {
  describe('recording', () => {
    it('given a recorded channel when paused time is skipped then recording.finished reports only recorded time', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      const name = recName();
      const rec = await h.server.startRecording({ target: { channelId: id }, name, format: 'wav' });
      expect(rec).toMatch(/\S/);
      await h.passTime(2_000);
      await h.server.pauseRecording(rec);
      await h.passTime(3_000);
      await h.server.resumeRecording(rec);
      await h.passTime(1_000);
      await h.server.stopRecording(rec);
      const finished = await ctx.log().waitFor('recording.finished', (e) => e.recordingId === rec);
      if (ctx.caps.fakeClock) {
        expect(finished.durationMs).toBeGreaterThanOrEqual(2_500);
        expect(finished.durationMs).toBeLessThanOrEqual(3_500);
      }
      if (ctx.caps.recordingFiles) expectWav(await h.readRecording(name));
    });

    if (ctx.caps.recordingFiles) {
      it('given a 16 kHz recording and then a default one on the same channel when both finish then the first file is 16 kHz and the second 8 kHz', async () => {
        const h = ctx.h();
        const id = await answeredCaller(ctx);
        const wide = recName();
        const narrow = recName();
        const first = await h.server.startRecording({ target: { channelId: id }, name: wide, format: 'wav', sampleRate: 16000 });
        await h.passTime(2_000);
        await h.server.stopRecording(first);
        await ctx.log().waitFor('recording.finished', (e) => e.recordingId === first);
        // The rate must not stick to the channel (FreeSWITCH keeps record_sample_rate on it).
        const second = await h.server.startRecording({ target: { channelId: id }, name: narrow, format: 'wav' });
        await h.passTime(1_000);
        await h.server.stopRecording(second);
        await ctx.log().waitFor('recording.finished', (e) => e.recordingId === second);
        const wideFormat = wavFormat(await h.readRecording(wide));
        expect(wideFormat).toMatchObject({ rate: 16000, byteRate: 32000, channels: 1, bits: 16 });
        expect(wavFormat(await h.readRecording(narrow))).toMatchObject({ rate: 8000, byteRate: 16000, channels: 1, bits: 16 });
        if (ctx.caps.fakeClock) expect(wideFormat.dataBytes).toBeGreaterThanOrEqual(32000 * 1.5);
      });
    }

    it('given a bridge when it is recorded then recording.finished follows stop and the file is a WAV', async () => {
      const h = ctx.h();
      const { bridge } = await bridgedCall(ctx);
      const name = recName();
      const rec = await h.server.startRecording({ target: { bridgeId: bridge }, name, format: 'wav' });
      await h.passTime(1_500);
      await h.server.stopRecording(rec);
      await ctx.log().waitFor('recording.finished', (e) => e.recordingId === rec);
      if (ctx.caps.recordingFiles) expectWav(await h.readRecording(name));
    });

    it('given a maximum duration when it is reached then the recording finishes by itself', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      const rec = await h.server.startRecording({ target: { channelId: id }, name: recName(), format: 'wav', maxDurationMs: 2_000 });
      await h.passTime(2_500);
      const finished = await ctx.log().waitFor('recording.finished', (e) => e.recordingId === rec);
      expect(ctx.log().ofType('channel.hangup').some((e) => e.channelId === id)).toBe(false);
      if (ctx.caps.fakeClock) expect(finished.durationMs).toBeLessThanOrEqual(2_500);
    });

    it('given a terminating digit when the caller presses it then the recording finishes', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      const rec = await h.server.startRecording({
        target: { channelId: id },
        name: recName(),
        format: 'wav',
        beep: true,
        terminateOn: '#',
      });
      await h.passTime(1_000);
      await h.pressDigits(id, '#');
      await ctx.log().waitFor('recording.finished', (e) => e.recordingId === rec);
      expect(ctx.log().ofType('channel.hangup').some((e) => e.channelId === id)).toBe(false);
    });

    it('given a recorded channel when it hangs up then the recording still finishes', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      const rec = await h.server.startRecording({ target: { channelId: id }, name: recName(), format: 'wav' });
      await h.passTime(1_000);
      await h.farEndHangup(id);
      const finished = await ctx.log().waitFor('recording.finished', (e) => e.recordingId === rec);
      expect(finished.recordingId).toBe(rec);
      expect(ctx.log().ofType('recording.finished')).toHaveLength(1);
    });

    it('given a channel that is gone when recording starts then it is CHANNEL_GONE', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      await h.server.hangup(id);
      await expectCode(h.server.startRecording({ target: { channelId: id }, name: recName(), format: 'wav' }), 'CHANNEL_GONE');
      await expectCode(
        h.server.startRecording({ target: { bridgeId: 'no-such-bridge' }, name: recName(), format: 'wav' }),
        'BRIDGE_GONE',
      );
    });
  });
}
