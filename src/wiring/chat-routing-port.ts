/**
 * Wiring, not domain: the routing engine seen through chat's ChatRouting port, and the engine's
 * chat offers (AcdRoutingPort passes them here) handed to the chat service, which connects them
 * at once. The engine supports that re-entrant accept (see RoutingService's doc comment).
 */
import type { OfferDeliveryPort } from '../acd/ports.js';
import type { RoutingService } from '../acd/routing-service.js';
import type { ContactExit, OfferView } from '../acd/types.js';
import type { ChatService } from '../chat/chat-service.js';
import type { AgentNames, ChatRouting, QueuePlace } from '../chat/ports.js';
import { AppError, isAppError, validationError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';
import type { DirectoryReaders } from '../directory/ports.js';

export class ChatRoutingAdapter implements ChatRouting, OfferDeliveryPort, AgentNames {
  private service: ChatService | undefined;
  private engine: RoutingService | undefined;
  private readonly names = new Map<string, Promise<string>>();
  private readonly queues = new Map<string, ReturnType<Pick<DirectoryReaders, 'queues'>['queues']['find']>>();

  constructor(
    private readonly directory: Pick<DirectoryReaders, 'queues' | 'agents'>,
    private readonly defaultQueue: string | undefined,
    private readonly log: Logger,
  ) {}

  /** Built before the engine (which needs its delivery port), bound to it and to the service afterwards. */
  bind(engine: RoutingService, service: ChatService): void {
    this.engine = engine;
    this.service = service;
  }

  private get acd(): RoutingService {
    if (!this.engine) throw new AppError('INTERNAL', 'The routing engine is not bound to chat');
    return this.engine;
  }

  // ---- OfferDeliveryPort (engine -> chat) ----

  deliverOffer(offer: OfferView): void {
    if (this.service?.offered({ offerId: offer.id, chatId: offer.contactId, agentId: offer.agentId })) return;
    // A chat contact the chat service did not start (nothing else starts them yet): the offer is
    // left to the engine's own offer timeout rather than taking the contact out of the queue.
    this.log.warn({ chatId: offer.contactId, agentId: offer.agentId }, 'chat offer for a chat the chat service does not hold: left to time out');
  }

  withdrawOffer(offer: OfferView, reason: string): void {
    // Chat offers are accepted inside deliverOffer, so none stays open to be withdrawn.
    this.log.debug({ chatId: offer.contactId, reason }, 'chat offer withdrawn');
  }

  contactExited(exit: ContactExit): void {
    this.service?.exited(exit.contact.id);
  }

  // ---- ChatRouting (chat -> engine) ----

  /**
   * A queue as the directory has it, kept in memory: every chat start names one (four queries
   * each otherwise); all are forgotten at any change to a queue.
   */
  private queue(id: string): ReturnType<Pick<DirectoryReaders, 'queues'>['queues']['find']> {
    let q = this.queues.get(id);
    if (!q) {
      q = this.directory.queues.find(id);
      this.queues.set(id, q);
      const read = q;
      // A failed read is not kept: the next chat asks again.
      read.catch(() => {
        if (this.queues.get(id) === read) this.queues.delete(id);
      });
    }
    return q;
  }

  async resolveQueue(choice: string | undefined): Promise<string> {
    if (choice !== undefined) {
      const q = await this.queue(choice);
      if (q?.media !== 'chat') throw validationError([{ where: '/queue', reason: 'names no chat queue' }]);
      return q.id;
    }
    if (this.defaultQueue === undefined) throw new AppError('CHAT_NO_QUEUE', 'The widget named no queue and no default chat queue is configured');
    const byId = await this.queue(this.defaultQueue);
    if (byId?.media === 'chat') return byId.id;
    const page = await this.directory.queues.list({ q: this.defaultQueue, media: 'chat' });
    const byName = page.items.find((q) => q.name === this.defaultQueue);
    if (!byName) throw new AppError('CHAT_NO_QUEUE', `The default chat queue ${this.defaultQueue} does not exist or is not a chat queue`);
    return byName.id;
  }

  enqueue(request: { chatId: string; queueId: string; attributes: Record<string, string>; priority?: number; targetAgentId?: string }): QueuePlace {
    // targetAgentId: offered to that agent only, in the same command (as a transfer to a named agent).
    // customerLevel (from the CRM lookup): the queue's boost for that level applies.
    const level = request.attributes.customerLevel;
    const result = this.acd.enqueue({
      id: request.chatId,
      media: 'chat',
      queueId: request.queueId,
      attributes: request.attributes,
      ...(request.priority !== undefined ? { priority: request.priority } : {}),
      ...(level ? { customerLevel: level } : {}),
      ...(request.targetAgentId ? { targetAgentId: request.targetAgentId } : {}),
    });
    if (result.status === 'exited') {
      throw new AppError(result.reason === 'closed' ? 'QUEUE_CLOSED' : 'QUEUE_FULL', `The queue did not take the chat (${result.reason})`, { queueId: request.queueId, reason: result.reason });
    }
    return { position: result.position, estimatedWaitMs: result.estimatedWaitMs };
  }

  position(chatId: string): QueuePlace | undefined {
    try {
      const p = this.acd.position(chatId);
      return { position: p.position, estimatedWaitMs: p.estimatedWaitMs };
    } catch (err) {
      if (isAppError(err, 'NOT_FOUND') || isAppError(err, 'CONTACT_NOT_WAITING')) return undefined;
      throw err;
    }
  }

  accept(offerId: string): void {
    this.acd.acceptOffer(offerId);
  }

  take(agentId: string, chatId: string): void {
    this.acd.takeContact(agentId, chatId);
  }

  abandon(chatId: string): void {
    try {
      this.acd.abandon(chatId);
    } catch (err) {
      // Offered or gone in the same instant: the engine no longer holds it in line.
      if (!isAppError(err, 'NOT_FOUND') && !isAppError(err, 'CONTACT_NOT_WAITING')) throw err;
      this.log.info({ chatId, code: err.code }, 'chat left a queue that no longer held it');
    }
  }

  ended(chatId: string): void {
    let agentId: string | undefined;
    try {
      agentId = this.acd.contact(chatId).agentId;
    } catch (err) {
      if (!isAppError(err, 'NOT_FOUND')) throw err;
      this.log.info({ chatId }, 'ended chat unknown to the routing engine (a restart lost it): nothing to free');
      return;
    }
    this.acd.contactEnded(chatId, 'completed');
    // A chat's ending is recorded on the chat itself: its slot frees at once, with no wrap-up.
    if (agentId === undefined) return;
    const wrapping = this.acd.agentSnapshot(agentId).work.some((w) => w.contactId === chatId && w.phase === 'wrap_up');
    if (wrapping) this.acd.finishWrapUp(agentId, chatId);
  }

  handOver(chatId: string, toAgentId: string): void {
    this.acd.handOver(chatId, toAgentId);
  }

  queuesOf(agentId: string): string[] {
    return this.acd.memberQueues(agentId);
  }

  /**
   * Every agent message names its agent to the visitor: kept in memory (two queries a message
   * otherwise, issue 12's benchmark), forgotten when the agent's configuration changes.
   */
  async displayName(agentId: string): Promise<string> {
    let name = this.names.get(agentId);
    if (!name) {
      name = this.directory.agents.find(agentId).then((a) => a?.displayName ?? 'Agent');
      this.names.set(agentId, name);
      // A failed read is not kept: the next message asks again.
      name.catch(() => this.names.delete(agentId));
    }
    return name;
  }

  /** Names are read again after a change to an agent, queues after a change to any queue. */
  watch(bus: EventBus): () => void {
    return bus.subscribe((e) => {
      if (e.type === 'config.changed' && e.entity === 'agent') this.names.delete(e.id);
      if (e.type === 'config.changed' && e.entity === 'queue') this.queues.clear();
    });
  }
}
