/**
 * Pages live under /app/<name> (the daemon answers every /app/ path with this app). The current
 * page is a signal; moving between pages uses the history API, so Back works and nothing reloads.
 */
import { signal } from '@preact/signals';

export const APP_BASE = '/app/';

export interface Location {
  /** The page name: '' (home), 'login', 'toolbar', ... */
  page: string;
  /** What follows the page name: `/app/customers/c-1` has page 'customers', path ['c-1']. */
  path: string[];
  params: URLSearchParams;
}

export function parseLocation(pathname: string, search: string): Location {
  const rest = pathname.startsWith(APP_BASE) ? pathname.slice(APP_BASE.length) : '';
  const [page = '', ...path] = rest.replace(/\/+$/, '').split('/');
  return { page, path: path.filter((p) => p !== '').map(safeDecode), params: new URLSearchParams(search) };
}

/** A malformed escape in a hand-typed address stays as typed (the page then finds nothing). */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export const current = signal<Location>(parseLocation(location.pathname, location.search));

export function navigate(page: string, params?: Record<string, string>, options: { replace?: boolean } = {}): void {
  const query = params && Object.keys(params).length > 0 ? `?${new URLSearchParams(params).toString()}` : '';
  const url = `${APP_BASE}${page}${query}`;
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  current.value = parseLocation(location.pathname, location.search);
}

window.addEventListener('popstate', () => {
  current.value = parseLocation(location.pathname, location.search);
});

/** Goes to a full app URL (`/app/toolbar?x=1`), e.g. the page a login was asked from. */
export function goTo(url: string, options: { replace?: boolean } = {}): void {
  if (!url.startsWith(APP_BASE)) return;
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  current.value = parseLocation(location.pathname, location.search);
}
