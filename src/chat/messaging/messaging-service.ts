/**
 * Messaging connectors (issues 12 and 21; docs/messaging-webhook.md): a messaging platform's
 * users chat through a generic signed webhook instead of the widget.
 *
 * In: a signed message from platform user U on connector C. U is one chat visitor per connector
 * (made on their first message, with a widget token nobody holds), so their next message goes to
 * their open chat and a closed chat means a new one; the chat has channel `messaging` and so goes
 * through the bot when its setting says so, else into the connector's queue like a widget chat.
 * Messages of one platform user are taken in order (one lane each), and each platform message id
 * once: the answer (the chat id) leaves only after the message is committed.
 *
 * Out: what the visitor of such a chat would see in the widget (agent, bot and system lines, and
 * the end) becomes a row in the notification outbox (src/notify), which signs it with the
 * connector's secret and retries it; internal notes and whispers are never chat messages, so
 * they are never sent. A restart re-enqueues the open chats' lines: the outbox keeps each once.
 */
import type { BackgroundTasks } from '../../core/background-tasks.js';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { DomainEvent } from '../../core/events.js';
import type { Logger } from '../../core/log.js';
import { signatureValid } from '../../core/webhook-signature.js';
import { ChatLanes } from '../chat-lanes.js';
import type { StoredMessage } from '../ports.js';
import { REPLAY_WINDOW_MS, checkConnector, clientIdOf, inboundMessage, newConnectorSecret, type ConnectorInput, type InboundBody, type MessagingConnector, type OutboundPayload } from './messaging-rules.js';
import type { AgentNameOf, MessagingChats, MessagingOutbox, MessagingStore } from './ports.js';

export interface MessagingDeps {
  store: MessagingStore;
  chats: MessagingChats;
  outbox: MessagingOutbox;
  agentName: AgentNameOf;
  clock: Clock;
  log: Logger;
  background: BackgroundTasks;
  newId: () => string;
}

type Target = { connectorId: string; platformUserId: string };
type ChatMessageEvent = Extract<DomainEvent, { type: 'chat.message' }>;

/** Messages read per chat by the catch-up after a restart. */
const CATCH_UP_LIMIT = 10_000;

export class MessagingService {
  private readonly lanes = new ChatLanes();
  /** chat id -> its connector and platform user; null: a widget chat (asked once per chat). */
  private readonly targets = new Map<string, Target | null>();

  constructor(private readonly d: MessagingDeps) {}

  // ---- connectors (admin) -------------------------------------------------------------------

  list(): Promise<MessagingConnector[]> {
    return this.d.store.list();
  }

  async get(id: string): Promise<MessagingConnector> {
    const c = await this.d.store.find(id);
    if (!c) throw new AppError('NOT_FOUND', `No messaging connector ${id}`, { connectorId: id });
    return c;
  }

  /** A new connector and its secret: the only time the secret leaves the server. */
  async create(input: ConnectorInput): Promise<{ connector: MessagingConnector; secret: string }> {
    const checked = checkConnector(input);
    const secret = newConnectorSecret();
    const connector = await this.d.store.create(this.d.newId(), checked, secret, this.d.clock.now());
    return { connector, secret };
  }

  async update(id: string, input: ConnectorInput): Promise<MessagingConnector> {
    const checked = checkConnector(input);
    await this.get(id);
    return this.d.store.update(id, checked, this.d.clock.now());
  }

  /** A new secret replaces the old one at once (the platform's adapter must take the new one). */
  async rotate(id: string): Promise<{ connector: MessagingConnector; secret: string }> {
    await this.get(id);
    const secret = newConnectorSecret();
    await this.d.store.setSecret(id, secret, this.d.clock.now());
    return { connector: await this.get(id), secret };
  }

  async delete(id: string): Promise<void> {
    if (!(await this.d.store.delete(id))) throw new AppError('NOT_FOUND', `No messaging connector ${id}`, { connectorId: id });
  }

