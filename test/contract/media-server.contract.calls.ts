/** Contract part: inbound calls, answer, hang-up, originate outcomes, redirect, variables, presence. */
import { describe, expect, it } from 'vitest';
import {
  answeredCaller,
  callerSpec,
  channelOf,
  expectCode,
  hangupsOf,
  header,
  tracker,
  type ContractContext,
} from './media-server.contract.support.js';

export function callContract(ctx: ContractContext): void {
  describe('inbound calls', () => {
    it('given a caller dials a DID when the call arrives then channel.inbound carries caller, DID and variables', async () => {
      const spec = callerSpec({ fromName: 'Ada Lovelace', variables: { SB_LANG: 'fr' }, headers: { 'X-Customer-Id': 'C-42' } });
      const id = await ctx.h().placeInboundCall(spec);
      const event = await ctx.log().waitFor('channel.inbound', (e) => e.channel.id === id);
      expect(event.channel).toMatchObject({ id, direction: 'inbound', callerNumber: spec.from, dialedNumber: spec.to });
      expect(event.channel.callerName).toBe('Ada Lovelace');
      expect(event.channel.variables).toMatchObject({ SB_LANG: 'fr' });
      expect(event.channel.state).not.toBe('up');
      if (ctx.caps.sipHeaders) expect(header(event.channel.sipHeaders, 'X-Customer-Id')).toBe('C-42');
      expect(await channelOf(ctx, id)).toMatchObject({ id, direction: 'inbound', dialedNumber: spec.to });
    });

    it('given an inbound call when we answer it then channel.answered follows and the channel is up', async () => {
      const id = await ctx.h().placeInboundCall(callerSpec());
      await ctx.h().server.answer(id);
      await ctx.log().waitFor('channel.answered', (e) => e.channelId === id);
      expect((await channelOf(ctx, id))?.state).toBe('up');
      if (ctx.caps.farSide) expect((await ctx.h().farSide(id)).answered).toBe(true);
    });

    it('given an answered call when we hang up then channel.hangup says local and the channel is gone', async () => {
      const id = await answeredCaller(ctx);
      await ctx.h().server.hangup(id);
      const event = await ctx.log().waitFor('channel.hangup', (e) => e.channelId === id);
      expect(event).toMatchObject({ cause: 'normal', initiator: 'local' });
      expect(await channelOf(ctx, id)).toBeUndefined();
      await expectCode(ctx.h().server.answer(id), 'CHANNEL_GONE');
    });

    it('given an answered call when the caller hangs up then channel.hangup says remote, normal', async () => {
      const id = await answeredCaller(ctx);
      await ctx.h().farEndHangup(id);
      const event = await ctx.log().waitFor('channel.hangup', (e) => e.channelId === id);
      expect(event).toMatchObject({ cause: 'normal', initiator: 'remote' });
      expect(await channelOf(ctx, id)).toBeUndefined();
    });

    it('given an unanswered inbound call when we refuse it as busy then channel.hangup carries busy, local', async () => {
      const id = await ctx.h().placeInboundCall(callerSpec());
      await ctx.h().server.hangup(id, 'busy');
      const event = await ctx.log().waitFor('channel.hangup', (e) => e.channelId === id);
      expect(event).toMatchObject({ cause: 'busy', initiator: 'local' });
    });

    it('given an unanswered inbound call when the caller gives up then it ends without ever being answered', async () => {
      const id = await ctx.h().placeInboundCall(callerSpec());
      await ctx.h().farEndHangup(id);
      await ctx.log().waitFor('channel.hangup', (e) => e.channelId === id);
      expect(ctx.log().ofType('channel.answered').filter((e) => e.channelId === id)).toEqual([]);
    });
  });

  describe('originate', () => {
    it('given a phone that answers when we originate with our id then it rings, answers, and keeps our id and variables', async () => {
      const h = ctx.h();
      const phone = h.phones[0];
      await h.setPhoneBehaviour(phone, 'answer');
      const wanted = `leg-${Date.now()}-a`;
      const id = await h.server.originate({
        endpoint: { kind: 'phone', name: phone },
        channelId: wanted,
        callerIdNumber: '+15559990000',
        callerIdName: 'Switchboard',
        timeoutMs: 30_000,
        variables: { SB_CONTACT: 'contact-1' },
      });
      expect(id).toBe(wanted);
      await ctx.log().waitFor('channel.answered', (e) => e.channelId === id);
      const events = ctx.log().forChannel(id).map((e) => e.type);
      expect(events.indexOf('channel.ringing')).toBeGreaterThanOrEqual(0);
      expect(events.indexOf('channel.ringing')).toBeLessThan(events.indexOf('channel.answered'));
      expect(await channelOf(ctx, id)).toMatchObject({ id, direction: 'outbound', state: 'up' });
      expect(await h.server.getVariable(id, 'SB_CONTACT')).toBe('contact-1');
    });

    it('given no channel id when we originate then a fresh id is generated and used in events', async () => {
      const h = ctx.h();
      await h.setPhoneBehaviour(h.phones[1], 'answer');
      const id = await h.server.originate({ endpoint: { kind: 'phone', name: h.phones[1] }, timeoutMs: 30_000 });
      expect(id).toMatch(/\S/);
      await ctx.log().waitFor('channel.answered', (e) => e.channelId === id);
    });

    if (ctx.caps.phoneControl) {
      it('given a phone left ringing when it is answered by hand then the leg goes from ringing to up', async () => {
        const h = ctx.h();
        const phone = h.phones[0];
        await h.setPhoneBehaviour(phone, 'manual');
        const id = await h.server.originate({ endpoint: { kind: 'phone', name: phone }, timeoutMs: 60_000 });
        await ctx.log().waitFor('channel.ringing', (e) => e.channelId === id);
        expect((await channelOf(ctx, id))?.state).toBe('ringing');
        await h.answerPhone(phone);
        await ctx.log().waitFor('channel.answered', (e) => e.channelId === id);
        expect((await channelOf(ctx, id))?.state).toBe('up');
      });
    }

    if (ctx.caps.phoneControl) {
      it('given a phone that answers after a while when time passes then it answers only after that delay', async () => {
        const h = ctx.h();
        const phone = h.phones[1];
        await h.setPhoneBehaviour(phone, { answerAfterMs: 4_000 });
        const id = await h.server.originate({ endpoint: { kind: 'phone', name: phone }, timeoutMs: 30_000 });
        const answered = tracker(ctx.log().waitFor('channel.answered', (e) => e.channelId === id));
        await ctx.log().waitFor('channel.ringing', (e) => e.channelId === id);
        if (ctx.caps.fakeClock) {
          await h.passTime(2_000);
          expect(answered.settled()).toBe(false);
        }
        await h.passTime(2_500);
        expect(await answered.promise).toEqual({ type: 'channel.answered', channelId: id });
      });
    }

    if (ctx.caps.phoneControl) {
      it('given a busy phone when we originate then the leg ends with cause busy and is never answered', async () => {
        const h = ctx.h();
        await h.setPhoneBehaviour(h.phones[0], 'busy');
        const id = await h.server.originate({ endpoint: { kind: 'phone', name: h.phones[0] }, timeoutMs: 30_000 });
        const event = await ctx.log().waitFor('channel.hangup', (e) => e.channelId === id);
        expect(event.cause).toBe('busy');
        expect(ctx.log().ofType('channel.answered').filter((e) => e.channelId === id)).toEqual([]);
      });
    }

    if (ctx.caps.phoneControl) {
      it('given a phone nobody answers when the originate timeout passes then the leg ends with cause no_answer', async () => {
        const h = ctx.h();
        await h.setPhoneBehaviour(h.phones[0], 'no_answer');
        const id = await h.server.originate({ endpoint: { kind: 'phone', name: h.phones[0] }, timeoutMs: 3_000 });
        await ctx.log().waitFor('channel.ringing', (e) => e.channelId === id);
        await h.passTime(3_500);
        const event = await ctx.log().waitFor('channel.hangup', (e) => e.channelId === id);
        expect(event.cause).toBe('no_answer');
        expect(ctx.log().ofType('channel.answered').filter((e) => e.channelId === id)).toEqual([]);
      });
    }

    if (ctx.caps.phoneControl) {
      it('given a ringing leg when we cancel it then it ends locally without being answered', async () => {
        const h = ctx.h();
        await h.setPhoneBehaviour(h.phones[0], 'manual');
        const id = await h.server.originate({ endpoint: { kind: 'phone', name: h.phones[0] }, timeoutMs: 60_000 });
        await ctx.log().waitFor('channel.ringing', (e) => e.channelId === id);
        await h.server.hangup(id);
        const event = await ctx.log().waitFor('channel.hangup', (e) => e.channelId === id);
        expect(event.initiator).toBe('local');
        expect(ctx.log().ofType('channel.answered').filter((e) => e.channelId === id)).toEqual([]);
      });
    }

    it('given an external number when we originate through the trunk then it is answered like a phone', async () => {
      const h = ctx.h();
      await h.setPhoneBehaviour(h.externalNumber, 'answer');
      const id = await h.server.originate({ endpoint: { kind: 'number', number: h.externalNumber }, timeoutMs: 30_000 });
      await ctx.log().waitFor('channel.answered', (e) => e.channelId === id);
      expect((await channelOf(ctx, id))?.direction).toBe('outbound');
    });

    it('given a caller number on an originate to an external number then the PBX presents it on the leg (what the far end sees)', async () => {
      const h = ctx.h();
      await h.setPhoneBehaviour(h.externalNumber, 'answer');
      const id = await h.server.originate({ endpoint: { kind: 'number', number: h.externalNumber }, callerIdNumber: '+15550002222', timeoutMs: 30_000 });
      await ctx.log().waitFor('channel.answered', (e) => e.channelId === id);
      // Read back from the PBX's own channel list (ARI GET /channels, ESL show channels), not from what we sent.
      expect((await channelOf(ctx, id))?.callerNumber).toBe('+15550002222');
    });

    it('given an unregistered phone when we originate then the attempt fails cleanly and is never answered', async () => {
      const h = ctx.h();
      let id: string | undefined;
      try {
        id = await h.server.originate({ endpoint: { kind: 'phone', name: h.unregisteredPhone }, timeoutMs: 30_000 });
      } catch (err) {
        expect(err).toMatchObject({ code: 'PBX_REJECTED' });
        return;
      }
      const leg = id;
      const event = await ctx.log().waitFor('channel.hangup', (e) => e.channelId === leg);
      expect(['unreachable', 'failed', 'rejected']).toContain(event.cause);
      expect(ctx.log().ofType('channel.answered').filter((e) => e.channelId === leg)).toEqual([]);
    });
  });

  describe('redirect, variables, presence', () => {
    it('given an answered caller when we redirect it then it leaves our control with a local hang-up', async () => {
      const h = ctx.h();
      const id = await answeredCaller(ctx);
      await h.server.redirect(id, { kind: 'phone', name: h.phones[1] });
      const event = await ctx.log().waitFor('channel.hangup', (e) => e.channelId === id);
      expect(event.initiator).toBe('local');
      if (ctx.caps.farSide) expect((await h.farSide(id)).redirectedTo).toBe(`phone:${h.phones[1]}`);
      await expectCode(h.server.answer(id), 'CHANNEL_GONE');
      expect(hangupsOf(ctx.log(), id)).toHaveLength(1);
    });

    it('given a channel when we set variables then we read them back, and a missing one is undefined', async () => {
      const h = ctx.h();
      const id = await h.placeInboundCall(callerSpec({ variables: { SB_FLOW: 'main' } }));
      await h.server.setVariable(id, 'SB_QUEUE', 'sales');
      expect(await h.server.getVariable(id, 'SB_QUEUE')).toBe('sales');
      expect(await h.server.getVariable(id, 'SB_FLOW')).toBe('main');
      expect(await h.server.getVariable(id, 'SB_NEVER_SET')).toBeUndefined();
    });

    it('given configured phones when we ask presence then registered, unregistered and unknown are told apart', async () => {
      const h = ctx.h();
      expect(await h.server.endpointPresence(h.phones[0])).toBe('registered');
      expect(await h.server.endpointPresence(h.unregisteredPhone)).toBe('unregistered');
      expect(await h.server.endpointPresence('no-such-phone-anywhere')).toBe('unknown');
    });

    if (ctx.caps.presenceControl) {
      it('given a registered phone when it unregisters and comes back then endpoint.presence reports both', async () => {
        const h = ctx.h();
        const phone = h.phones[2];
        await h.setPresence(phone, 'unregistered');
        await ctx.log().waitFor('endpoint.presence', (e) => e.endpoint === phone && e.presence === 'unregistered');
        expect(await h.server.endpointPresence(phone)).toBe('unregistered');
        const mark = ctx.log().mark();
        await h.setPresence(phone, 'registered');
        await ctx.log().waitFor('endpoint.presence', (e) => e.endpoint === phone && e.presence === 'registered', mark);
        expect(await h.server.endpointPresence(phone)).toBe('registered');
      });
    }
  });
}
