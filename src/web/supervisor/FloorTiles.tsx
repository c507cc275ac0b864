/**
 * The floor counts as tiles (definitions: src/supervision/floor-indicators.ts). Each tile is
 * focusable; hovering or focusing it shows its breakdown, which screen readers get as the tile's
 * description.
 */
import type { FloorCounts } from '../api/types.js';
import { formatDuration } from '../i18n/format.js';
import { t, type MessageKey } from '../i18n/i18n.js';

interface Part {
  key: string;
  label: string;
  value: number;
}

interface TileDef {
  id: string;
  title: MessageKey;
  value: string;
  parts: Part[];
  /** Shown under the value (the longest wait). */
  note?: string;
}

const sum = (parts: Part[]) => parts.reduce((a, p) => a + p.value, 0);

function phaseParts(prefix: string, c: { ringing: number; talking: number; onHold: number }, ringing: MessageKey): Part[] {
  return [
    { key: `${prefix}.ringing`, label: t(ringing), value: c.ringing },
    { key: `${prefix}.talking`, label: t('supervisor.phase.talking'), value: c.talking },
    { key: `${prefix}.onHold`, label: t('supervisor.phase.onHold'), value: c.onHold },
  ];
}

export function tilesOf(f: FloorCounts, reasonLabel: (code: string) => string): TileDef[] {
  const a = f.agents;
  const notReady: Part[] = Object.entries(a.notReady)
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([code, n]) => ({ key: `notReady.${code}`, label: code === 'unknown' ? t('supervisor.reasonUnknown') : reasonLabel(code), value: n }));
  const handling = phaseParts('handling', a.handling, 'supervisor.phase.ringing');
  const dialing = phaseParts('dialingOut', a.dialingOut, 'supervisor.phase.dialing');
  const consulted: Part[] = [
    { key: 'consulted.ringing', label: t('supervisor.phase.ringing'), value: a.consulted.ringing },
    { key: 'consulted.threeWay', label: t('supervisor.phase.threeWay'), value: a.consulted.threeWay },
    { key: 'consulted.transferConsult', label: t('supervisor.phase.transferConsult'), value: a.consulted.transferConsult },
  ];
  const s = f.supervisors;
  const monitoring: Part[] = [
    { key: 'listening', label: t('supervisor.phase.listening'), value: s.listening },
    { key: 'barging', label: t('supervisor.phase.barging'), value: s.barging },
    { key: 'supervisorHandling', label: t('supervisor.tile.handling'), value: s.handling },
    { key: 'supervisorDialingOut', label: t('supervisor.tile.dialingOut'), value: s.dialingOut },
  ];
  const online: Part[] = [
    { key: 'available', label: t('state.available'), value: a.available },
    { key: 'notReady', label: t('state.not_ready'), value: sum(notReady) },
    { key: 'wrapUp', label: t('state.wrap_up'), value: a.wrapUp },
    { key: 'outboundIdle', label: t('supervisor.tile.outboundIdle'), value: a.outboundIdle },
    { key: 'handling', label: t('supervisor.tile.handling'), value: sum(handling) },
    { key: 'dialingOut', label: t('supervisor.tile.dialingOut'), value: sum(dialing) },
    { key: 'consulted', label: t('supervisor.tile.consulted'), value: sum(consulted) },
  ];
  const c = f.calls;
  const n = (v: number) => String(v);
  return [
    { id: 'online', title: 'supervisor.tile.online', value: n(a.online), parts: online },
    { id: 'available', title: 'state.available', value: n(a.available), parts: [] },
    { id: 'notReady', title: 'state.not_ready', value: n(sum(notReady)), parts: notReady },
    { id: 'wrapUp', title: 'state.wrap_up', value: n(a.wrapUp), parts: [] },
    { id: 'handling', title: 'supervisor.tile.handling', value: n(sum(handling)), parts: handling },
    { id: 'dialingOut', title: 'supervisor.tile.dialingOut', value: n(sum(dialing)), parts: dialing },
    { id: 'consulted', title: 'supervisor.tile.consulted', value: n(sum(consulted)), parts: consulted },
    { id: 'monitoring', title: 'supervisor.tile.monitoring', value: n(sum(monitoring)), parts: monitoring },
    { id: 'inProgress', title: 'supervisor.tile.inProgress', value: n(c.inboundInProgress), parts: [{ key: 'outbound', label: t('supervisor.tile.outboundCalls'), value: c.outboundInProgress }] },
    { id: 'waiting', title: 'supervisor.tile.waiting', value: n(c.waiting), parts: [], note: t('supervisor.longestWait', { time: formatDuration(c.longestWaitMs) }) },
    { id: 'inIvr', title: 'supervisor.tile.inIvr', value: n(c.inIvr), parts: [] },
  ];
}

export function FloorTiles({ floor, reasonLabel }: { floor: FloorCounts; reasonLabel: (code: string) => string }) {
  return (
    <section class="floor-tiles" aria-label={t('supervisor.floor')}>
      {tilesOf(floor, reasonLabel).map((tile) => {
        const descId = `tile-${tile.id}-parts`;
        return (
          <div key={tile.id} class="tile" data-tile={tile.id} tabIndex={0} aria-describedby={tile.parts.length > 0 ? descId : undefined}>
            <span class="tile-title">{t(tile.title)}</span>
            <span class="tile-value">{tile.value}</span>
            {tile.note && <span class="tile-note">{tile.note}</span>}
            {tile.parts.length > 0 && (
              <dl class="tile-parts" id={descId}>
                {tile.parts.map((p) => (
                  <div key={p.key} data-part={p.key}>
                    <dt>{p.label}</dt>
                    <dd>{p.value}</dd>
                  </div>
                ))}
              </dl>
            )}
          </div>
        );
      })}
    </section>
  );
}
