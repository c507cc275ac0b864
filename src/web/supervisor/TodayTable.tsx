/**
 * The Today table: the whole center, each queue and each team the user may see (the daemon scopes
 * it), with the day's figures and, under it, what the service level and "offered" mean.
 */
import type { TodayFigures, TodayGroupFigures } from '../api/types.js';
import { formatDuration } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { Table, type Column } from '../kit/Table.js';

interface Row extends TodayGroupFigures {
  key: string;
  label: string;
  kind: 'center' | 'queue' | 'team';
}

const percent = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);
const duration = (v: number | null) => (v === null ? '–' : formatDuration(v));
const count = (v: number | null) => (v === null ? '–' : String(v));

export function rowsOf(f: TodayFigures): Row[] {
  return [
    ...(f.center ? [{ ...f.center, key: 'center', label: t('supervisor.today.center'), kind: 'center' as const }] : []),
    ...f.queues.map((q) => ({ ...q, key: `queue:${q.queueId}`, label: t('supervisor.today.queueRow', { name: q.name }), kind: 'queue' as const })),
    ...f.teams.map((tm) => ({ ...tm, key: `team:${tm.teamId}`, label: t('supervisor.today.teamRow', { name: tm.name }), kind: 'team' as const })),
  ];
}

export function TodayTable({ figures }: { figures: TodayFigures }) {
  const columns: Column<Row>[] = [
    { key: 'row', header: t('supervisor.today.row'), cell: (r) => <span class={`sup-today-row sup-today-${r.kind}`}>{r.label}</span> },
    { key: 'offered', header: t('supervisor.today.offered'), numeric: true, cell: (r) => r.offered },
    { key: 'answered', header: t('supervisor.today.answered'), numeric: true, cell: (r) => r.answered },
    { key: 'abandonedInQueue', header: t('supervisor.today.abandonedInQueue'), numeric: true, cell: (r) => r.abandonedInQueue },
    { key: 'abandonedInIvr', header: t('supervisor.today.abandonedInIvr'), numeric: true, cell: (r) => count(r.abandonedInIvr) },
    { key: 'answerRate', header: t('supervisor.today.answerRate'), numeric: true, cell: (r) => percent(r.answerRate) },
    { key: 'serviceLevel', header: t('supervisor.today.serviceLevel'), numeric: true, cell: (r) => percent(r.serviceLevel) },
    { key: 'averageWait', header: t('supervisor.today.averageWait'), numeric: true, cell: (r) => duration(r.averageWaitMs) },
    { key: 'longestWait', header: t('supervisor.today.longestWait'), numeric: true, cell: (r) => formatDuration(r.longestWaitMs) },
    { key: 'averageHandle', header: t('supervisor.today.averageHandle'), numeric: true, cell: (r) => duration(r.averageHandleMs) },
    { key: 'callbacksPending', header: t('supervisor.today.callbacksPending'), numeric: true, cell: (r) => r.callbacksPending },
    { key: 'chatsActive', header: t('supervisor.today.chatsActive'), numeric: true, cell: (r) => r.chats.active },
    { key: 'chatsWaiting', header: t('supervisor.today.chatsWaiting'), numeric: true, cell: (r) => r.chats.waiting },
    { key: 'chatMessages', header: t('supervisor.today.chatMessages'), numeric: true, cell: (r) => r.chats.messagesToday },
    { key: 'chatDuration', header: t('supervisor.today.chatDuration'), numeric: true, cell: (r) => duration(r.chats.averageDurationMs) },
  ];
  // Every queue's threshold is shown in its definition; they are one value until queues get their own.
  const thresholds = [...new Set(figures.queues.map((q) => q.serviceLevelMs / 1000))];
  return (
    <div class="sup-today-table">
      <Table caption={t('supervisor.today.caption')} hideCaption columns={columns} rows={rowsOf(figures)} rowKey={(r) => r.key} empty={t('supervisor.today.empty')} />
      <p class="sup-today-definition" data-testid="sl-definition">
        {t('supervisor.today.definition', { seconds: thresholds.length > 0 ? thresholds.join(' / ') : '20', zone: figures.timeZone })}
      </p>
      <p class="sup-today-definition" data-testid="chat-definition">
        {t('supervisor.today.chatDefinition')}
      </p>
    </div>
  );
}
