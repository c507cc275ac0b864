/**
 * Chat records as CSV (src/core/csv.ts), read page by page like the call records' export. The
 * visitor's name, the spam reason and tags are typed by people: defused against formulas.
 */
import { defuse, pagedCsv, secondsBetween, type ExportFormat } from '../core/csv.js';
import type { ChatRecordQuery, ChatRecordReader, ChatRecordRow } from './ports.js';

export const CHAT_EXPORT_COLUMNS = [
  'chat_id',
  'started_at',
  'ended_at',
  'channel',
  'visitor_name',
  'queue_id',
  'queue_name',
  'agent_id',
  'agent_name',
  'duration_seconds',
  'end_reason',
  'outcome',
  'outcome_reason',
  'messages',
  'tags',
] as const;

/** Queue and agent names as configured when the export starts (ids stay beside them: names change). */
export interface ChatExportNames {
  queue(id: string): string | undefined;
  agent(id: string): string | undefined;
}

const NO_NAMES: ChatExportNames = { queue: () => undefined, agent: () => undefined };

export function chatExportRow(c: ChatRecordRow, names: ChatExportNames = NO_NAMES): string[] {
  return [
    c.id,
    new Date(c.createdAt).toISOString(),
    c.endedAt !== undefined ? new Date(c.endedAt).toISOString() : '',
    c.channel,
    defuse(c.visitorName),
    c.queueId,
    defuse(names.queue(c.queueId) ?? ''),
    c.agentId ?? '',
    defuse((c.agentId && names.agent(c.agentId)) ?? ''),
    secondsBetween(c.createdAt, c.endedAt),
    c.endReason ?? '',
    c.outcome ?? '',
    defuse(c.outcomeReason ?? ''),
    String(c.messageCount),
    defuse(c.tags.join('; ')),
  ];
}

/** The export's text: header first, then every matching chat newest first, at most `cap` rows. */
export function chatRecordsCsv(reader: Pick<ChatRecordReader, 'list'>, query: ChatRecordQuery, options: { format: ExportFormat; cap: number; names?: ChatExportNames }): AsyncGenerator<string> {
  return pagedCsv((page) => reader.list({ ...query, ...page }), { format: options.format, columns: CHAT_EXPORT_COLUMNS, cap: options.cap, row: (c) => chatExportRow(c, options.names) });
}
