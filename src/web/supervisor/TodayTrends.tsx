/**
 * Two uPlot charts of the day per 15-minute interval: calls (inbound offered / answered /
 * abandoned, outbound dialed / answered) and agents by state. The time axis is in the center's
 * time zone, written the way the chosen language writes times.
 */
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import type { TodayTrends, TrendAgentState } from '../api/types.js';
import { locale, t } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { UPlotChart } from '../kit/UPlotChart.js';

const CALL_SERIES = [
  { field: 'inboundOffered', key: 'supervisor.trends.inboundOffered', color: '#2563eb' },
  { field: 'inboundAnswered', key: 'supervisor.trends.inboundAnswered', color: '#15803d' },
  { field: 'inboundAbandoned', key: 'supervisor.trends.inboundAbandoned', color: '#b91c1c' },
  { field: 'outboundDialed', key: 'supervisor.trends.outboundDialed', color: '#7c3aed' },
  { field: 'outboundAnswered', key: 'supervisor.trends.outboundAnswered', color: '#c2410c' },
] as const;

const AGENT_SERIES: { state: TrendAgentState; key: MessageKey; color: string }[] = [
  { state: 'available', key: 'state.available', color: '#15803d' },
  { state: 'on_contact', key: 'state.on_contact', color: '#2563eb' },
  { state: 'wrap_up', key: 'state.wrap_up', color: '#a16207' },
  { state: 'not_ready', key: 'state.not_ready', color: '#b91c1c' },
];

function chartOptions(timeZone: string, lang: string, yLabel: string, series: { label: string; color: string }[]): Omit<uPlot.Options, 'width' | 'height'> {
  const hhmm = new Intl.DateTimeFormat(lang, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return {
    ms: 1,
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] } },
    axes: [
      { label: t('supervisor.trends.time', { zone: timeZone }), values: (_u, splits) => splits.map((v) => hhmm.format(v)), space: 60 },
      { label: yLabel, values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) },
    ],
    series: [{ value: (_u, v) => (v === null ? '–' : hhmm.format(v)) }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, points: { size: 5 } }))],
    cursor: { drag: { x: false, y: false } },
    // Our own legend below (translated, wraps with the width): uPlot's is a table the page's table styles reach.
    legend: { show: false },
  };
}

function Legend({ series }: { series: readonly { key: MessageKey; color: string }[] }) {
  return (
    <ul class="trend-legend">
      {series.map((s) => (
        <li key={s.key}>
          <span class="trend-swatch" style={{ background: s.color }} aria-hidden="true" />
          {t(s.key)}
        </li>
      ))}
    </ul>
  );
}

export function TodayTrendsCharts({ trends }: { trends: TodayTrends }) {
  const lang = locale.value;
  const callOptions = useMemo(
    () => chartOptions(trends.timeZone, lang, t('supervisor.trends.callCount'), CALL_SERIES.map((s) => ({ label: t(s.key), color: s.color }))),
    [trends.timeZone, lang],
  );
  const agentOptions = useMemo(
    () => chartOptions(trends.timeZone, lang, t('supervisor.trends.agentCount'), AGENT_SERIES.map((s) => ({ label: t(s.key), color: s.color }))),
    [trends.timeZone, lang],
  );
  const xs = trends.intervals.map((i) => i.start);
  const callData = useMemo<uPlot.AlignedData>(() => [xs, ...CALL_SERIES.map((s) => trends.intervals.map((i) => i[s.field]))], [trends]);
  const agentData = useMemo<uPlot.AlignedData>(() => [xs, ...AGENT_SERIES.map((s) => trends.intervals.map((i) => i.agents[s.state]))], [trends]);
  const total = (f: (typeof CALL_SERIES)[number]['field']) => trends.intervals.reduce((n, i) => n + i[f], 0);
  return (
    <section class="sup-today-trends" aria-label={t('supervisor.trends.title')}>
      <figure class="trend" data-chart="calls">
        <figcaption>{t('supervisor.trends.calls')}</figcaption>
        <UPlotChart
          options={callOptions}
          data={callData}
          label={t('supervisor.trends.callsLabel', { offered: total('inboundOffered'), answered: total('inboundAnswered'), abandoned: total('inboundAbandoned'), dialed: total('outboundDialed') })}
        />
        <Legend series={CALL_SERIES} />
      </figure>
      <figure class="trend" data-chart="agents">
        <figcaption>{t('supervisor.trends.agents')}</figcaption>
        <UPlotChart options={agentOptions} data={agentData} label={t('supervisor.trends.agentsLabel')} />
        <Legend series={AGENT_SERIES} />
      </figure>
    </section>
  );
}
