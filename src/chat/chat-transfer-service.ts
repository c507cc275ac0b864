/**
 * Chat transfers and multi-party chats (issue 12), over ChatService (which applies a move to the
 * chat and its visitor) and the routing engine (which moves the contact and its chat slot).
 *
 *   owner ──transfer to agent──▶ pending (chat-transfer-state.ts) ──accept──▶ hand_over
 *                                         └─decline / timeout / fail──▶ the owner keeps it, told why
 *   owner ──transfer to queue──▶ requeue at once (the visitor is `queued` again; history kept)
 *   owner ──invite──▶ colleague joins (chat-colleagues.ts; no chat slot) ──leave / remove──▶ gone
 *   supervisor ──assign (waiting chat)──▶ offered to that agent only, connected at once
 *   supervisor ──force-transfer──▶ hand_over / requeue at once (a pending transfer is dropped)
 *
 * Every refusal is checked before anything moves, so a refused request changes nothing. A move
 * ends the multi-party session: its colleagues leave (a colleague who was the target is the owner).
 * Pending transfers live in memory: after a restart the chat is simply still its owner's.
 */
import type { Clock, TimerHandle } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { DomainEvent, EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';
import { MAX_COLLEAGUES, type ChatColleagues } from './chat-colleagues.js';
import type { ChatService } from './chat-service.js';
import { transferReducer, type ChatTransfer, type TransferEvent } from './chat-transfer-state.js';
import type { ChatSummary } from './chat-views.js';
import type { AgentNames } from './ports.js';

/** The routing engine as transfers see it (src/wiring/chat-transfer-routing.ts). */
export interface ChatTransferRouting {
  /** undefined: the engine knows no such agent. Free slots are capacity minus chats held or offered. */
  agentRoom(agentId: string): { loggedIn: boolean; freeChatSlots: number } | undefined;
  /** The chat queue's id; undefined when there is no such chat queue. */
  chatQueue(queueId: string): Promise<string | undefined>;
  /** The connected chat passes to the agent at once; CHAT_AGENT_UNAVAILABLE / CHAT_AGENT_NO_CAPACITY otherwise. */
  handOver(chatId: string, toAgentId: string): void;
  /** The connected chat goes back into the queue (keeping its first arrival time); its agent's slot frees. */
  requeue(chatId: string, queueId: string, by: string): void;
  /** A waiting chat is offered to this agent only (and connected at once, as every chat offer). */
  assign(chatId: string, agentId: string, by: string): void;
}

export interface ChatTransferDeps {
  chat: Pick<ChatService, 'liveChatOf' | 'move'>;
  colleagues: ChatColleagues;
  routing: ChatTransferRouting;
  names: AgentNames;
  clock: Clock;
  bus: EventBus;
  log: Logger;
  newId: () => string;
  /** How long a transfer to a named agent waits for their answer. */
  timeoutMs: number;
}

export const DEFAULT_TRANSFER_TIMEOUT_MS = 60_000;
export const TRANSFER_NOTE_MAX = 500;
const FINISHED_KEPT = 500;

export type TransferTarget = { agentId: string } | { queueId: string };

/** Who is in a chat, and the transfer waiting for an answer, if any. */
export interface ChatParties {
  chatId: string;
  owner: { agentId: string; name: string } | null;
  colleagues: { agentId: string; name: string }[];
  transfer: ChatTransfer | null;
}

export class ChatTransferService {
  /** Pending transfers by chat: at most one per chat. */
  private readonly pending = new Map<string, { t: ChatTransfer; timer: TimerHandle }>();
  /** Recently ended transfers: a late answer or cancel is told CHAT_TRANSFER_NOT_PENDING, not NOT_FOUND. */
  private readonly finished = new Map<string, ChatTransfer>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly d: ChatTransferDeps) {}

  /** A chat that ends drops its pending transfer and its colleagues. */
  start(): void {
    this.unsubscribe = this.d.bus.subscribe((e) => {
      if (e.type === 'chat.ended') this.chatGone(e.chatId, e.agentId);
    });
  }

  stop(): void {
    this.unsubscribe?.();
    for (const p of this.pending.values()) this.d.clock.clearTimeout(p.timer);
    this.pending.clear();
  }

  // ---- the owner ----------------------------------------------------------------------------

  /** Offers the chat to a named agent; the owner keeps it until they accept. */
  async toAgent(ownerId: string, byUserId: string, chatId: string, toAgentId: string, note = ''): Promise<ChatTransfer> {
    const chat = await this.owned(ownerId, chatId);
    if (this.pending.has(chatId)) throw new AppError('CHAT_TRANSFER_PENDING', undefined, { chatId });
    this.checkTarget(chat, toAgentId, '/agentId');
    const now = this.d.clock.now();
    const t: ChatTransfer = { id: this.d.newId(), chatId, fromAgentId: ownerId, toAgentId, visitorName: chat.visitorName, byUserId, note: note.trim().slice(0, TRANSFER_NOTE_MAX), createdAt: now, expiresAt: now + this.d.timeoutMs, state: 'pending', endedAt: null, reason: null };
    const timer = this.d.clock.setTimeout(() => this.expire(t.id, chatId), this.d.timeoutMs);
    this.pending.set(chatId, { t, timer });
    this.changed(t);
    return t;
  }

  /** The chat goes back into a queue at once (the same queue puts it back in line). */
  async toQueue(ownerId: string, byUserId: string, chatId: string, queueId: string): Promise<ChatSummary> {
    const chat = await this.owned(ownerId, chatId);
    if (this.pending.has(chatId)) throw new AppError('CHAT_TRANSFER_PENDING', undefined, { chatId });
    return this.requeue(chat, await this.queue(queueId), byUserId);
  }

  async cancel(ownerId: string, transferId: string): Promise<ChatTransfer> {
    return this.finish(this.pendingFor(transferId, ownerId, 'fromAgentId'), { kind: 'cancel', at: this.d.clock.now() });
  }

  /** Invites a logged-in colleague into the chat: they read, write and hear it; no slot is used. */
  async invite(ownerId: string, chatId: string, colleagueId: string): Promise<ChatParties> {
    const chat = await this.owned(ownerId, chatId);
    if (colleagueId === ownerId) throw new AppError('CHAT_TRANSFER_TO_SELF', undefined, { chatId, where: '/agentId' });
    if (this.d.colleagues.has(chatId, colleagueId)) throw new AppError('CHAT_COLLEAGUE_ALREADY_IN', undefined, { chatId, agentId: colleagueId, where: '/agentId' });
    if (this.d.colleagues.of(chatId).length >= MAX_COLLEAGUES) throw new AppError('CHAT_COLLEAGUES_FULL', undefined, { chatId, max: MAX_COLLEAGUES });
    if (!this.d.routing.agentRoom(colleagueId)?.loggedIn) throw new AppError('CHAT_AGENT_UNAVAILABLE', undefined, { agentId: colleagueId, where: '/agentId' });
    this.d.colleagues.add(chatId, colleagueId);
    this.colleagueChanged(chatId, ownerId, colleagueId, 'joined');
    return this.partiesOf(chat);
  }

  async remove(ownerId: string, chatId: string, colleagueId: string): Promise<ChatParties> {
    const chat = await this.owned(ownerId, chatId);
    if (!this.d.colleagues.remove(chatId, colleagueId)) throw new AppError('CHAT_COLLEAGUE_NOT_IN', undefined, { chatId, agentId: colleagueId, where: '/params/agentId' });
    this.colleagueChanged(chatId, ownerId, colleagueId, 'removed');
    return this.partiesOf(chat);
  }

  // ---- the target and colleagues ------------------------------------------------------------

  /** The target's answer: accepting hands the chat over at once; declining returns it (told why). */
  async answer(agentId: string, transferId: string, accept: boolean, reason?: string): Promise<ChatTransfer> {
    const t = this.pendingFor(transferId, agentId, 'toAgentId');
    const now = this.d.clock.now();
    if (!accept) return this.finish(t, { kind: 'decline', at: now, ...(reason?.trim() ? { reason: reason.trim().slice(0, TRANSFER_NOTE_MAX) } : {}) });
    try {
      this.d.chat.move(t.chatId, { kind: 'hand_over', agentId, at: now }, () => this.d.routing.handOver(t.chatId, agentId));
    } catch (err) {
      // The target can no longer take it (logged out, slots filled meanwhile): the owner keeps it.
      if (err instanceof AppError && (err.code === 'CHAT_AGENT_UNAVAILABLE' || err.code === 'CHAT_AGENT_NO_CAPACITY')) this.finish(t, { kind: 'fail', at: now, reason: err.code });
      throw err;
    }
    const done = this.finish(t, { kind: 'accept', at: now });
    this.movedOn(t.chatId, t.fromAgentId, agentId);
    return done;
  }

  /** A colleague leaves the chat (the owner cannot: they end or transfer it). */
  async leave(agentId: string, chatId: string): Promise<void> {
    const chat = await this.d.chat.liveChatOf(chatId, { supervise: true });
    if (!this.d.colleagues.remove(chatId, agentId)) throw new AppError('CHAT_COLLEAGUE_NOT_IN', undefined, { chatId, agentId });
    this.colleagueChanged(chatId, chat.agentId ?? agentId, agentId, 'left');
  }

  // ---- supervisors (the routes check chat.supervise and team scope) ---------------------------

  /** A waiting chat to a chosen agent, connected at once. */
  async assign(chatId: string, agentId: string, byUserId: string): Promise<ChatSummary> {
    const chat = await this.d.chat.liveChatOf(chatId, { supervise: true });
    if (chat.state !== 'waiting') throw new AppError('CHAT_NOT_WAITING', undefined, { chatId });
    this.checkTarget(chat, agentId, '/agentId');
    this.d.routing.assign(chatId, agentId, byUserId);
    const now = await this.d.chat.liveChatOf(chatId, { supervise: true });
    if (now.state !== 'active' || now.agentId !== agentId) throw new AppError('CHAT_NOT_WAITING', 'The chat went to someone else', { chatId });
    return now;
  }

  /** An active chat moves at once, without either agent's consent; a pending transfer of it is dropped. */
  async forceTransfer(chatId: string, target: TransferTarget, byUserId: string): Promise<ChatSummary> {
    const chat = await this.d.chat.liveChatOf(chatId, { supervise: true });
    if (chat.state !== 'active' || !chat.agentId) throw new AppError('INVALID_TRANSITION', 'Only an active chat can be transferred', { chatId, state: chat.state });
    const from = chat.agentId;
    if ('queueId' in target) {
      const queueId = await this.queue(target.queueId);
      this.drop(chatId);
      return this.requeue(chat, queueId, byUserId, byUserId);
    }
    this.checkTarget(chat, target.agentId, '/agentId', true);
    const to = target.agentId;
    this.drop(chatId);
    this.d.chat.move(chatId, { kind: 'hand_over', agentId: to, at: this.d.clock.now() }, () => this.d.routing.handOver(chatId, to), byUserId);
    this.movedOn(chatId, from, to);
    return this.d.chat.liveChatOf(chatId, { supervise: true });
  }

  // ---- reads --------------------------------------------------------------------------------

  /** The chat's owner, colleagues and pending transfer (the routes check the viewer's reach first). */
  async parties(chatId: string): Promise<ChatParties> {
    return this.partiesOf(await this.d.chat.liveChatOf(chatId, { supervise: true }));
  }

  /** Transfers waiting for this agent's answer, and those this agent is waiting on. */
  pendingOf(agentId: string): { incoming: ChatTransfer[]; outgoing: ChatTransfer[] } {
    const all = [...this.pending.values()].map((p) => p.t);
    return { incoming: all.filter((t) => t.toAgentId === agentId), outgoing: all.filter((t) => t.fromAgentId === agentId) };
  }

  // ---- internals ----------------------------------------------------------------------------

  private async owned(agentId: string, chatId: string): Promise<ChatSummary> {
    const chat = await this.d.chat.liveChatOf(chatId, { supervise: true });
    if (chat.agentId === agentId && chat.state === 'active') return chat;
    if (this.d.colleagues.has(chatId, agentId)) throw new AppError('CHAT_NOT_OWNER', undefined, { chatId });
    throw new AppError('CHAT_NOT_YOURS', undefined, { chatId });
  }

  /** Refuses a target that cannot take the chat now; pending transfers to them hold a slot each. */
  private checkTarget(chat: ChatSummary, agentId: string, where: string, forced = false): void {
    if (agentId === chat.agentId) throw new AppError('CHAT_TRANSFER_TO_SELF', undefined, { chatId: chat.id, where });
    const room = this.d.routing.agentRoom(agentId);
    if (!room?.loggedIn) throw new AppError('CHAT_AGENT_UNAVAILABLE', undefined, { agentId, where });
    const promised = [...this.pending.values()].filter((p) => p.t.toAgentId === agentId && (!forced || p.t.chatId !== chat.id)).length;
    if (room.freeChatSlots - promised <= 0) throw new AppError('CHAT_AGENT_NO_CAPACITY', undefined, { agentId, where });
  }

  private async queue(queueId: string): Promise<string> {
    const id = await this.d.routing.chatQueue(queueId);
    if (!id) throw new AppError('CHAT_QUEUE_UNKNOWN', undefined, { queueId, where: '/queueId' });
    return id;
  }

  private requeue(chat: ChatSummary, queueId: string, by: string, forcedBy?: string): ChatSummary {
    const from = chat.agentId as string;
    const moved = this.d.chat.move(chat.id, { kind: 'requeue', queueId, at: this.d.clock.now() }, () => this.d.routing.requeue(chat.id, queueId, by), forcedBy);
    this.movedOn(chat.id, from, moved.agentId);
    return { ...chat, state: moved.state, agentId: moved.agentId, queueId: moved.queueId };
  }

  /** The pending transfer, if `agentId` is one of its two agents; a recently ended one is CHAT_TRANSFER_NOT_PENDING. */
  private pendingFor(transferId: string, agentId: string, side: 'fromAgentId' | 'toAgentId'): ChatTransfer {
    for (const p of this.pending.values()) if (p.t.id === transferId && p.t[side] === agentId) return p.t;
    const done = this.finished.get(transferId);
    if (done?.[side] === agentId) return transferReducer(done, { kind: 'cancel', at: this.d.clock.now() });
    throw new AppError('CHAT_TRANSFER_NOT_FOUND', undefined, { transferId, where: '/params/id' });
  }

  private expire(transferId: string, chatId: string): void {
    const p = this.pending.get(chatId);
    if (p?.t.id !== transferId) return;
    this.finish(p.t, { kind: 'timeout', at: this.d.clock.now() });
  }

  /** Applies an ending event to a pending transfer; the two agents hear of it. */
  private finish(t: ChatTransfer, event: TransferEvent): ChatTransfer {
    const done = transferReducer(t, event);
    const p = this.pending.get(t.chatId);
    if (p) this.d.clock.clearTimeout(p.timer);
    this.pending.delete(t.chatId);
    this.changed(done);
    this.finished.set(done.id, done);
    if (this.finished.size > FINISHED_KEPT) this.finished.delete(this.finished.keys().next().value as string);
    this.d.log.info({ chatId: t.chatId, transferId: t.id, from: t.state, event: event.kind, to: done.state }, 'chat transfer');
    return done;
  }

  private drop(chatId: string): void {
    const p = this.pending.get(chatId);
    if (p) this.finish(p.t, { kind: 'drop', at: this.d.clock.now() });
  }

  /** The chat moved: the multi-party session ends (the new owner, if a colleague, stays as owner). */
  private movedOn(chatId: string, fromAgentId: string, toAgentId: string | null): void {
    for (const c of this.d.colleagues.clear(chatId)) if (c !== toAgentId) this.colleagueChanged(chatId, fromAgentId, c, 'ended');
  }

  private chatGone(chatId: string, ownerId: string | undefined): void {
    this.drop(chatId);
    for (const c of this.d.colleagues.clear(chatId)) this.colleagueChanged(chatId, ownerId ?? c, c, 'ended');
  }

  private async partiesOf(chat: ChatSummary): Promise<ChatParties> {
    const named = async (agentId: string) => ({ agentId, name: await this.d.names.displayName(agentId) });
    const colleagues = await Promise.all(this.d.colleagues.of(chat.id).map(named));
    return { chatId: chat.id, owner: chat.agentId ? await named(chat.agentId) : null, colleagues, transfer: this.pending.get(chat.id)?.t ?? null };
  }

  private changed(t: ChatTransfer): void {
    this.publish({
      type: 'chat.transfer_changed',
      at: this.d.clock.now(),
      scope: { agentIds: [t.fromAgentId, t.toAgentId] },
      transferId: t.id,
      chatId: t.chatId,
      fromAgentId: t.fromAgentId,
      toAgentId: t.toAgentId,
      state: t.state,
      ...(t.reason ? { reason: t.reason } : {}),
      expiresAt: t.expiresAt,
      visitorName: t.visitorName,
      ...(t.note ? { note: t.note } : {}),
    });
  }

  private colleagueChanged(chatId: string, ownerAgentId: string, colleagueAgentId: string, change: 'joined' | 'left' | 'removed' | 'ended'): void {
    this.publish({ type: 'chat.colleague_changed', at: this.d.clock.now(), scope: { agentIds: [ownerAgentId, colleagueAgentId] }, chatId, ownerAgentId, colleagueAgentId, change });
  }

  private publish(event: DomainEvent): void {
    this.d.bus.publish(event);
  }
}
