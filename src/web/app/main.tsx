/** The web app's entry: one bundle, every page (src/web/app/pages.tsx). */
import { render } from 'preact';
import '../kit/kit.css';
import { locale } from '../i18n/i18n.js';
import { startClock } from '../kit/now.js';
import { App } from './App.js';

document.documentElement.lang = locale.value;
startClock();
const root = document.getElementById('root');
if (root) render(<App />, root);
