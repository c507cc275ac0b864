/**
 * The wall display (issue 11): made to be read across a room at 1920x1080. The wallboard's chosen
 * indicators as big figures (red past their threshold), "online N / monitoring M", agents by
 * state as bars (the consulted group included) and a tile per queue. Live from the event stream;
 * after a network drop the stream reconnects and the figures are read again by themselves.
 */
import { useEffect } from 'preact/hooks';
import { t } from '../i18n/i18n.js';
import { now, startClock } from '../kit/now.js';
import { markOf } from '../status-strip/indicator-marks.js';
import { AgentStateBars } from './AgentStateBars.js';
import { QueueBoard } from './QueueBoard.js';
import type { WallboardStore } from './wallboard-store.js';
import './wallboard.css';

export function WallboardView({ store }: { store: WallboardStore }) {
  useEffect(() => {
    startClock();
    document.title = t('wallboard.title');
    store.start();
    return () => store.stop();
  }, [store]);

  if (store.refused.value) {
    return (
      <main class="wallboard">
        <p class="wb-banner wb-refused" role="alert">
          {t('wallboard.tokenRefused')}
        </p>
      </main>
    );
  }
  const board = store.board.value;
  const offline = store.status.value === 'reconnecting' || store.status.value === 'connecting';
  return (
    <main class={`wallboard${offline && board ? ' is-stale' : ''}`} data-stream={store.status.value}>
      <h1 class="visually-hidden">{t('wallboard.title')}</h1>
      {offline && board && (
        <p class="wb-banner" role="status">
          {t('wallboard.reconnecting')}
        </p>
      )}
      {store.failed.value && !offline && (
        <p class="wb-banner" role="alert">
          {t('wallboard.loadFailed')}
        </p>
      )}
      {!board ? (
        <p class="wb-loading" role="status">
          {t('common.loading')}
        </p>
      ) : (
        <>
          <section class="wb-figures" aria-label={t('strip.label')}>
            {board.settings.indicators.map((key) => {
              const m = markOf(key, board.values, board.chat, board.settings.thresholds, board.at, now.value);
              return (
                <div key={key} class={`wb-figure${m.past ? ' past' : ''}`} data-indicator={key} data-past={m.past ? 'true' : 'false'}>
                  <span class="wb-figure-label">{m.label}</span>
                  <span class="wb-figure-value">{m.text}</span>
                  {m.past && m.threshold !== null && <span class="visually-hidden">{t('strip.pastThreshold', { threshold: m.threshold })}</span>}
                </div>
              );
            })}
          </section>
          <p class="wb-online" data-online={board.values.online ?? 0} data-monitoring={board.values.monitoring ?? 0}>
            <span>{t('wallboard.online')}</span> <strong>{board.values.online ?? 0}</strong>
            <span class="wb-sep">/</span>
            <span>{t('wallboard.monitoring')}</span> <strong>{board.values.monitoring ?? 0}</strong>
          </p>
          <div class="wb-lower">
            <AgentStateBars values={board.values} />
            <QueueBoard queues={board.queues} thresholds={board.settings.thresholds} at={board.at} now={now.value} />
          </div>
        </>
      )}
    </main>
  );
}
