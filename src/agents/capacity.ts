import type { AgentRecord } from './agent-state.js';

/**
 * Capacity per media: one call (a callback is a call), and up to `chatCapacity` chats (0 takes
 * no chats). Offers, live contacts and wrap-ups all hold their slot until they are gone, so a
 * slot is never promised twice. Whether a call (offered, live or wrapping up) blocks new chats is
 * an engine setting; chats never block a call.
 */
export type SlotClass = 'voice' | 'chat';

export interface Load {
  voice: number;
  chat: number;
}

export function loadOf(agent: Pick<AgentRecord, 'work'>): Load {
  let voice = 0;
  let chat = 0;
  for (const w of agent.work) {
    if (w.media === 'chat') chat++;
    else voice++;
  }
  return { voice, chat };
}

/** Free slot for `cls`, ignoring presence (directed offers check presence themselves). */
export function hasRoom(agent: Pick<AgentRecord, 'work' | 'chatCapacity'>, cls: SlotClass, callBlocksChats: boolean): boolean {
  // Counted in place rather than through loadOf: this runs several times per routing decision.
  const work = agent.work;
  let voice = 0;
  let chat = 0;
  for (let i = 0; i < work.length; i++) {
    if ((work[i] as AgentRecord['work'][number]).media === 'chat') chat++;
    else voice++;
  }
  if (cls === 'voice') return voice === 0;
  return chat < agent.chatCapacity && !(callBlocksChats && voice > 0);
}

/** May the queue strategies route a new contact of this class to the agent right now? */
export function canTake(agent: Pick<AgentRecord, 'work' | 'chatCapacity' | 'presence'>, cls: SlotClass, callBlocksChats: boolean): boolean {
  return agent.presence === 'available' && hasRoom(agent, cls, callBlocksChats);
}
