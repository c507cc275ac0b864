/** Kysely table types for messaging connectors (sql/106_messaging_connectors.sql owns the real schema). */
export interface MessagingTables {
  messaging_connectors: MessagingConnectorsTable;
  messaging_visitors: MessagingVisitorsTable;
  messaging_inbound: MessagingInboundTable;
}

export interface MessagingConnectorsTable {
  id: string;
  name: string;
  platform: string;
  delivery_url: string;
  queue_id: string | null;
  enabled: boolean;
  secret: string;
  created_at: Date;
  updated_at: Date;
}

export interface MessagingVisitorsTable {
  connector_id: string;
  platform_user_id: string;
  platform: string;
  visitor_id: string;
  created_at: Date;
}

export interface MessagingInboundTable {
  connector_id: string;
  message_id: string;
  chat_id: string;
  seq: number;
  received_at: Date;
}
