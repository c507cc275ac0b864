/**
 * Wiring, not domain: the routing engine as chat transfers see it (ChatTransferRouting). The
 * engine's own refusals are translated into the chat's coded errors here, so the agent is told
 * "not logged in" or "no free chat slot" rather than an engine state name.
 */
import type { RoutingService } from '../acd/routing-service.js';
import type { ChatTransferRouting } from '../chat/chat-transfer-service.js';
import { AppError, isAppError } from '../core/errors.js';
import { allItems } from '../core/paging.js';
import type { DirectoryReaders } from '../directory/ports.js';

export class ChatTransferRoutingAdapter implements ChatTransferRouting {
  constructor(
    private readonly acd: RoutingService,
    private readonly directory: Pick<DirectoryReaders, 'queues' | 'agents'>,
  ) {}

  /** Logged-in agents (with their free chat slots) and chat queues: the workspace's pickers. */
  async targets(): Promise<{ agents: { agentId: string; name: string; freeChatSlots: number }[]; queues: { id: string; name: string }[] }> {
    const names = new Map((await allItems((p) => this.directory.agents.list(p))).map((a) => [a.id, a.displayName]));
    const agents = [];
    for (const a of this.acd.agents()) {
      const room = this.agentRoom(a.id);
      if (room?.loggedIn) agents.push({ agentId: a.id, name: names.get(a.id) ?? a.id, freeChatSlots: room.freeChatSlots });
    }
    agents.sort((x, y) => x.name.localeCompare(y.name));
    const queues = (await allItems((p) => this.directory.queues.list({ ...p, media: 'chat' }))).map((q) => ({ id: q.id, name: q.name }));
    return { agents, queues };
  }

  agentRoom(agentId: string): { loggedIn: boolean; freeChatSlots: number } | undefined {
    let a;
    try {
      a = this.acd.agentSnapshot(agentId);
    } catch (err) {
      if (isAppError(err, 'NOT_FOUND')) return undefined;
      throw err;
    }
    // Every chat on the desk holds a slot until it ends (chats have no wrap-up), offered ones too.
    const held = a.work.filter((w) => w.media === 'chat').length;
    return { loggedIn: a.presence !== 'logged_out' && a.profile !== null, freeChatSlots: Math.max(0, a.chatCapacity - held) };
  }

  async chatQueue(queueId: string): Promise<string | undefined> {
    const q = await this.directory.queues.find(queueId);
    return q?.media === 'chat' ? q.id : undefined;
  }

  handOver(chatId: string, toAgentId: string): void {
    this.translated(toAgentId, () => this.acd.handOver(chatId, toAgentId));
  }

  requeue(chatId: string, queueId: string, by: string): void {
    this.acd.forceTransfer(chatId, { queueId }, by);
  }

  assign(chatId: string, agentId: string, by: string): void {
    this.translated(agentId, () => this.acd.assignContact(chatId, agentId, by));
  }

  private translated(agentId: string, command: () => void): void {
    try {
      command();
    } catch (err) {
      if (isAppError(err, 'CAPACITY_EXCEEDED')) throw new AppError('CHAT_AGENT_NO_CAPACITY', undefined, { agentId, where: '/agentId' }, { cause: err });
      // INVALID_TRANSITION here is the target's presence (logged out); NOT_FOUND an agent without a profile.
      if (isAppError(err, 'INVALID_TRANSITION') || isAppError(err, 'NOT_FOUND')) throw new AppError('CHAT_AGENT_UNAVAILABLE', undefined, { agentId, where: '/agentId' }, { cause: err });
      throw err;
    }
  }
}
