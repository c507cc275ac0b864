/**
 * The floor's chat figures (src/supervision/floor-chat.ts): one test per definition on a small
 * floor, and a team lead's chat floor (their agents, chats waiting in queues they serve).
 */
import { describe, expect, it } from 'vitest';
import { chatValues } from '../../../src/supervision/floor-chat.js';
import { chatInput, type FloorSnapshot, type WatchedAgent } from '../../../src/supervision/floor-scope.js';

const agent = (agentId: string, state: WatchedAgent['state'], team: string, chat?: WatchedAgent['chat'], queueIds = ['web']): WatchedAgent => ({
  agentId,
  state,
  reason: null,
  teamIds: [team],
  queueIds,
  ...(chat ? { chat } : {}),
});

const floor: FloorSnapshot = {
  now: 100_000,
  agents: [
    agent('a1', 'available', 'care', { capacity: 3, inHand: 1, free: true }),
    agent('a2', 'on_contact', 'care', { capacity: 2, inHand: 2, free: false }),
    agent('a3', 'not_ready', 'sales', { capacity: 2, inHand: 0, free: false }, ['shop']),
    agent('a4', 'wrap_up', 'sales', { capacity: 1, inHand: 0, free: false }, ['shop']),
    agent('a5', 'available', 'care', { capacity: 0, inHand: 0, free: false }), // takes no chats
    agent('a6', 'available', 'care'), // voice only, no chat data
  ],
  calls: [],
  monitoring: [],
  waitingChats: [
    { queueId: 'web', since: 40_000 },
    { queueId: 'shop', since: 90_500 },
  ],
};

describe('chat figures of the floor', () => {
  it('given agents taking chats and chats waiting when the center is counted then each figure follows its definition', () => {
    expect(chatValues(chatInput(floor))).toMatchObject({
      online: 4, // a1-a4: capacity above 0
      available: 1, // a1: a slot free and offered now
      notReady: 1, // a3
      wrapUp: 1, // a4
      handling: 2, // a1, a2 have chats in hand
      inboundInProgress: 3, // 1 + 2 active chats
      waiting: 2,
      longestWait: 60, // (100,000 - 40,000) ms
      dialingOut: 0,
      inIvr: 0,
    });
  });

  it("given a team lead of Sales when their chat floor is counted then only Sales' agents and the chat waiting in their queue count", () => {
    expect(chatValues(chatInput(floor, ['sales']))).toMatchObject({ online: 2, available: 0, handling: 0, waiting: 1, longestWait: 9 });
  });

  it('given nobody taking chats when counted then every chat figure is 0', () => {
    const values = chatValues({ now: 0, agents: [agent('a6', 'available', 'care')], waiting: [] });
    expect(Object.values(values).every((v) => v === 0)).toBe(true);
  });
});
