/** Messaging connectors, their platform users and the messages taken, in the database (sql/106). */
import type { Kysely } from 'kysely';
import type { ConnectorInput, MessagingConnector } from '../../chat/messaging/messaging-rules.js';
import type { MessagingStore } from '../../chat/messaging/ports.js';
import type { DeliveryTargets } from '../../notify/ports.js';
import { epochMs } from '../config/repo-deps.js';
import type { Database } from '../schema.js';

const COLUMNS = ['id', 'name', 'platform', 'delivery_url', 'queue_id', 'enabled', 'created_at', 'updated_at'] as const;

function toConnector(row: { id: string; name: string; platform: string; delivery_url: string; queue_id: string | null; enabled: boolean; created_at: Date; updated_at: Date }): MessagingConnector {
  return { id: row.id, name: row.name, platform: row.platform, deliveryUrl: row.delivery_url, queueId: row.queue_id, enabled: row.enabled, createdAt: epochMs(row.created_at), updatedAt: epochMs(row.updated_at) };
}

export class KyselyMessagingStore implements MessagingStore {
  constructor(private readonly db: Kysely<Database>) {}

  // The secret column is never selected by these: a connector read for the API cannot carry it.
  async list(): Promise<MessagingConnector[]> {
    return (await this.db.selectFrom('messaging_connectors').select(COLUMNS).orderBy('name').orderBy('id').execute()).map(toConnector);
  }

  async find(id: string): Promise<MessagingConnector | undefined> {
    const row = await this.db.selectFrom('messaging_connectors').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    return row ? toConnector(row) : undefined;
  }

  async secretOf(id: string): Promise<string | undefined> {
    return (await this.db.selectFrom('messaging_connectors').select('secret').where('id', '=', id).executeTakeFirst())?.secret;
  }

  async create(id: string, input: Required<ConnectorInput>, secret: string, at: number): Promise<MessagingConnector> {
    const now = new Date(at);
    await this.db
      .insertInto('messaging_connectors')
      .values({ id, name: input.name, platform: input.platform, delivery_url: input.deliveryUrl, queue_id: input.queueId, enabled: input.enabled, secret, created_at: now, updated_at: now })
      .execute();
    return (await this.find(id)) as MessagingConnector;
  }

  async update(id: string, input: Required<ConnectorInput>, at: number): Promise<MessagingConnector> {
    await this.db
      .updateTable('messaging_connectors')
      .set({ name: input.name, platform: input.platform, delivery_url: input.deliveryUrl, queue_id: input.queueId, enabled: input.enabled, updated_at: new Date(at) })
      .where('id', '=', id)
      .execute();
    return (await this.find(id)) as MessagingConnector;
  }

  async setSecret(id: string, secret: string, at: number): Promise<void> {
    await this.db.updateTable('messaging_connectors').set({ secret, updated_at: new Date(at) }).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('messaging_connectors').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async visitorOf(connectorId: string, platformUserId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('messaging_visitors').select('visitor_id').where('connector_id', '=', connectorId).where('platform_user_id', '=', platformUserId).executeTakeFirst();
    return row?.visitor_id;
  }

  async linkVisitor(link: { connectorId: string; platformUserId: string; platform: string; visitorId: string; at: number }): Promise<void> {
    await this.db
      .insertInto('messaging_visitors')
      .values({ connector_id: link.connectorId, platform_user_id: link.platformUserId, platform: link.platform, visitor_id: link.visitorId, created_at: new Date(link.at) })
      .execute();
  }

  async inboundSeen(connectorId: string, messageId: string): Promise<{ chatId: string; seq: number } | undefined> {
    const row = await this.db.selectFrom('messaging_inbound').select(['chat_id', 'seq']).where('connector_id', '=', connectorId).where('message_id', '=', messageId).executeTakeFirst();
    return row ? { chatId: row.chat_id, seq: row.seq } : undefined;
  }

  async recordInbound(r: { connectorId: string; messageId: string; chatId: string; seq: number; at: number }): Promise<void> {
    await this.db
      .insertInto('messaging_inbound')
      .values({ connector_id: r.connectorId, message_id: r.messageId, chat_id: r.chatId, seq: r.seq, received_at: new Date(r.at) })
      .onConflict((oc) => oc.columns(['connector_id', 'message_id']).doNothing())
      .execute();
  }

  async targetOfChat(chatId: string): Promise<{ connectorId: string; platformUserId: string } | undefined> {
    const row = await this.db
      .selectFrom('chats')
      .innerJoin('messaging_visitors as mv', 'mv.visitor_id', 'chats.visitor_id')
      .select(['mv.connector_id', 'mv.platform_user_id'])
      .where('chats.id', '=', chatId)
      .executeTakeFirst();
    return row ? { connectorId: row.connector_id, platformUserId: row.platform_user_id } : undefined;
  }

  async openMessagingChats(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('chats')
      .innerJoin('messaging_visitors as mv', 'mv.visitor_id', 'chats.visitor_id')
      .select('chats.id')
      .where('chats.state', '<>', 'ended')
      .execute();
    return rows.map((r) => r.id);
  }
}

/** The connectors as the notification outbox sees them: where a `messaging` delivery goes, signed with what. */
export function messagingDeliveryTargets(db: Kysely<Database>): DeliveryTargets {
  return {
    async find(id) {
      const row = await db.selectFrom('messaging_connectors').select(['delivery_url', 'secret', 'enabled']).where('id', '=', id).executeTakeFirst();
      return row ? { url: row.delivery_url, secret: row.secret, enabled: row.enabled } : undefined;
    },
  };
}
