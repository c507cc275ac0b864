/** The supervisor console's "Today so far": the Today table and the day's trend charts, live. */
import { useEffect, useMemo } from 'preact/hooks';
import type { EventStream } from '../api/event-stream.js';
import { t } from '../i18n/i18n.js';
import { TodayStore } from './today-store.js';
import { TodayTable } from './TodayTable.js';
import { TodayTrendsCharts } from './TodayTrends.js';
import './today.css';

export function TodaySection({ stream }: { stream: EventStream }) {
  const store = useMemo(() => new TodayStore(stream), [stream]);
  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);
  const figures = store.figures.value;
  const trends = store.trends.value;
  return (
    <section class="sup-today" aria-labelledby="today-title">
      <h2 id="today-title">{t('supervisor.today.title')}</h2>
      {!figures ? <p role="status">{t('common.loading')}</p> : <TodayTable figures={figures} />}
      {trends && <TodayTrendsCharts trends={trends} />}
    </section>
  );
}
