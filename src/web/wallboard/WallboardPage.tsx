/** /app/wallboard for a signed-in user with realtime.view: the wall display over their session's stream. */
import { useMemo } from 'preact/hooks';
import { stream } from '../app/live.js';
import type { Principal } from '../api/types.js';
import { WallboardStore } from './wallboard-store.js';
import { WallboardView } from './WallboardView.js';

export function WallboardPage(_props: { principal: Principal }) {
  const store = useMemo(() => new WallboardStore(stream), []);
  return <WallboardView store={store} />;
}
