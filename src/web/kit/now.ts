/**
 * One clock for every timer on the page, ticking each second (one interval, not one per timer),
 * in the daemon's time (server-clock.ts) so durations match what supervisors see.
 */
import { signal } from '@preact/signals';
import { serverNow } from '../api/server-clock.js';

export const now = signal(serverNow());

let ticking: number | undefined;

export function startClock(): void {
  if (ticking !== undefined) return;
  const tick = () => {
    now.value = serverNow();
    // Next tick just after the next whole second, so every timer on screen changes together.
    ticking = window.setTimeout(tick, 1000 - (now.value % 1000) + 5);
  };
  tick();
}
