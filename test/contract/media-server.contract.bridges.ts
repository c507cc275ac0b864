/** Contract part: bridges, hold, mute, supervision, snapshot contents. */
import { describe, expect, it } from 'vitest';
import {
  answeredCaller,
  answeredLeg,
  bridgedCall,
  callerSpec,
  channelOf,
  expectCode,
  type ContractContext,
} from './media-server.contract.support.js';

export function bridgeContract(ctx: ContractContext): void {
  const hears = async (id: string): Promise<string[]> => [...(await ctx.h().farSide(id)).hears].sort();

  describe('bridges', () => {
    it('given two answered legs in a mixing bridge then the snapshot shows both and they hear each other', async () => {
      const { caller, agent, bridge } = await bridgedCall(ctx);
      const snap = await ctx.h().server.snapshot();
      const found = snap.bridges.find((b) => b.id === bridge);
      expect(found?.kind).toBe('mixing');
      expect([...(found?.channelIds ?? [])].sort()).toEqual([caller, agent].sort());
      expect(snap.channels.find((c) => c.id === caller)?.bridgeId).toBe(bridge);
      expect(snap.channels.find((c) => c.id === agent)?.bridgeId).toBe(bridge);
      if (ctx.caps.audioPaths) {
        expect(await hears(caller)).toEqual([agent]);
        expect(await hears(agent)).toEqual([caller]);
      }
    });

    it('given a bridge id of our choosing when we create the bridge then it keeps that id', async () => {
      const wanted = `bridge-${Date.now()}`;
      expect(await ctx.h().server.createBridge('holding', wanted)).toBe(wanted);
      const snap = await ctx.h().server.snapshot();
      expect(snap.bridges.find((b) => b.id === wanted)).toEqual({ id: wanted, kind: 'holding', channelIds: [] });
    });

    it('given a bridged call when one leg is removed then it leaves the bridge but stays up', async () => {
      const { caller, agent, bridge } = await bridgedCall(ctx);
      await ctx.h().server.removeFromBridge(bridge, agent);
      const snap = await ctx.h().server.snapshot();
      expect(snap.bridges.find((b) => b.id === bridge)?.channelIds).toEqual([caller]);
      const agentInfo = snap.channels.find((c) => c.id === agent);
      expect(agentInfo?.state).toBe('up');
      expect(agentInfo?.bridgeId).toBeUndefined();
      if (ctx.caps.audioPaths) expect(await hears(caller)).toEqual([]);
    });

    it('given callers waiting in a holding bridge then they do not hear each other', async () => {
      const h = ctx.h();
      const a = await answeredCaller(ctx);
      const b = await answeredCaller(ctx);
      const bridge = await h.server.createBridge('holding');
      await h.server.addToBridge(bridge, a);
      await h.server.addToBridge(bridge, b);
      await h.server.startMoh(a);
      const snap = await h.server.snapshot();
      expect(snap.bridges.find((x) => x.id === bridge)).toMatchObject({ kind: 'holding' });
      if (ctx.caps.audioPaths) {
        expect(await hears(a)).toEqual([]);
        expect(await hears(b)).toEqual([]);
      }
      if (ctx.caps.farSide) expect((await h.farSide(a)).hearsMoh).toBe(true);
    });

    it('given a bridged call when the bridge is destroyed then both legs stay up outside any bridge', async () => {
      const { caller, agent, bridge } = await bridgedCall(ctx);
      await ctx.h().server.destroyBridge(bridge);
      const snap = await ctx.h().server.snapshot();
      expect(snap.bridges.find((b) => b.id === bridge)).toBeUndefined();
      for (const id of [caller, agent]) {
        expect(snap.channels.find((c) => c.id === id)).toMatchObject({ state: 'up' });
        expect(snap.channels.find((c) => c.id === id)?.bridgeId).toBeUndefined();
      }
      await expectCode(ctx.h().server.addToBridge(bridge, caller), 'BRIDGE_GONE');
      await expectCode(ctx.h().server.destroyBridge(bridge), 'BRIDGE_GONE');
    });

    it('given a bridged call when one leg hangs up then the bridge no longer lists it', async () => {
      const { caller, agent, bridge } = await bridgedCall(ctx);
      await ctx.h().farEndHangup(agent);
      await ctx.log().waitFor('channel.hangup', (e) => e.channelId === agent);
      const snap = await ctx.h().server.snapshot();
      expect(snap.bridges.find((b) => b.id === bridge)?.channelIds).toEqual([caller]);
    });

    it('given an unknown channel or bridge when we bridge then CHANNEL_GONE or BRIDGE_GONE is the outcome', async () => {
      const h = ctx.h();
      const bridge = await h.server.createBridge('mixing');
      await expectCode(h.server.addToBridge(bridge, 'no-such-channel'), 'CHANNEL_GONE');
      const caller = await answeredCaller(ctx);
      await expectCode(h.server.addToBridge('no-such-bridge', caller), 'BRIDGE_GONE');
      await expectCode(h.server.removeFromBridge('no-such-bridge', caller), 'BRIDGE_GONE');
    });
  });

  describe('snapshot', () => {
    it('given a caller talking to an agent leg when the snapshot is taken then it describes both legs and their bridge', async () => {
      const h = ctx.h();
      const spec = callerSpec({ variables: { SB_LANG: 'en' } });
      const caller = await answeredCaller(ctx, spec);
      const agent = await answeredLeg(ctx, h.phones[0]);
      const bridge = await h.server.createBridge('mixing');
      await h.server.addToBridge(bridge, caller);
      await h.server.addToBridge(bridge, agent);
      const snap = await h.server.snapshot();
      const callerInfo = snap.channels.find((c) => c.id === caller);
      expect(callerInfo).toMatchObject({
        direction: 'inbound',
        state: 'up',
        callerNumber: spec.from,
        dialedNumber: spec.to,
        bridgeId: bridge,
      });
      expect(callerInfo?.variables).toMatchObject({ SB_LANG: 'en' });
      expect(callerInfo?.name).toMatch(/\S/);
      expect(snap.channels.find((c) => c.id === agent)).toMatchObject({ direction: 'outbound', state: 'up', bridgeId: bridge });
      expect(snap.bridges.filter((b) => b.id === bridge)).toHaveLength(1);
      expect(new Set(snap.channels.map((c) => c.id)).size).toBe(snap.channels.length);
    });
  });

  describe('hold and mute', () => {
    // Hold, as the port defines it: the party that holds hears silence and is not heard; everyone
    // else on its bridge hears music on hold instead of it. Unhold restores the bridge as it was.
    it('given a bridged call when the agent holds then the caller hears music and not the agent, and the agent hears silence, until unhold', async () => {
      const h = ctx.h();
      const { caller, agent } = await bridgedCall(ctx);
      await h.server.hold(agent);
      if (ctx.caps.farSide) {
        expect((await h.farSide(caller)).hearsMoh).toBe(true);
        expect((await h.farSide(agent)).hearsMoh).toBe(false);
      }
      if (ctx.caps.audioPaths) {
        expect(await hears(caller)).toEqual([]);
        expect(await hears(agent)).toEqual([]);
      }
      await h.server.unhold(agent);
      if (ctx.caps.farSide) {
        expect((await h.farSide(caller)).hearsMoh).toBe(false);
        expect((await h.farSide(agent)).hearsMoh).toBe(false);
      }
      if (ctx.caps.audioPaths) {
        expect(await hears(caller)).toEqual([agent]);
        expect(await hears(agent)).toEqual([caller]);
      }
      expect((await channelOf(ctx, agent))?.state).toBe('up');
      expect((await channelOf(ctx, caller))?.bridgeId).toBe((await channelOf(ctx, agent))?.bridgeId);
    });

    it('given an agent holding when the caller hangs up then unhold still succeeds for the agent', async () => {
      const h = ctx.h();
      const { caller, agent } = await bridgedCall(ctx);
      await h.server.hold(agent);
      await h.farEndHangup(caller);
      await ctx.log().waitFor('channel.hangup', (e) => e.channelId === caller);
      await h.server.unhold(agent);
      if (ctx.caps.farSide) expect((await h.farSide(agent)).hearsMoh).toBe(false);
      expect((await channelOf(ctx, agent))?.state).toBe('up');
    });

    it('given a bridged call when the agent mutes in then the caller no longer hears the agent, until unmute', async () => {
      const h = ctx.h();
      const { caller, agent } = await bridgedCall(ctx);
      await h.server.mute(agent, 'in');
      if (ctx.caps.farSide) expect((await h.farSide(agent)).muted).toEqual({ in: true, out: false });
      if (ctx.caps.audioPaths) {
        expect(await hears(caller)).toEqual([]);
        expect(await hears(agent)).toEqual([caller]);
      }
      await h.server.unmute(agent, 'in');
      if (ctx.caps.farSide) expect((await h.farSide(agent)).muted).toEqual({ in: false, out: false });
      if (ctx.caps.audioPaths) expect(await hears(caller)).toEqual([agent]);
    });

    it('given a bridged call when a leg is muted both ways then it neither speaks nor hears', async () => {
      const h = ctx.h();
      const { caller, agent } = await bridgedCall(ctx);
      await h.server.mute(agent, 'both');
      if (ctx.caps.farSide) expect((await h.farSide(agent)).muted).toEqual({ in: true, out: true });
      if (ctx.caps.audioPaths) {
        expect(await hears(agent)).toEqual([]);
        expect(await hears(caller)).toEqual([]);
      }
      await h.server.unmute(agent, 'out');
      if (ctx.caps.farSide) expect((await h.farSide(agent)).muted).toEqual({ in: true, out: false });
      if (ctx.caps.audioPaths) expect(await hears(agent)).toEqual([caller]);
    });
  });

  describe('supervision', () => {
    it('given a bridged call when a supervisor goes listen, whisper, barge, end then who hears whom follows each mode', async () => {
      const h = ctx.h();
      const { caller, agent, bridge } = await bridgedCall(ctx);
      const sup = await answeredLeg(ctx, h.phones[2]);
      const session = await h.server.supervise({ targetChannelId: agent, supervisorChannelId: sup, mode: 'listen' });
      expect(session).toMatch(/\S/);
      if (ctx.caps.audioPaths) {
        expect(await hears(sup)).toEqual([caller, agent].sort());
        expect(await hears(agent)).toEqual([caller]);
        expect(await hears(caller)).toEqual([agent]);
      }
      await h.server.setSupervisionMode(session, 'whisper');
      if (ctx.caps.audioPaths) {
        expect(await hears(sup)).toEqual([caller, agent].sort());
        expect(await hears(agent)).toEqual([caller, sup].sort());
        expect(await hears(caller)).toEqual([agent]);
      }
      await h.server.setSupervisionMode(session, 'barge');
      if (ctx.caps.audioPaths) {
        expect(await hears(agent)).toEqual([caller, sup].sort());
        expect(await hears(caller)).toEqual([agent, sup].sort());
      }
      await h.server.endSupervision(session);
      if (ctx.caps.audioPaths) {
        expect(await hears(sup)).toEqual([]);
        expect(await hears(caller)).toEqual([agent]);
      }
      const snap = await h.server.snapshot();
      expect([...(snap.bridges.find((b) => b.id === bridge)?.channelIds ?? [])].sort()).toEqual([caller, agent].sort());
      for (const id of [caller, agent]) expect(ctx.log().ofType('channel.hangup').some((e) => e.channelId === id)).toBe(false);
    });

    it('given a supervised agent leg that hangs up then the supervision ends without harming the supervisor', async () => {
      const h = ctx.h();
      const { agent } = await bridgedCall(ctx);
      const sup = await answeredLeg(ctx, h.phones[2]);
      await h.server.supervise({ targetChannelId: agent, supervisorChannelId: sup, mode: 'listen' });
      await h.farEndHangup(agent);
      await ctx.log().waitFor('channel.hangup', (e) => e.channelId === agent);
      expect((await channelOf(ctx, sup))?.state).toBe('up');
    });

    it('given a target that is gone when supervision starts then it is CHANNEL_GONE', async () => {
      const h = ctx.h();
      const sup = await answeredLeg(ctx, h.phones[2]);
      await expectCode(
        h.server.supervise({ targetChannelId: 'no-such-channel', supervisorChannelId: sup, mode: 'listen' }),
        'CHANNEL_GONE',
      );
    });
  });
}
