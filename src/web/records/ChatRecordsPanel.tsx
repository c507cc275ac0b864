/**
 * The records page's chats: ended chats within the user's reach (an agent: their own; a team
 * lead: their teams'), filtered, paged back in time with "More" (keyset: the last id seen),
 * exported as CSV while it streams (records.view), and opened for the transcript.
 */
import { ExportButton } from './ExportButton.js';
import { useEffect, useState } from 'preact/hooks';
import { chatRecords } from '../api/endpoints.js';
import type { AgentConfig, ChatRecordRow, QueueConfig, TeamConfig } from '../api/types.js';
import { formatDateTime, formatDuration } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Table } from '../kit/Table.js';
import { ChatRecordFilterBar } from './ChatRecordFilterBar.js';
import { ChatTranscriptDialog, endingText } from './ChatTranscriptDialog.js';
import { chatFilterParams, EMPTY_CHAT_FILTERS, type ChatRecordFilterForm } from './chat-record-filters.js';

const PAGE = 50;

interface Props {
  queues: QueueConfig[];
  teams: TeamConfig[];
  agents: AgentConfig[];
  mayExport: boolean;
  /** Rows may be other agents' chats: the team filter and the agent column (record-abilities.ts). */
  others: boolean;
}

export function ChatRecordsPanel({ queues, teams, agents, mayExport, others }: Props) {
  const [form, setForm] = useState<ChatRecordFilterForm>(EMPTY_CHAT_FILTERS);
  const [applied, setApplied] = useState<URLSearchParams>(() => chatFilterParams(EMPTY_CHAT_FILTERS, Date.now()));
  const [rows, setRows] = useState<ChatRecordRow[]>([]);
  const [more, setMore] = useState(false);
  const [opened, setOpened] = useState<ChatRecordRow | undefined>(undefined);
  const [busy, run] = useAction();

  const load = (params: URLSearchParams, before?: string) =>
    run('records.chat.load', async () => {
      const q = new URLSearchParams(params);
      q.set('limit', String(PAGE));
      if (before) q.set('before', before);
      const page = (await chatRecords.list(q)).chats;
      setRows((old) => (before ? [...old, ...page] : page));
      setMore(page.length === PAGE);
    });

  useEffect(() => {
    void load(applied);
  }, [applied]);

  const queueName = (id: string | undefined) => (id ? (queues.find((q) => q.id === id)?.name ?? id) : '');
  const agentName = (id: string | undefined) => (id ? (agents.find((a) => a.id === id)?.displayName ?? id) : '');

  return (
    <>
      <ChatRecordFilterBar
        form={form}
        onChange={setForm}
        onSearch={() => setApplied(chatFilterParams(form, Date.now()))}
        onReset={() => (setForm(EMPTY_CHAT_FILTERS), setApplied(chatFilterParams(EMPTY_CHAT_FILTERS, Date.now())))}
        queues={queues}
        teams={teams}
        teamFilter={others}
        busy={busy === 'records.chat.load'}
      />
      <section class="panel records chat-records" aria-labelledby="chat-records-title">
        <div class="panel-head">
          <h2 id="chat-records-title">{t('records.chats')}</h2>
          {mayExport && <ExportButton url={chatRecords.exportUrl(applied, 'xlsx-csv')} />}
        </div>
        <Table
          caption={t('records.chats')}
          hideCaption
          rows={rows}
          rowKey={(r) => r.id}
          empty={busy === 'records.chat.load' ? t('common.loading') : t('records.chat.none')}
          columns={[
            {
              key: 'time',
              header: t('records.chat.started'),
              cell: (r) => (
                <button type="button" class="link-button" data-chat={r.id} onClick={() => setOpened(r)}>
                  {formatDateTime(r.createdAt)}
                </button>
              ),
            },
            { key: 'visitor', header: t('records.chat.visitor'), cell: (r) => r.visitorName || '—' },
            ...(others ? [{ key: 'agent', header: t('records.col.agent'), cell: (r: ChatRecordRow) => agentName(r.agentId) || '—' }] : []),
            { key: 'queue', header: t('records.col.queue'), cell: (r) => queueName(r.queueId) },
            { key: 'duration', header: t('records.col.duration'), numeric: true, cell: (r) => (r.endedAt !== undefined ? formatDuration(r.endedAt - r.createdAt) : '') },
            { key: 'ending', header: t('records.chat.ending'), cell: (r) => <span data-outcome={r.outcome ?? r.endReason}>{endingText(r)}</span> },
            { key: 'tags', header: t('records.chat.tags'), cell: (r) => <span class="record-tags">{r.tags.map((tag) => <span key={tag} class="record-tag">{tag}</span>)}</span> },
            { key: 'messages', header: t('records.chat.messages'), numeric: true, cell: (r) => String(r.messageCount) },
          ]}
        />
        {more && (
          <div class="more">
            <Button label={t('records.chat.more')} data-action="more" busy={busy === 'records.chat.load'} onClick={() => void load(applied, rows.at(-1)?.id)} />
          </div>
        )}
      </section>
      <ChatTranscriptDialog chat={opened} queueName={queueName} agentName={agentName} onClose={() => setOpened(undefined)} />
    </>
  );
}