  /** The connector that brought a chat (its name and platform), or null for a widget chat. */
  async sourceOf(chatId: string): Promise<{ connectorName: string; platform: string } | null> {
    const target = await this.d.store.targetOfChat(chatId);
    const connector = target ? await this.d.store.find(target.connectorId) : undefined;
    return connector ? { connectorName: connector.name, platform: connector.platform } : null;
  }

  // ---- in ------------------------------------------------------------------------------------

  /**
   * Who sent a webhook request, before its body is read: the connector exists, the signature
   * over the raw body and its timestamp hold, the connector is enabled. Each refusal stores nothing.
   */
  async authenticate(connectorId: string, raw: string, headers: { timestamp?: string; signature?: string }): Promise<MessagingConnector> {
    const connector = await this.d.store.find(connectorId);
    const secret = connector ? await this.d.store.secretOf(connectorId) : undefined;
    if (!connector || secret === undefined) throw new AppError('MESSAGING_CONNECTOR_UNKNOWN', undefined, { where: '/params/connectorId' });
    if (!signatureValid(secret, headers.timestamp, headers.signature, raw, this.d.clock.now(), REPLAY_WINDOW_MS)) {
      throw new AppError('MESSAGING_SIGNATURE_INVALID', undefined, { where: '/headers/x-switchboard-signature' });
    }
    if (!connector.enabled) throw new AppError('MESSAGING_CONNECTOR_DISABLED', undefined, { connectorId });
    return connector;
  }

  /** An authenticated message: into the platform user's open chat, or a new one; resolves after the commit. */
  async receive(connector: MessagingConnector, body: InboundBody): Promise<{ chatId: string; seq: number; duplicate: boolean }> {
    const message = inboundMessage(body);
    const connectorId = connector.id;
    return this.lanes.run(`${connectorId}\u0000${message.from.id}`, async () => {
      const earlier = await this.d.store.inboundSeen(connectorId, message.messageId);
      if (earlier) return { ...earlier, duplicate: true };
      const visitorId = await this.visitorOf(connector, message.from.id);
      const open = this.d.chats.openChatOfVisitor(visitorId);
      const chat = open ?? (await this.d.chats.startChat(visitorId, { name: message.from.name ?? message.from.id, channel: 'messaging', ...(connector.queueId ? { queue: connector.queueId } : {}) }));
      this.targets.set(chat.id, { connectorId, platformUserId: message.from.id });
      const stored = await this.d.chats.visitorMessage(visitorId, chat.id, clientIdOf(message.messageId), message.text);
      await this.d.store.recordInbound({ connectorId, messageId: message.messageId, chatId: chat.id, seq: stored.seq, at: this.d.clock.now() });
      return { chatId: chat.id, seq: stored.seq, duplicate: false };
    });
  }

  private async visitorOf(connector: MessagingConnector, platformUserId: string): Promise<string> {
    const known = await this.d.store.visitorOf(connector.id, platformUserId);
    if (known) return known;
    // A visitor like a widget's; its token is dropped here, so nobody can speak the widget
    // protocol as this platform user.
    const { visitorId } = await this.d.chats.hello(undefined, undefined);
    await this.d.store.linkVisitor({ connectorId: connector.id, platformUserId, platform: connector.platform, visitorId, at: this.d.clock.now() });
    this.d.log.info({ connectorId: connector.id, visitorId }, 'a messaging platform user wrote for the first time');
    return visitorId;
  }

  // ---- out -----------------------------------------------------------------------------------

