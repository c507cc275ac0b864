/**
 * Multi-party chats: colleagues the owner invited into a chat besides themselves. A colleague
 * reads the whole history, writes (the visitor sees their name) and types; only the owner ends,
 * transfers, invites and removes. The list lives in memory: after a restart a chat has its owner
 * only, and the colleagues are invited again.
 *
 * Capacity: a colleague does NOT use one of their chat slots. They assist a chat the routing
 * engine counts once, against its owner; counting it twice would make the floor's figures
 * (chats in hand, free slots) disagree with the contacts the engine holds, and inviting a busy
 * expert (the usual reason to invite) would be refused exactly when it is needed. A transfer, in
 * contrast, moves the chat's slot: the new owner must have a free one (chat-transfer-service.ts).
 */

/** The colleagues ChatService lets read, write and hear a chat. */
export interface ChatColleagueList {
  of(chatId: string): readonly string[];
}

/** Colleagues in one chat besides the owner. */
export const MAX_COLLEAGUES = 3;

export class ChatColleagues implements ChatColleagueList {
  private readonly byChat = new Map<string, readonly string[]>();

  of(chatId: string): readonly string[] {
    return this.byChat.get(chatId) ?? [];
  }

  has(chatId: string, agentId: string): boolean {
    return this.of(chatId).includes(agentId);
  }

  add(chatId: string, agentId: string): void {
    if (this.has(chatId, agentId)) return;
    this.byChat.set(chatId, [...this.of(chatId), agentId]);
  }

  /** false when the agent was not in the chat. */
  remove(chatId: string, agentId: string): boolean {
    const now = this.of(chatId);
    if (!now.includes(agentId)) return false;
    const left = now.filter((a) => a !== agentId);
    if (left.length === 0) this.byChat.delete(chatId);
    else this.byChat.set(chatId, left);
    return true;
  }

  /** Everyone leaves (the chat ended or moved): the colleagues who were in it. */
  clear(chatId: string): readonly string[] {
    const was = this.of(chatId);
    this.byChat.delete(chatId);
    return was;
  }

  /** The chats an agent is a colleague in. */
  chatsOf(agentId: string): string[] {
    return [...this.byChat].filter(([, ids]) => ids.includes(agentId)).map(([chatId]) => chatId);
  }
}
