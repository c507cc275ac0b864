/**
 * Call and chat records, one tab each: a team lead sees their teams', supervisors and admins every
 * one, an agent their own only (what each is offered: record-abilities.ts). Calls: filter, page
 * back in time with "More" (keyset: the last id seen), export the same search as CSV while it
 * streams, and open a call for its timeline and recordings; a call whose recordings were deleted
 * (retention or by hand) is marked so, not as playable. Chats: ChatRecordsPanel.
 */
import { ExportButton } from './ExportButton.js';
import { useEffect, useState } from 'preact/hooks';
import { recordingStates } from '../../calls/recording-presence.js';
import { config, records } from '../api/endpoints.js';
import type { AgentConfig, CallRecordRow, Principal, QueueConfig, TeamConfig } from '../api/types.js';
import { Frame } from '../app/Frame.js';
import { PageLink } from '../app/PageLink.js';
import { formatDateTime, formatDuration, outcomeText } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { runAction, useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Icon } from '../kit/Icon.js';
import { Table, type Column } from '../kit/Table.js';
import { ChatRecordsPanel } from './ChatRecordsPanel.js';
import { RecordDetailDialog } from './RecordDetailDialog.js';
import { recordAbilities } from './record-abilities.js';
import { RecordFilterBar } from './RecordFilterBar.js';
import { EMPTY_FILTERS, filterParams, type RecordFilterForm } from './record-filters.js';
import { StoragePanel } from './StoragePanel.js';
import './records.css';

const PAGE = 50;

type Tab = 'calls' | 'chats';

/** The recording column: something to play, recordings deleted (when, and whether by retention), or nothing. */
function RecordingMark({ row }: { row: CallRecordRow }) {
  if (row.recording === 'present') {
    return (
      <span class="has-recording" data-recording="present" title={t('records.hasRecording')} aria-label={t('records.hasRecording')} role="img">
        <Icon name="record" />
      </span>
    );
  }
  const purge = row.recordingPurge;
  if (row.recording !== 'purged' || !purge) return null;
  const text = t(purge.reason === 'retention' ? 'records.recordingPurgedRetention' : 'records.recordingPurgedByHand', { at: formatDateTime(purge.at) });
  return (
    <span class="purged-recording" data-recording="purged" data-reason={purge.reason} title={text} aria-label={text} role="img">
      <Icon name="recordOff" />
    </span>
  );
}

