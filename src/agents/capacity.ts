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
  const load = loadOf(agent);
  if (cls === 'voice') return load.voice === 0;
  return load.chat < agent.chatCapacity && !(callBlocksChats && load.voice > 0);
}

/** May the queue strategies route a new contact of this class to the agent right now? */
export function canTake(agent: Pick<AgentRecord, 'work' | 'chatCapacity' | 'presence'>, cls: SlotClass, callBlocksChats: boolean): boolean {
  return agent.presence === 'available' && hasRoom(agent, cls, callBlocksChats);
}
