/**
 * Contract part: when events reach listeners. Every adapter delivers through the same event hub
 * (src/pbx/shared/event-hub.ts), so the calls layer sees one timing whatever the media server:
 * an event arrives after the code that produced it returned (never inside a command, never inside
 * another listener), every listener sees the same order, and a listener that throws or calls back
 * into the adapter disturbs nobody.
 */
import { describe, expect, it } from 'vitest';
import type { PbxEvent } from '../../src/pbx/port.js';
import { callerSpec, type ContractContext } from './media-server.contract.support.js';

/** A one-line label of an event about one channel, for comparing sequences. */
function label(e: PbxEvent): string {
  return e.type === 'channel.inbound' ? `${e.type}:${e.channel.id}` : 'channelId' in e ? `${e.type}:${e.channelId}` : e.type;
}

export function timingContract(ctx: ContractContext): void {
  describe('event timing', () => {
    it('given a listener that hangs up from inside channel.answered then no event is delivered inside a listener or a command, and every listener sees the same order', async () => {
      const server = ctx.h().server;
      let depth = 0;
      let inCommand = false;
      const nested: string[] = [];
      const first: string[] = [];
      const second: string[] = [];
      const id = await ctx.h().placeInboundCall(callerSpec());
      const mine = (e: PbxEvent) => label(e).endsWith(`:${id}`);
      const offFirst = server.onEvent((e) => {
        if (depth > 0 || inCommand) nested.push(label(e));
        if (!mine(e)) return;
        first.push(label(e));
        depth++;
        try {
          // A listener that acts at once, as the call kernel does: the hang-up it starts must not
          // reach anyone before the answer has reached everyone.
          if (e.type === 'channel.answered') {
            inCommand = true;
            const hangup = server.hangup(id);
            inCommand = false;
            void hangup.then(
              () => undefined,
              (err: unknown) => nested.push(`hangup failed: ${String(err)}`),
            );
          }
        } finally {
          depth--;
        }
      });
      const offSecond = server.onEvent((e) => {
        if (mine(e)) second.push(label(e));
      });
      try {
        inCommand = true;
        const answering = server.answer(id);
        inCommand = false;
        await answering;
        await ctx.log().waitFor('channel.hangup', (e) => e.channelId === id);
        await ctx.h().passTime(0);
      } finally {
        offFirst();
        offSecond();
      }
      expect(nested).toEqual([]);
      expect(second).toEqual(first);
      expect(first.indexOf(`channel.answered:${id}`)).toBeGreaterThanOrEqual(0);
      expect(first.indexOf(`channel.hangup:${id}`)).toBeGreaterThan(first.indexOf(`channel.answered:${id}`));
    });

    it('given a listener that throws then the listeners after it still get that event and the ones after it', async () => {
      const server = ctx.h().server;
      const seen: string[] = [];
      const offThrowing = server.onEvent(() => {
        throw new Error('a buggy listener');
      });
      const offCounting = server.onEvent((e) => seen.push(label(e)));
      try {
        const id = await ctx.h().placeInboundCall(callerSpec());
        await ctx.log().waitFor('channel.inbound', (e) => e.channel.id === id);
        await server.answer(id);
        await ctx.log().waitFor('channel.answered', (e) => e.channelId === id);
        await server.hangup(id);
        await ctx.log().waitFor('channel.hangup', (e) => e.channelId === id);
        await ctx.h().passTime(0);
        expect(seen).toEqual(expect.arrayContaining([`channel.inbound:${id}`, `channel.answered:${id}`, `channel.hangup:${id}`]));
      } finally {
        offThrowing();
        offCounting();
      }
    });
  });
}
