/**
 * The satisfaction tab: a uPlot chart of the average score per interval (grouped: per group, the
 * first eight) and the table of every interval and group with answers, the totals first, with
 * CSAT (the share of answers scoring 4 or 5) and how many answers gave each score. Points are
 * always drawn: answers are sparse, and a lone answer between two empty intervals has no line.
 */
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import type { SatisfactionReport, SatisfactionRow } from '../api/types.js';
import { locale, t } from '../i18n/i18n.js';
import { Table, type Column } from '../kit/Table.js';
import { groupLabel, ReportChart } from './ReportChart.js';
import { intervalFormatter } from './VolumeView.js';

const COLORS = ['#2563eb', '#15803d', '#b91c1c', '#7c3aed', '#c2410c', '#0e7490', '#a16207', '#be185d'];

type Row = Omit<SatisfactionRow, 'start' | 'end' | 'label'> & { key: string; when: string };

const percent = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);
const score = (v: number | null) => (v === null ? '–' : v.toFixed(2));


export function SatisfactionView({ report }: { report: SatisfactionReport }) {
  const lang = locale.value;
  const fmt = intervalFormatter(report, lang);
  const grouped = report.groupBy !== 'none';
  const series = useMemo(
    () =>
      report.groups.slice(0, COLORS.length).map((g, i) => ({
        label: grouped ? groupLabel(report.groupBy, g.id, g.name) : t('reports.sat.average'),
        color: COLORS[i] ?? '#000',
        // No answers: a gap in the line, not a score of 0.
        values: report.rows.filter((r) => r.groupId === g.id).map((r) => r.averageScore),
      })),
    [report, lang],
  );
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      ms: 1,
      scales: { x: { time: true }, y: { range: () => [0, 5] } },
      axes: [
        { label: t('reports.chart.time', { zone: report.timeZone }), values: (_u, splits) => splits.map((v) => fmt.format(v)), space: 80, size: 56 },
        { label: t('reports.sat.score'), values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')), size: 56 },
      ],
      series: [{ value: (_u, v) => (v === null ? '–' : fmt.format(v)) }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, points: { show: true, size: 6 }, spanGaps: false }))],
      cursor: { drag: { x: false, y: false } },
      legend: { show: false },
    }),
    [series, report.timeZone, lang],
  );
  const data = useMemo<uPlot.AlignedData>(() => [report.intervals.map((i) => i.start), ...series.map((s) => s.values)], [series, report]);
  const rows: Row[] = [
    ...report.totals.map(({ groupId, groupName, ...f }) => ({ ...f, groupId, groupName, key: `total:${groupId}`, when: t('reports.total') })),
    ...report.rows.filter((r) => r.responses > 0).map(({ start, end: _end, label: _label, ...r }) => ({ ...r, key: `${start}:${r.groupId}`, when: fmt.format(start) })),
  ];
  const columns: Column<Row>[] = [
    { key: 'when', header: t('reports.col.interval'), cell: (r) => <span class="nowrap">{r.when}</span> },
    ...(grouped ? [{ key: 'group', header: t('reports.col.group'), cell: (r: Row) => <span class="nowrap">{groupLabel(report.groupBy, r.groupId, r.groupName)}</span> }] : []),
    { key: 'responses', header: t('reports.sat.responses'), numeric: true, cell: (r) => r.responses },
    { key: 'average', header: t('reports.sat.average'), numeric: true, cell: (r) => score(r.averageScore) },
    { key: 'csat', header: t('reports.sat.csat'), numeric: true, cell: (r) => percent(r.csat) },
    ...[1, 2, 3, 4, 5].map((n) => ({ key: `s${n}`, header: t('reports.sat.scoreN', { n }), numeric: true, cell: (r: Row) => r.distribution[n - 1] ?? 0 })),
  ];
  const answers = report.totals.reduce((n, x) => n + x.responses, 0);
  return (
    <div class="report-satisfaction">
      <ReportChart id="satisfaction" caption={t('reports.sat.chart')} label={t('reports.sat.chartLabel', { answers, intervals: report.intervals.length })} options={options} data={data} series={series} />
      <Table caption={t('reports.satisfaction')} hideCaption columns={columns} rows={rows} rowKey={(r) => r.key} empty={t('reports.sat.none')} />
      <p class="report-definition" data-testid="satisfaction-definition">
        {t('reports.sat.definition', { zone: report.timeZone })}
      </p>
    </div>
  );
}
