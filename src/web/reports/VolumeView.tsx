/**
 * The volume tab: a uPlot chart of the calls per interval (offered, answered, abandoned; grouped:
 * offered per group) and the table of every interval and group with calls, the totals first.
 */
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import type { VolumeReport, VolumeRow } from '../api/types.js';
import { formatDuration } from '../i18n/format.js';
import { locale, t, type MessageKey } from '../i18n/i18n.js';
import { Table, type Column } from '../kit/Table.js';
import { groupLabel, ReportChart } from './ReportChart.js';

const COLORS = ['#2563eb', '#15803d', '#b91c1c', '#7c3aed', '#c2410c', '#0e7490', '#a16207', '#be185d'];

const percent = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);
const duration = (v: number | null) => (v === null ? '–' : formatDuration(v));
const count = (v: number | null) => (v === null ? '–' : String(v));

type Row = Omit<VolumeRow, 'start' | 'end' | 'label'> & { key: string; when: string };

/** How an interval's start is written: times for quarter hours and hours, dates for longer ones. */
export function intervalFormatter(report: Pick<VolumeReport, 'interval' | 'timeZone' | 'from' | 'to'>, lang: string): Intl.DateTimeFormat {
  const { timeZone } = report;
  const long = report.to - report.from > 26 * 3_600_000;
  if (report.interval === 'month') return new Intl.DateTimeFormat(lang, { timeZone, year: 'numeric', month: 'short' });
  if (report.interval === 'day' || report.interval === 'week') return new Intl.DateTimeFormat(lang, { timeZone, month: 'short', day: 'numeric' });
  return new Intl.DateTimeFormat(lang, { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', ...(long ? { month: 'numeric', day: 'numeric' } : {}) });
}


export function VolumeView({ report }: { report: VolumeReport }) {
  const lang = locale.value;
  const fmt = intervalFormatter(report, lang);
  const grouped = report.groupBy !== 'none';
  const series = useMemo(() => {
    if (!grouped) {
      const keys: { key: MessageKey; pick: (r: VolumeRow) => number }[] = [
        { key: 'reports.offered', pick: (r) => r.offered },
        { key: 'reports.answered', pick: (r) => r.answered },
        { key: 'reports.abandoned', pick: (r) => r.abandonedInQueue + (r.abandonedInIvr ?? 0) },
      ];
      return keys.map((k, i) => ({ label: t(k.key), color: COLORS[i] ?? '#000', values: report.rows.map(k.pick) }));
    }
    // Offered per group, the first eight groups (the table has them all).
    return report.groups.slice(0, COLORS.length).map((g, i) => ({
      label: groupLabel(report.groupBy, g.id, g.name),
      color: COLORS[i] ?? '#000',
      values: report.rows.filter((r) => r.groupId === g.id).map((r) => r.offered),
    }));
  }, [report, lang]);
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      ms: 1,
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] } },
      axes: [
        { label: t('reports.chart.time', { zone: report.timeZone }), values: (_u, splits) => splits.map((v) => fmt.format(v)), space: 80, size: 56 },
        { label: t('reports.chart.calls'), values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')), size: 56 },
      ],
      series: [{ value: (_u, v) => (v === null ? '–' : fmt.format(v)) }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, points: { size: 5 } }))],
      cursor: { drag: { x: false, y: false } },
      legend: { show: false },
    }),
    [series, report.timeZone, lang],
  );
  const data = useMemo<uPlot.AlignedData>(() => [report.intervals.map((i) => i.start), ...series.map((s) => s.values)], [series, report]);

  const rows: Row[] = [
    ...report.totals.map(({ groupId, groupName, ...f }) => ({ ...f, groupId, groupName, key: `total:${groupId}`, when: t('reports.total') })),
    ...report.rows
      .filter((r) => r.offered > 0 || r.callbacks > 0 || (r.abandonedInIvr ?? 0) > 0)
      .map(({ start, end: _end, label: _label, ...r }) => ({ ...r, key: `${start}:${r.groupId}`, when: fmt.format(start) })),
  ];
  const columns: Column<Row>[] = [
    { key: 'when', header: t('reports.col.interval'), cell: (r) => <span class="nowrap">{r.when}</span> },
    ...(grouped ? [{ key: 'group', header: t('reports.col.group'), cell: (r: Row) => <span class="nowrap">{groupLabel(report.groupBy, r.groupId, r.groupName)}</span> }] : []),
    { key: 'offered', header: t('reports.offered'), numeric: true, cell: (r) => r.offered },
    { key: 'answered', header: t('reports.answered'), numeric: true, cell: (r) => r.answered },
    { key: 'ivr', header: t('reports.abandonedInIvr'), numeric: true, cell: (r) => count(r.abandonedInIvr) },
    { key: 'queue', header: t('reports.abandonedInQueue'), numeric: true, cell: (r) => r.abandonedInQueue },
    { key: 'rate', header: t('reports.answerRate'), numeric: true, cell: (r) => percent(r.answerRate) },
    { key: 'sl', header: t('reports.serviceLevel'), numeric: true, cell: (r) => percent(r.serviceLevel) },
    { key: 'asa', header: t('reports.speedOfAnswer'), numeric: true, cell: (r) => duration(r.averageSpeedOfAnswerMs) },
    { key: 'aht', header: t('reports.handle'), numeric: true, cell: (r) => duration(r.averageHandleMs) },
    { key: 'talk', header: t('reports.talk'), numeric: true, cell: (r) => duration(r.averageTalkMs) },
    { key: 'hold', header: t('reports.hold'), numeric: true, cell: (r) => duration(r.averageHoldMs) },
    { key: 'wrap', header: t('reports.wrapUp'), numeric: true, cell: (r) => duration(r.averageWrapUpMs) },
    { key: 'transfers', header: t('reports.transfers'), numeric: true, cell: (r) => r.transfers },
    { key: 'callbacks', header: t('reports.callbacks'), numeric: true, cell: (r) => r.callbacks },
  ];
  const total = report.totals.reduce((n, x) => n + x.offered, 0);
  return (
    <div class="report-volume">
      <ReportChart
        id="volume"
        caption={grouped ? t('reports.chart.offeredPerGroup') : t('reports.chart.calls')}
        label={t('reports.chart.label', { offered: total, intervals: report.intervals.length })}
        options={options}
        data={data}
        series={series}
      />
      <Table caption={t('reports.volume')} hideCaption columns={columns} rows={rows} rowKey={(r) => r.key} empty={t('reports.none')} />
      <p class="report-definition" data-testid="report-definition">
        {t('reports.definition', { zone: report.timeZone })}
      </p>
    </div>
  );
}
