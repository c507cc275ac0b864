/**
 * Contract part: channels that vanish, a PBX that goes away and comes back, reconciliation, and
 * per-channel event order. "Gone" is an outcome: every operation answers with a coded error (or
 * 'gone' for play/collect) and the server keeps working afterwards.
 */
import { describe, expect, it } from 'vitest';
import type { MediaServer } from '../../src/pbx/port.js';
import {
  answeredCaller,
  answeredLeg,
  callerSpec,
  channelOf,
  expectCode,
  hangupsOf,
  type ContractContext,
} from './media-server.contract.support.js';

/** Every channel operation that must reject CHANNEL_GONE for a channel the PBX no longer has. */
function channelOps(s: MediaServer, id: string, other: string, bridge: string): [string, () => Promise<unknown>][] {
  return [
    ['answer', () => s.answer(id)],
    ['hangup', () => s.hangup(id)],
    ['startMoh', () => s.startMoh(id)],
    ['stopMoh', () => s.stopMoh(id)],
    ['sendDtmf', () => s.sendDtmf(id, '1')],
    ['addToBridge', () => s.addToBridge(bridge, id)],
    ['removeFromBridge', () => s.removeFromBridge(bridge, id)],
    ['hold', () => s.hold(id)],
    ['unhold', () => s.unhold(id)],
    ['mute', () => s.mute(id, 'in')],
    ['unmute', () => s.unmute(id, 'in')],
    ['startRecording', () => s.startRecording({ target: { channelId: id }, name: `gone-${id}`, format: 'wav' })],
    ['redirect', () => s.redirect(id, { kind: 'number', number: '+15550000000' })],
    ['setVariable', () => s.setVariable(id, 'X', '1')],
    ['getVariable', () => s.getVariable(id, 'X')],
    ['supervise target', () => s.supervise({ targetChannelId: id, supervisorChannelId: other, mode: 'listen' })],
    ['supervise supervisor', () => s.supervise({ targetChannelId: other, supervisorChannelId: id, mode: 'listen' })],
  ];
}

async function expectAllGone(ctx: ContractContext, id: string): Promise<void> {
  const h = ctx.h();
  const other = await answeredLeg(ctx, h.phones[1]);
  const bridge = await h.server.createBridge('mixing');
  for (const [name, op] of channelOps(h.server, id, other, bridge)) {
    await expectCode(op(), 'CHANNEL_GONE').catch((err: unknown) => {
      throw new Error(`${name}: ${String(err)}`);
    });
  }
  expect(await (await h.server.play(id, [h.media.short])).done).toEqual({ reason: 'gone' });
  expect(await h.server.collectDigits(id, { maxDigits: 1, firstDigitTimeoutMs: 1_000 })).toEqual({ digits: '', reason: 'gone' });
  // Still serving: a new call works after all of that.
  const next = await answeredCaller(ctx);
  expect((await channelOf(ctx, next))?.state).toBe('up');
}

