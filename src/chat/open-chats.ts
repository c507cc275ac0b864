/**
 * The chat service's open chats (waiting, with the bot, active), with the two lookups its busy
 * paths make kept as indexes instead of scans: a visitor's open chat (every widget hello and
 * start) and the waiting chats (every change of a queue's line). With 10,000 chats open, the
 * scans made opening chats quadratic (issue 12's benchmark).
 *
 * A visitor has at most one open chat (ChatService.startChat returns the one they have).
 */
import type { ChatRecord } from './chat-state.js';

export class OpenChats extends Map<string, ChatRecord> {
  private readonly byVisitor = new Map<string, string>();
  private readonly waitingIds = new Set<string>();

  override set(id: string, chat: ChatRecord): this {
    const before = super.get(id);
    if (before && before.visitorId !== chat.visitorId && this.byVisitor.get(before.visitorId) === id) this.byVisitor.delete(before.visitorId);
    this.byVisitor.set(chat.visitorId, id);
    if (chat.state === 'waiting') this.waitingIds.add(id);
    else this.waitingIds.delete(id);
    return super.set(id, chat);
  }

  override delete(id: string): boolean {
    const chat = super.get(id);
    if (chat && this.byVisitor.get(chat.visitorId) === id) this.byVisitor.delete(chat.visitorId);
    this.waitingIds.delete(id);
    return super.delete(id);
  }

  override clear(): void {
    this.byVisitor.clear();
    this.waitingIds.clear();
    super.clear();
  }

  ofVisitor(visitorId: string): ChatRecord | undefined {
    const id = this.byVisitor.get(visitorId);
    return id === undefined ? undefined : super.get(id);
  }

  waiting(): ChatRecord[] {
    const out: ChatRecord[] = [];
    for (const id of this.waitingIds) {
      const c = super.get(id);
      if (c) out.push(c);
    }
    return out;
  }
}
