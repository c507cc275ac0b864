/**
 * The quality report: the average final score per interval as a chart, and a table by agent, team
 * or item (items: the average share of the item earned, the weakest first). Drafts never count; a
 * dispute resolved as revised counts with its revised score (the definitions under the table).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { qa } from '../api/endpoints.js';
import type { QaGrouping, QaReport, ReportInterval, Scorecard } from '../api/types.js';
import { locale, t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { Table } from '../kit/Table.js';
import { ReportChart } from '../reports/ReportChart.js';
import { dateField, dayStart, scoreText, type QaNames } from './qa-names.js';

const DAY = 86_400_000;
const GROUPS: QaGrouping[] = ['agent', 'team', 'item'];
const INTERVALS: ReportInterval[] = ['day', 'week', 'month'];

export function QaReportView({ cards, names }: { cards: Scorecard[]; names: QaNames }) {
  const [from, setFrom] = useState(() => dateField(Date.now() - 28 * DAY));
  const [to, setTo] = useState(() => dateField(Date.now()));
  const [groupBy, setGroupBy] = useState<QaGrouping>('agent');
  const [interval, setInterval] = useState<ReportInterval>('week');
  const [cardId, setCardId] = useState('');
  const [report, setReport] = useState<QaReport | undefined>(undefined);
  const [busy, run] = useAction();
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  const show = () =>
    run('qa.loadReport', async () => {
      const q = new URLSearchParams({ from: String(dayStart(from)), to: String(dayStart(to) + DAY), groupBy, interval, tz: timeZone });
      if (cardId) q.set('scorecardId', cardId);
      setReport(await qa.report(q));
    });
  useEffect(() => {
    void show();
  }, [groupBy]);

  const lang = locale.value;
  const fmt = new Intl.DateTimeFormat(lang, { timeZone, month: 'short', day: 'numeric', ...(interval === 'month' ? { year: 'numeric' } : {}) });
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      ms: 1,
      scales: { x: { time: true }, y: { range: () => [0, 100] } },
      axes: [
        { label: t('reports.chart.time', { zone: timeZone }), values: (_u, splits) => splits.map((v) => fmt.format(v)), space: 80, size: 56 },
        { label: t('qa.col.average'), size: 56 },
      ],
      series: [{ value: (_u, v) => (v === null ? '–' : fmt.format(v)) }, { label: t('qa.col.average'), stroke: '#2563eb', width: 2, points: { show: true, size: 6 }, spanGaps: false }],
      cursor: { drag: { x: false, y: false } },
      legend: { show: false },
    }),
    [report, lang],
  );
  const data = useMemo<uPlot.AlignedData>(() => [report?.trend.map((p) => p.start) ?? [], report?.trend.map((p) => p.average) ?? []], [report]);
  const rowName = (key: string, label?: string) => (groupBy === 'agent' ? names.agent(key) : groupBy === 'team' ? names.team(key) : (label ?? key));

  return (
    <div class="qa-report">
      <form
        class="panel qa-form-row"
        aria-label={t('qa.tab.report')}
        onSubmit={(e) => {
          e.preventDefault();
          void show();
        }}
      >
        <Field id="qa-r-from" label={t('qa.from')}>
          <input id="qa-r-from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </Field>
        <Field id="qa-r-to" label={t('qa.to')}>
          <input id="qa-r-to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </Field>
        <Field id="qa-r-group" label={t('reports.groupBy')}>
          <select id="qa-r-group" value={groupBy} onChange={(e) => setGroupBy(e.currentTarget.value as QaGrouping)}>
            {GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(g === 'agent' ? 'qa.col.agent' : g === 'team' ? 'qa.col.team' : 'qa.col.item')}
              </option>
            ))}
          </select>
        </Field>
        <Field id="qa-r-interval" label={t('reports.interval')}>
          <select id="qa-r-interval" value={interval} onChange={(e) => setInterval(e.currentTarget.value as ReportInterval)}>
            {INTERVALS.map((i) => (
              <option key={i} value={i}>
                {t(i === 'day' ? 'reports.interval.day' : i === 'week' ? 'reports.interval.week' : 'reports.interval.month')}
              </option>
            ))}
          </select>
        </Field>
        <Field id="qa-r-card" label={t('qa.scorecard')}>
          <select id="qa-r-card" value={cardId} onChange={(e) => setCardId(e.currentTarget.value)}>
            <option value="">{t('qa.allScorecards')}</option>
            {cards.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <div class="filter-actions">
          <Button label={t('reports.show')} type="submit" variant="primary" data-action="show-report" busy={busy === 'qa.loadReport'} />
        </div>
      </form>
      {report && (
        <section class="panel" data-report-total={report.total.evaluations}>
          <p class="qa-summary">{t('qa.summary', { n: report.total.evaluations, avg: scoreText(report.total.average), critical: report.total.criticalFailed, disputed: report.total.disputed })}</p>
          <ReportChart id="qa-trend" caption={t('qa.trend')} label={t('qa.trend')} options={options} data={data} series={[{ label: t('qa.col.average'), color: '#2563eb' }]} />
          <Table
            caption={t('qa.tab.report')}
            hideCaption
            rows={report.rows}
            rowKey={(r) => r.key}
            empty={t('qa.report.empty')}
            columns={[
              { key: 'name', header: t(groupBy === 'agent' ? 'qa.col.agent' : groupBy === 'team' ? 'qa.col.team' : 'qa.col.item'), cell: (r) => rowName(r.key, r.label) },
              { key: 'n', header: t('qa.col.evaluations'), numeric: true, cell: (r) => r.evaluations },
              { key: 'avg', header: t(groupBy === 'item' ? 'qa.col.itemAverage' : 'qa.col.average'), numeric: true, cell: (r) => scoreText(r.average) },
              ...(groupBy === 'item'
                ? []
                : [
                    { key: 'crit', header: t('qa.col.criticalFailed'), numeric: true, cell: (r: QaReport['rows'][number]) => r.criticalFailed },
                    { key: 'disp', header: t('qa.col.disputed'), numeric: true, cell: (r: QaReport['rows'][number]) => r.disputed },
                  ]),
            ]}
          />
          <p class="muted qa-definition">{t('qa.definition')}</p>
        </section>
      )}
    </div>
  );
}