export function resilienceContract(ctx: ContractContext): void {
  describe('channels that are gone', () => {
    it('given a channel id the PBX never had when any operation runs then it is CHANNEL_GONE, never a crash', async () => {
      await expectAllGone(ctx, 'never-existed-channel');
    });

    it('given a channel that hung up when any operation runs then it is CHANNEL_GONE', async () => {
      const id = await answeredCaller(ctx);
      await ctx.h().farEndHangup(id);
      await ctx.log().waitFor('channel.hangup', (e) => e.channelId === id);
      await expectAllGone(ctx, id);
    });

    if (ctx.caps.vanishChannel) {
      it('given a channel the PBX forgot silently when any operation runs then it is CHANNEL_GONE', async () => {
        const id = await answeredCaller(ctx);
        await ctx.h().vanishChannel(id);
        await expectAllGone(ctx, id);
      });
    }
  });

  if (ctx.caps.connectionControl) {
    describe('connection loss and reconciliation', () => {
      it('given the PBX connection is down when operations run then they reject PBX_UNAVAILABLE', async () => {
        const h = ctx.h();
        const id = await answeredCaller(ctx);
        await h.dropConnection();
        await ctx.log().waitFor('connection.down');
        expect(h.server.isConnected()).toBe(false);
        await expectCode(h.server.answer(id), 'PBX_UNAVAILABLE');
        await expectCode(h.server.hangup(id), 'PBX_UNAVAILABLE');
        await expectCode(h.server.originate({ endpoint: { kind: 'phone', name: h.phones[0] }, timeoutMs: 1_000 }), 'PBX_UNAVAILABLE');
        await expectCode(h.server.play(id, [h.media.short]), 'PBX_UNAVAILABLE');
        await expectCode(h.server.collectDigits(id, { maxDigits: 1, firstDigitTimeoutMs: 1_000 }), 'PBX_UNAVAILABLE');
        await expectCode(h.server.createBridge('mixing'), 'PBX_UNAVAILABLE');
        await expectCode(h.server.snapshot(), 'PBX_UNAVAILABLE');
        await expectCode(h.server.endpointPresence(h.phones[0]), 'PBX_UNAVAILABLE');
        await h.restoreConnection(ctx.caps.selectiveLoss ? { lose: [] } : undefined);
        expect(h.server.isConnected()).toBe(true);
      });

      it('given a PBX restart that loses every call when it comes back then each is hung up as lost, then reconciled', async () => {
        const h = ctx.h();
        const a = await answeredCaller(ctx);
        const b = await answeredCaller(ctx);
        const mark = ctx.log().mark();
        await h.restartPbx();
        const reconciled = await ctx.log().waitFor('connection.reconciled', () => true, mark);
        expect([...reconciled.lostChannelIds].sort()).toEqual([a, b].sort());
        const after = ctx.log().events.slice(mark);
        const reconciledAt = after.indexOf(reconciled);
        for (const id of [a, b]) {
          const i = after.findIndex((e) => e.type === 'channel.hangup' && e.channelId === id);
          expect(after[i]).toMatchObject({ cause: 'lost' });
          expect(i).toBeLessThan(reconciledAt);
        }
        const upAt = after.findIndex((e) => e.type === 'connection.up');
        expect(upAt).toBeGreaterThanOrEqual(0);
        expect(upAt).toBeLessThan(reconciledAt);
        expect(await channelOf(ctx, a)).toBeUndefined();
        await expectCode(h.server.answer(a), 'CHANNEL_GONE');
        const next = await answeredCaller(ctx);
        expect((await channelOf(ctx, next))?.state).toBe('up');
      });

      if (ctx.caps.selectiveLoss) {
        it('given an outage that one call survives when the PBX is back then only the other is lost', async () => {
          const h = ctx.h();
          const kept = await answeredCaller(ctx);
          const lost = await answeredCaller(ctx);
          const mark = ctx.log().mark();
          await h.dropConnection();
          await h.restoreConnection({ lose: [lost] });
          const reconciled = await ctx.log().waitFor('connection.reconciled', () => true, mark);
          expect(reconciled.lostChannelIds).toEqual([lost]);
          expect(ctx.log().events.slice(mark).filter((e) => e.type === 'channel.hangup').map((e) => 'channelId' in e && e.channelId)).toEqual([lost]);
          expect((await channelOf(ctx, kept))?.state).toBe('up');
          await h.server.setVariable(kept, 'SB_AFTER', 'yes');
          expect(await h.server.getVariable(kept, 'SB_AFTER')).toBe('yes');
        });

        it('given a call that arrived a moment ago when the connection drops and returns at once then it survives, not lost', async () => {
          const h = ctx.h();
          const young = await h.placeInboundCall(callerSpec());
          const mark = ctx.log().mark();
          await h.dropConnection();
          await h.restoreConnection({ lose: [] });
          const reconciled = await ctx.log().waitFor('connection.reconciled', () => true, mark);
          expect(reconciled.lostChannelIds).toEqual([]);
          expect(hangupsOf(ctx.log(), young)).toEqual([]);
          await h.server.answer(young);
          await ctx.log().waitFor('channel.answered', (e) => e.channelId === young);
          expect((await channelOf(ctx, young))?.state).toBe('up');
        });
      }
    });
  }

  describe('event order', () => {
    it('given a call with answer, digits and hang-up then its events arrive in that order and none after hang-up', async () => {
      const h = ctx.h();
      const id = await h.placeInboundCall(callerSpec());
      await h.server.answer(id);
      await h.pressDigits(id, '12');
      await h.farEndHangup(id);
      await ctx.log().waitFor('channel.hangup', (e) => e.channelId === id);
      await h.passTime(1_000);
      expect(ctx.log().forChannel(id).map((e) => (e.type === 'channel.dtmf' ? `dtmf:${e.digit}` : e.type))).toEqual([
        'channel.inbound',
        'channel.answered',
        'dtmf:1',
        'dtmf:2',
        'channel.hangup',
      ]);
    });
  });
}