export function RecordsPage({ principal }: { principal: Principal }) {
  const can = recordAbilities(principal);
  const tabs: Tab[] = [...(can.calls ? (['calls'] as const) : []), ...(can.chats ? (['chats'] as const) : [])];
  const [form, setForm] = useState<RecordFilterForm>(EMPTY_FILTERS);
  const [applied, setApplied] = useState<URLSearchParams>(new URLSearchParams());
  const [rows, setRows] = useState<CallRecordRow[]>([]);
  const [more, setMore] = useState(false);
  const [queues, setQueues] = useState<QueueConfig[]>([]);
  const [teams, setTeams] = useState<TeamConfig[]>([]);
  const [agents, setAgents] = useState<AgentConfig[]>([]);
  const [opened, setOpened] = useState<string | undefined>(undefined);
  const [busy, run] = useAction();
  const [deletions, setDeletions] = useState(0);
  const [tab, setTab] = useState<Tab>(tabs[0] ?? 'calls');

  useEffect(() => {
    void runAction('records.loadConfig', async () => {
      const [q, tm, a] = await Promise.all([config.queues(), config.teams(), config.agents()]);
      setQueues(q.items);
      setTeams(tm.items);
      setAgents(a.items);
    });
  }, []);

  const load = (params: URLSearchParams, before?: string) =>
    run('records.load', async () => {
      const q = new URLSearchParams(params);
      q.set('limit', String(PAGE));
      if (before) q.set('before', before);
      const page = (await records.list(q)).calls;
      setRows((old) => (before ? [...old, ...page] : page));
      setMore(page.length === PAGE);
    });

  useEffect(() => {
    if (can.calls) void load(applied);
  }, [applied]);

  const search = () => setApplied(filterParams(form));

  /**
   * A recording of the opened call was deleted: the storage figures are read again, and the
   * call's row re-reads its recording state from the call (it may have another one kept), so the
   * list does not go on showing something to play.
   */
  const recordingDeleted = (callId: string | undefined) => {
    setDeletions((n) => n + 1);
    if (!callId) return;
    void runAction('records.loadCall', async () => {
      const detail = await records.get(callId);
      const marks = detail.recordings.map((r) => ({ callId, ...(r.purgedAt !== undefined ? { purgedAt: r.purgedAt } : {}), ...(r.purgeReason !== undefined ? { purgeReason: r.purgeReason } : {}) }));
      const state = recordingStates([callId], marks).get(callId);
      if (state) setRows((old) => old.map((r) => (r.id === callId ? { ...r, ...state } : r)));
    });
  };

  const queueName = (id: string | undefined) => (id ? (queues.find((q) => q.id === id)?.name ?? id) : '');
  const agentName = (id: string | undefined) => (id ? (agents.find((a) => a.id === id)?.displayName ?? id) : '');
  const duration = (r: CallRecordRow) => (r.endedAt !== undefined ? formatDuration(r.endedAt - r.startedAt) : '');
  const columns: Column<CallRecordRow>[] = [
    {
      key: 'time',
      header: t('records.col.time'),
      // Only those who may read a call's detail get the link to it (an agent too: every listed call is theirs).
      cell: (r) =>
        can.openCall ? (
          <button type="button" class="link-button" data-call={r.id} onClick={() => setOpened(r.id)}>
            {formatDateTime(r.startedAt)}
          </button>
        ) : (
          <span data-call-row={r.id}>{formatDateTime(r.startedAt)}</span>
        ),
    },
    { key: 'direction', header: t('records.col.direction'), cell: (r) => t(r.direction === 'outbound' ? 'records.outbound' : 'records.inbound') },
    { key: 'from', header: t('records.col.from'), cell: (r) => <span class="number">{r.from}</span> },
    { key: 'to', header: t('records.col.to'), cell: (r) => <span class="number">{r.to}</span> },
    { key: 'queue', header: t('records.col.queue'), cell: (r) => queueName(r.queueId) },
    ...(can.others ? [{ key: 'agent', header: t('records.col.agent'), cell: (r: CallRecordRow) => agentName(r.agentId) }] : []),
    { key: 'outcome', header: t('records.col.outcome'), cell: (r) => outcomeText(r.outcome) },
    { key: 'duration', header: t('records.col.duration'), numeric: true, cell: duration },
    { key: 'recording', header: t('records.col.recording'), cell: (r) => <RecordingMark row={r} /> },
  ];

  return (
    <Frame title={t('records.title')} principal={principal} class="records-page" headerExtra={<PageLink page="supervisor" principal={principal} />}>
      <div class="tabs records-tabs" role="tablist" aria-label={t('records.title')}>
        {tabs.map((x) => (
          <button key={x} type="button" role="tab" id={`records-tab-${x}`} class={`tab${x === tab ? ' is-active' : ''}`} aria-selected={x === tab} data-tab={x} onClick={() => setTab(x)}>
            {t(x === 'calls' ? 'records.calls' : 'records.chats')}
          </button>
        ))}
      </div>
      {!can.others && (
        <p class="muted records-scope" data-scope="own">
          {t('records.ownOnly')}
        </p>
      )}
      {tab === 'chats' ? (
        <ChatRecordsPanel queues={queues} teams={teams} agents={agents} mayExport={can.export} others={can.others} />
      ) : !can.calls ? null : (
        <>
          <RecordFilterBar form={form} onChange={setForm} onSearch={search} onReset={() => (setForm(EMPTY_FILTERS), setApplied(new URLSearchParams()))} queues={queues} teams={teams} teamFilter={can.others} busy={busy === 'records.load'} />
          <section class="panel records" aria-labelledby="records-title">
            <div class="panel-head">
              <h2 id="records-title">{t('records.calls')}</h2>
              {can.export && <ExportButton url={records.exportUrl(applied, 'xlsx-csv')} />}
            </div>
            <Table
              caption={t('records.calls')}
              hideCaption
              rows={rows}
              rowKey={(r) => r.id}
              empty={busy === 'records.load' ? t('common.loading') : t('records.none')}
              columns={columns}
            />
            {more && (
              <div class="more">
                <Button label={t('records.more')} data-action="more" busy={busy === 'records.load'} onClick={() => void load(applied, rows.at(-1)?.id)} />
              </div>
            )}
          </section>
        </>
      )}
      {can.storage && <StoragePanel queues={queues} changes={deletions} />}
      {can.openCall && (
        <RecordDetailDialog callId={opened} can={can} queueName={queueName} agentName={agentName} onClose={() => setOpened(undefined)} onDeleted={() => recordingDeleted(opened)} />
      )}
    </Frame>
  );
}
