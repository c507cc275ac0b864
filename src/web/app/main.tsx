/** The web app's entry: one bundle, every page (src/web/app/pages.tsx). */
import { render } from 'preact';
import '../kit/kit.css';
import { locale } from '../i18n/i18n.js';
import { startClock } from '../kit/now.js';
import { App } from './App.js';
import { WallboardByToken, wallboardTokenOf } from '../wallboard/WallboardByToken.js';
import { startAppWorker } from '../pwa/app-worker.js';

document.documentElement.lang = locale.value;
startClock();
// The installable app: offline shell, background notifications, the manifest in the user's language.
startAppWorker();
const root = document.getElementById('root');
// A wall display opened with its read-only token needs no session: it gets the wallboard alone.
const wallboardToken = wallboardTokenOf(location.pathname, location.search);
if (root) render(wallboardToken ? <WallboardByToken token={wallboardToken} /> : <App />, root);
