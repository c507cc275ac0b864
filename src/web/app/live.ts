/**
 * The page's one event stream, open while someone is signed in. Pages subscribe to it for events
 * and for `resync` (re-read state after a reconnect); the header shows its connection state.
 */
import { signal } from '@preact/signals';
import { browserEventStream, type StreamStatus } from '../api/event-stream.js';
import { hasKey, t } from '../i18n/i18n.js';
import { showToast } from '../kit/toast-store.js';
import { sessionEnded } from './session.js';

export const stream = browserEventStream();
export const streamStatus = signal<StreamStatus>('ended');

stream.subscribe({
  status: (s) => {
    streamStatus.value = s;
  },
  ended: (code) => sessionEnded(code === 4401 ? 'login.expired' : 'login.forbidden'),
  // The daemon refused a message the page sent: a bug of the page, said, not swallowed.
  error: (code, message) => {
    const key = `error.${code}`;
    showToast('error', hasKey(key) ? t(key) : message, code);
  },
});

// Back online or back in front: try now instead of waiting for the back-off.
window.addEventListener('online', () => stream.nudge());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') stream.nudge();
});