  /** The bus's chat events: lines the visitor would see, and the end, of chats from a connector. */
  onEvent(e: DomainEvent): void {
    if (e.type === 'chat.message') {
      if (e.from === 'visitor' || e.assist || e.attachment) return;
      // In the chat's lane: a chat's lines enter the outbox in the order they were said.
      this.d.background.run('messaging reply', this.lanes.run(`chat\u0000${e.chatId}`, () => this.send(e.chatId, (t) => this.messagePayload(t, e))), { chatId: e.chatId, seq: e.seq });
    } else if (e.type === 'chat.ended') {
      const chatId = e.chatId;
      const payload = (t: Target): Promise<OutboundPayload> =>
        Promise.resolve({ type: 'ended', connectorId: t.connectorId, to: { id: t.platformUserId }, chatId, messageId: `${chatId}:ended`, text: '', from: 'system', reason: e.reason, sentAt: new Date(e.at).toISOString() });
      // Widget chats are remembered as such (null) until they end: forgotten here, like messaging ones.
      const ended = this.lanes.run(`chat\u0000${chatId}`, async () => {
        await this.send(chatId, payload);
        this.targets.delete(chatId);
      });
      this.d.background.run('messaging end', ended, { chatId });
    }
  }

  /**
   * After a restart: the lines of open messaging chats again; the outbox already holding one
   * (its connector and `<chatId>:<seq>`) adds nothing, so only what a stop caught between the
   * message's commit and its outbox row goes out now.
   */
  async catchUp(): Promise<void> {
    const open = await this.d.store.openMessagingChats();
    if (open.length > 0) this.d.log.info({ chats: open.length }, 'messaging replies of open chats checked against the outbox after a start');
    for (const chatId of open) {
      const { messages } = await this.d.chats.messages(chatId, { supervise: true }, 0, CATCH_UP_LIMIT);
      for (const m of messages) {
        if (m.from === 'visitor' || m.assist || m.attachment) continue;
        await this.send(chatId, (t) => this.messagePayload(t, eventOf(m)));
      }
    }
  }

  private async messagePayload(t: Target, e: Pick<ChatMessageEvent, 'chatId' | 'seq' | 'from' | 'text' | 'card' | 'botSay' | 'authorAgentId' | 'agentId' | 'at'>): Promise<OutboundPayload> {
    const author = e.authorAgentId ?? e.agentId;
    const agentName = e.from === 'agent' && author ? await this.d.agentName(author) : undefined;
    return {
      type: 'message',
      connectorId: t.connectorId,
      to: { id: t.platformUserId },
      chatId: e.chatId,
      messageId: `${e.chatId}:${e.seq}`,
      seq: e.seq,
      text: e.text,
      ...(e.card ? { cards: [e.card] } : {}),
      from: e.from === 'visitor' ? 'system' : e.from,
      ...(agentName ? { agentName } : {}),
      ...(e.botSay ? { botSay: e.botSay } : {}),
      sentAt: new Date(e.at).toISOString(),
    };
  }

  private async send(chatId: string, build: (t: Target) => Promise<OutboundPayload>): Promise<void> {
    const target = await this.targetOf(chatId);
    if (!target) return;
    const payload = await build(target);
    await this.d.outbox.enqueueDeliveries([{ ruleId: target.connectorId, sourceId: payload.messageId, channel: 'messaging', body: JSON.stringify(payload) }]);
  }

  private async targetOf(chatId: string): Promise<Target | undefined> {
    const cached = this.targets.get(chatId);
    if (cached !== undefined) return cached ?? undefined;
    // An open chat of another channel (most of a center's chats: the widget) has no platform
    // user: known from memory, without a query for every chat's first reply.
    const channel = this.d.chats.openChannelOf(chatId);
    if (channel !== undefined && channel !== 'messaging') return undefined;
    const found = (await this.d.store.targetOfChat(chatId)) ?? null;
    this.targets.set(chatId, found);
    return found ?? undefined;
  }
}

/** A stored message as the bus would have told it (the catch-up builds the same payload). */
function eventOf(m: StoredMessage): Pick<ChatMessageEvent, 'chatId' | 'seq' | 'from' | 'text' | 'card' | 'botSay' | 'authorAgentId' | 'at'> {
  return { chatId: m.chatId, seq: m.seq, from: m.from, text: m.text, at: m.at, ...(m.card ? { card: m.card } : {}), ...(m.botSay ? { botSay: m.botSay } : {}), ...(m.agentId ? { authorAgentId: m.agentId } : {}) };
}
