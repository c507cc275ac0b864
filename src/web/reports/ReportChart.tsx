/** A report's chart: its caption, the uPlot canvas and a legend of its series (volume, satisfaction). */
import type uPlot from 'uplot';
import { t } from '../i18n/i18n.js';
import { UPlotChart } from '../kit/UPlotChart.js';

/** A group's name as a report shows it: "All", the media in words, else the queue's, team's or agent's name. */
export function groupLabel(groupBy: string, id: string, name: string): string {
  if (groupBy === 'none') return t('reports.all');
  if (groupBy === 'media') return t(id === 'chat' ? 'reports.media.chat' : 'reports.media.voice');
  return name;
}

export interface ChartSeries {
  label: string;
  color: string;
}

export function ReportChart({ id, caption, label, options, data, series }: { id: string; caption: string; label: string; options: Omit<uPlot.Options, 'width' | 'height'>; data: uPlot.AlignedData; series: readonly ChartSeries[] }) {
  return (
    <figure class="report-chart" data-chart={id}>
      <figcaption>{caption}</figcaption>
      <UPlotChart options={options} data={data} label={label} height={260} />
      <ul class="trend-legend">
        {series.map((s) => (
          <li key={s.label}>
            <span class="trend-swatch" style={{ background: s.color }} aria-hidden="true" />
            {s.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
