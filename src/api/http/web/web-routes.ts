/**
 * The web app (src/web, built by Vite into dist/web/app) under /app/. One process serves the pages
 * and the API. The files are deliberately public: they hold no data and no secret; everything a
 * page shows comes through the authenticated API and /api/ws.
 *
 *   /app               -> /app/
 *   /app/assets/<file> -> the hashed bundle files, cached for a year (a new build has new names)
 *   /app/sw.js         -> the service worker (src/web/pwa/sw.ts), revalidated each time so a new
 *                         build's worker is found on the next page load; its scope is /app/
 *   /app/manifest.webmanifest -> the web app manifest (web-manifest.ts), per ?lang=
 *   /app/icons/<file>  -> the app's icons (drawn at build time), revalidated after a day
 *   /app/<anything>    -> index.html, revalidated each time: the app routes /app/login,
 *                         /app/toolbar, ... itself, so a new page needs no change here
 *   /widget.js             -> the chat widget (dist/web/widget), embedded by any web site with one
 *                         script tag: deliberately public and cross-origin (it is loaded by pages
 *                         of other sites); it holds no secret, a visitor gets their own narrow
 *                         token from the widget socket. Revalidated after five minutes so a new
 *                         build reaches visitors without a hashed name in every site's tag.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/errors.js';
import { manifestLang, webManifest } from './web-manifest.js';

export interface WebRouteDeps {
  /** The built app (index.html + assets/); dist/web/app of this checkout by default. */
  dir?: string;
  /** The built chat widget (widget.js); dist/web/widget of this checkout by default. */
  widgetDir?: string;
}

const WIDGET_MAX_AGE_S = 300;

const YEAR_MS = 365 * 24 * 3600_000;
const DAY_MS = 24 * 3600_000;
/** An icon's name: one plain file under icons/, no way out of the folder. */
const ICON_FILE = /^icons\/[a-z0-9-]+\.(png|svg)$/;

export async function registerWebRoutes(app: FastifyInstance, deps: WebRouteDeps = {}): Promise<void> {
  const dir = deps.dir ?? path.join(defaultWebDir(), 'app');
  const widgetDir = deps.widgetDir ?? path.join(defaultWebDir(), 'widget');
  // serve: false: @fastify/static would register its own routes, without our access declaration.
  await app.register(fastifyStatic, { root: dir, serve: false, index: false });
  const page = { config: { access: 'public' as const }, schema: { summary: 'The web app (login, agent toolbar, ...): static files, no data', tags: ['web'] } };

  app.get('/app', page, async (_request, reply) => reply.redirect('/app/', 302));

  const worker = { config: { access: 'public' as const }, schema: { summary: 'The installed app\'s service worker (app shell for offline starts, notifications): no data', tags: ['web'] } };
  app.get('/app/sw.js', worker, async (_request, reply) => {
    if (!existsSync(path.join(dir, 'sw.js'))) throw new AppError('WEB_APP_NOT_BUILT', undefined, { dir });
    // no-cache: the browser asks for it again on each page load, so a new build's worker is found.
    return reply.header('cache-control', 'no-cache').header('service-worker-allowed', '/app/').sendFile('sw.js', { cacheControl: false });
  });

  const manifest = {
    config: { access: 'public' as const },
    schema: {
      summary: 'The web app manifest of the agent toolbar (installable on a phone), named in the language asked for',
      tags: ['web'],
      querystring: { type: 'object', properties: { lang: { type: 'string', maxLength: 10 } }, additionalProperties: false },
    },
  };
  app.get<{ Querystring: { lang?: string } }>('/app/manifest.webmanifest', manifest, async (request, reply) =>
    reply.header('cache-control', 'no-cache').type('application/manifest+json; charset=utf-8').send(JSON.stringify(webManifest(manifestLang(request.query.lang)))),
  );

  app.get<{ Params: { '*': string } }>('/app/*', page, async (request, reply) => {
    // Checked per request, not at start: a build made while the daemon runs is served at once.
    if (!existsSync(path.join(dir, 'index.html'))) throw new AppError('WEB_APP_NOT_BUILT', undefined, { dir });
    const file = request.params['*'] ?? '';
    if (file.startsWith('assets/')) {
      return reply.sendFile(file, { maxAge: YEAR_MS, immutable: true });
    }
    if (ICON_FILE.test(file) && existsSync(path.join(dir, file))) return reply.sendFile(file, { maxAge: DAY_MS });
    // Any other path is a page of the app (or a page that does not exist: the app says so).
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });

  const widget = { config: { access: 'public' as const }, schema: { summary: 'The chat widget script a web site embeds (<script src=".../widget.js" data-queue="...">): no data', tags: ['web', 'chat'] } };
  app.get('/widget.js', widget, async (_request, reply) => {
    if (!existsSync(path.join(widgetDir, 'widget.js'))) throw new AppError('WEB_APP_NOT_BUILT', undefined, { dir: widgetDir });
    // Helmet's same-origin resource policy would stop every other site from running the script.
    return reply
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('cache-control', `public, max-age=${WIDGET_MAX_AGE_S}`)
      .sendFile('widget.js', widgetDir, { cacheControl: false });
  });
}

function defaultWebDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new AppError('CONFIG_INVALID', 'Cannot find the package root to serve the web app from');
    dir = parent;
  }
  return path.join(dir, 'dist', 'web');
}
