/**
 * The agents tab: per agent and day from the agent-state trail. A uPlot chart of each agent's
 * logged-in time split into available, on contact, wrap-up and not ready (stacked totals over the
 * range), and the table of every agent-day.
 */
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import type { AgentsReport, AgentDayRow } from '../api/types.js';
import { formatDuration } from '../i18n/format.js';
import { locale, t } from '../i18n/i18n.js';
import { Table, type Column } from '../kit/Table.js';
import { UPlotChart } from '../kit/UPlotChart.js';

const percent = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);

export function AgentsView({ report, reasonLabel }: { report: AgentsReport; reasonLabel: (code: string) => string }) {
  const lang = locale.value;
  const time = new Intl.DateTimeFormat(lang, { timeZone: report.timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });
  const date = new Intl.DateTimeFormat(lang, { timeZone: report.timeZone, month: 'short', day: 'numeric', weekday: 'short' });
  // Hours per day over the range, one series per kind of time: the floor's shape day by day.
  const days = useMemo(() => [...new Set(report.rows.map((r) => r.dayStart))].sort((a, b) => a - b), [report]);
  const kinds = useMemo(
    () => [
      { label: t('reports.agents.loggedIn'), color: '#2563eb', pick: (r: AgentDayRow) => r.loggedInMs },
      { label: t('reports.agents.available'), color: '#15803d', pick: (r: AgentDayRow) => r.availableMs },
      { label: t('reports.agents.onContact'), color: '#7c3aed', pick: (r: AgentDayRow) => r.onContactMs },
      { label: t('reports.agents.notReady'), color: '#b91c1c', pick: (r: AgentDayRow) => r.notReadyMs },
    ],
    [lang],
  );
  const data = useMemo<uPlot.AlignedData>(
    () => [days, ...kinds.map((k) => days.map((d) => report.rows.filter((r) => r.dayStart === d).reduce((n, r) => n + k.pick(r), 0) / 3_600_000))],
    [days, kinds, report],
  );
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      ms: 1,
      // Half a day either side, one tick per day: the points stand on their day, never on an edge.
      scales: { x: { time: true, range: (_u, min, max) => [min - 43_200_000, max + 43_200_000] }, y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] } },
      axes: [
        { label: t('reports.chart.day', { zone: report.timeZone }), splits: () => days, values: (_u, splits) => splits.map((v) => date.format(v)), space: 90, size: 56 },
        { label: t('reports.chart.hours'), size: 56 },
      ],
      series: [{ value: (_u, v) => (v === null ? '–' : date.format(v)) }, ...kinds.map((k) => ({ label: k.label, stroke: k.color, width: 2, points: { size: 7 } }))],
      cursor: { drag: { x: false, y: false } },
      legend: { show: false },
    }),
    [kinds, days, report.timeZone, lang],
  );
  const columns: Column<AgentDayRow>[] = [
    { key: 'date', header: t('reports.agents.date'), cell: (r) => <span class="nowrap">{date.format(r.dayStart)}</span> },
    { key: 'agent', header: t('reports.agents.agent'), cell: (r) => r.agentName },
    { key: 'loggedIn', header: t('reports.agents.loggedIn'), numeric: true, cell: (r) => formatDuration(r.loggedInMs) },
    { key: 'available', header: t('reports.agents.available'), numeric: true, cell: (r) => formatDuration(r.availableMs) },
    {
      key: 'notReady',
      header: t('reports.agents.notReady'),
      numeric: true,
      cell: (r) => (
        <span title={Object.entries(r.notReadyByReason).map(([k, v]) => `${k ? reasonLabel(k) : t('reports.agents.noReason')}: ${formatDuration(v)}`).join('\n')}>
          {formatDuration(r.notReadyMs)}
          {Object.keys(r.notReadyByReason).length > 0 && (
            <span class="reasons">
              {Object.entries(r.notReadyByReason)
                .map(([k, v]) => `${k ? reasonLabel(k) : t('reports.agents.noReason')} ${formatDuration(v)}`)
                .join(' · ')}
            </span>
          )}
        </span>
      ),
    },
    { key: 'occupancy', header: t('reports.agents.occupancy'), numeric: true, cell: (r) => percent(r.occupancy) },
    { key: 'handled', header: t('reports.agents.handled'), numeric: true, cell: (r) => r.handled },
    { key: 'perHour', header: t('reports.agents.perHour'), numeric: true, cell: (r) => (r.handledPerHour === null ? '–' : r.handledPerHour.toFixed(1)) },
    { key: 'missed', header: t('reports.agents.missed'), numeric: true, cell: (r) => r.missedOffers },
    { key: 'first', header: t('reports.agents.firstLogin'), numeric: true, cell: (r) => (r.firstLogin === null ? '–' : time.format(r.firstLogin)) },
    { key: 'last', header: t('reports.agents.lastLogout'), numeric: true, cell: (r) => (r.lastLogout === null ? '–' : time.format(r.lastLogout)) },
  ];
  return (
    <div class="report-agents">
      <figure class="report-chart" data-chart="agents">
        <figcaption>{t('reports.chart.agentHours')}</figcaption>
        <UPlotChart options={options} data={data} label={t('reports.chart.agentsLabel', { days: days.length })} height={240} />
        <ul class="trend-legend">
          {kinds.map((k) => (
            <li key={k.label}>
              <span class="trend-swatch" style={{ background: k.color }} aria-hidden="true" />
              {k.label}
            </li>
          ))}
        </ul>
      </figure>
      <Table caption={t('reports.agents')} hideCaption columns={columns} rows={report.rows} rowKey={(r) => `${r.dayStart}:${r.agentId}`} empty={t('reports.agents.none')} />
      <p class="report-definition">{t('reports.agents.definition', { zone: report.timeZone })}</p>
    </div>
  );
}
