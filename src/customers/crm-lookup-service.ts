/**
 * Asks the configured CRM endpoint about a caller or a chat visitor, within the admin's time
 * limit, and never lets its failure reach the contact: a timeout, an HTTP error, an unreachable
 * host or a body that is not the documented JSON all answer "nothing known" (the contact goes on
 * with what Switchboard knows), are logged with their context (never the secret header) and
 * counted. Answers (and "unknown here") are kept for the configured TTL, and one question in
 * flight serves everyone who asks the same meanwhile (the IVR's early ask and the screen-pop).
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import {
  checkCrmSettings,
  DEFAULT_CRM_SETTINGS,
  parseCrmAnswer,
  routingFor,
  type CrmAnswer,
  type CrmRouting,
  type CrmSettings,
  type CrmSettingsInput,
  type CrmSettingsView,
} from './crm-lookup.js';

/** Who is asked about: a caller by number, or a chat visitor with the identities known for them. */
export type CrmSubject = { kind: 'caller'; phone: string } | { kind: 'visitor'; visitorId: string; identities: { kind: string; value: string }[] };

export type CrmOutcome = 'answer' | 'not_found' | 'timeout' | 'http_error' | 'unreachable' | 'bad_answer' | 'disabled';

export interface CrmLookupResult {
  outcome: CrmOutcome;
  answer?: CrmAnswer;
  /** Served from the cache (no request made). */
  cached: boolean;
  /** A failure's reason, for the admin's test button and the log (never holds the secret). */
  error?: string;
  httpStatus?: number;
  elapsedMs: number;
}

export type CrmHttpResult = { kind: 'answered'; status: number; body: unknown } | { kind: 'timeout' } | { kind: 'unreachable'; error: string };

export interface CrmHttpRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/** The one HTTP request the lookup makes (src/outbound-http/crm-client.ts); never throws. */
export interface CrmHttp {
  ask(request: CrmHttpRequest): Promise<CrmHttpResult>;
}

export interface CrmSettingsStore {
  load(): Promise<{ settings: CrmSettings; secret: string | null } | undefined>;
  /** `secret` undefined keeps the stored one. */
  save(settings: CrmSettings, secret: string | null | undefined): Promise<void>;
}

export interface CrmLookupDeps {
  store: CrmSettingsStore;
  http: CrmHttp;
  clock: Clock;
  log: Logger;
  /** Each lookup's outcome (switchboard_crm_lookups_total). */
  counted(outcome: CrmOutcome, source: 'endpoint' | 'cache'): void;
  /** The media of a queue id, to check routing rules (undefined: no such queue). */
  queueMedia(queueId: string): Promise<string | undefined>;
}

const MAX_CACHE_ENTRIES = 10_000;

interface CacheEntry {
  at: number;
  result: Promise<CrmLookupResult>;
  /** Settled as an answer or not-found: only those are kept past their request. */
  keep: boolean;
}

export class CrmLookupService {
  private settings: CrmSettings = DEFAULT_CRM_SETTINGS;
  private secret: string | null = null;
  private readonly cache = new Map<string, CacheEntry>();

  constructor(private readonly d: CrmLookupDeps) {}

  async load(): Promise<void> {
    const stored = await this.d.store.load();
    if (stored) {
      this.settings = stored.settings;
      this.secret = stored.secret;
    }
  }

  view(): CrmSettingsView {
    return { ...this.settings, headers: { ...this.settings.headers }, routing: this.settings.routing.map((r) => ({ ...r })), secretSet: this.secret !== null };
  }

  enabled(): boolean {
    return this.settings.enabled && this.settings.url !== '';
  }

  async save(input: CrmSettingsInput): Promise<CrmSettingsView> {
    const queues = new Map<string, string | undefined>();
    for (const r of input.routing) for (const id of [r.voiceQueueId, r.chatQueueId]) if (id !== undefined && !queues.has(id)) queues.set(id, await this.d.queueMedia(id));
    const settings = checkCrmSettings(input, (id) => queues.get(id));
    const secret = input.secret === undefined ? undefined : input.secret === null || input.secret === '' ? null : input.secret;
    await this.d.store.save(settings, secret);
    this.settings = settings;
    if (secret !== undefined) this.secret = secret;
    // Answers were given under the old settings (another endpoint, other rules).
    this.cache.clear();
    return this.view();
  }

  /** What the endpoint knows (cached for the TTL); never rejects. */
  lookup(subject: CrmSubject): Promise<CrmLookupResult> {
    if (!this.enabled()) return Promise.resolve({ outcome: 'disabled', cached: false, elapsedMs: 0 });
    const key = cacheKey(subject);
    const now = this.d.clock.now();
    const hit = this.cache.get(key);
    if (hit && !hit.keep) return hit.result;
    if (hit && now - hit.at < this.settings.cacheTtlSeconds * 1000) {
      return hit.result.then((r) => {
        this.d.counted(r.outcome, 'cache');
        return { ...r, cached: true, elapsedMs: 0 };
      });
    }
    if (hit) this.cache.delete(key);
    const entry: CacheEntry = { at: now, keep: false, result: Promise.resolve({ outcome: 'disabled', cached: false, elapsedMs: 0 }) };
    entry.result = this.ask(subject).then((r) => {
      if ((r.outcome === 'answer' || r.outcome === 'not_found') && this.settings.cacheTtlSeconds > 0 && this.cache.get(key) === entry) {
        entry.keep = true;
        entry.at = this.d.clock.now();
      } else if (this.cache.get(key) === entry) this.cache.delete(key);
      return r;
    });
    this.cache.set(key, entry);
    while (this.cache.size > MAX_CACHE_ENTRIES) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
    return entry.result;
  }

  /** The admin's test button: one real request, past the cache, the outcome told as it is. */
  test(subject: CrmSubject): Promise<CrmLookupResult> {
    if (this.settings.url === '') return Promise.resolve({ outcome: 'disabled', cached: false, elapsedMs: 0 });
    return this.ask(subject);
  }

  /** The routing a subject's answer asks for (nothing when the lookup failed or names no rule's level). */
  async routing(subject: CrmSubject, media: 'voice' | 'chat'): Promise<CrmRouting | undefined> {
    if (!this.enabled() || this.settings.routing.length === 0) return undefined;
    const result = await this.lookup(subject);
    return result.answer ? routingFor(result.answer, this.settings.routing, media) : undefined;
  }

  private async ask(subject: CrmSubject): Promise<CrmLookupResult> {
    const s = this.settings;
    const started = this.d.clock.now();
    const request = buildRequest(s, this.secret, subject);
    const res = await this.d.http.ask(request);
    const elapsedMs = this.d.clock.now() - started;
    const result = interpret(res, elapsedMs);
    this.d.counted(result.outcome, 'endpoint');
    if (result.outcome !== 'answer' && result.outcome !== 'not_found') {
      // The endpoint's address without its query; the headers (and so the secret) never.
      const endpoint = endpointOf(s.url);
      this.d.log.warn({ endpoint, subject: subject.kind, outcome: result.outcome, httpStatus: result.httpStatus, elapsedMs, timeoutMs: s.timeoutMs, reason: result.error }, 'CRM lookup failed: the contact goes on with what Switchboard knows');
    }
    return result;
  }
}

function interpret(res: CrmHttpResult, elapsedMs: number): CrmLookupResult {
  if (res.kind === 'timeout') return { outcome: 'timeout', cached: false, elapsedMs, error: 'no answer within the time limit' };
  if (res.kind === 'unreachable') return { outcome: 'unreachable', cached: false, elapsedMs, error: res.error };
  if (res.status === 404) return { outcome: 'not_found', cached: false, elapsedMs, httpStatus: 404 };
  if (res.status < 200 || res.status >= 300) return { outcome: 'http_error', cached: false, elapsedMs, httpStatus: res.status, error: `the endpoint answered HTTP ${res.status}` };
  const answer = parseCrmAnswer(res.body);
  if (!answer) return { outcome: 'bad_answer', cached: false, elapsedMs, httpStatus: res.status, error: 'the answer is not a JSON object' };
  return { outcome: 'answer', answer, cached: false, elapsedMs, httpStatus: res.status };
}

/** GET puts the subject in the query string; POST sends it as JSON (docs/crm-lookup.md). */
export function buildRequest(s: CrmSettings, secret: string | null, subject: CrmSubject): CrmHttpRequest {
  const headers: Record<string, string> = { accept: 'application/json', ...s.headers };
  if (secret !== null && s.secretHeader !== '') headers[s.secretHeader] = secret;
  const payload = subject.kind === 'caller' ? { phone: subject.phone } : { visitorId: subject.visitorId, identities: subject.identities };
  if (s.method === 'POST') return { url: s.url, method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(payload), timeoutMs: s.timeoutMs };
  const url = new URL(s.url);
  if (subject.kind === 'caller') url.searchParams.set('phone', subject.phone);
  else {
    url.searchParams.set('visitorId', subject.visitorId);
    for (const i of subject.identities) url.searchParams.append(i.kind, i.value);
  }
  return { url: url.toString(), method: 'GET', headers, timeoutMs: s.timeoutMs };
}

function cacheKey(subject: CrmSubject): string {
  return subject.kind === 'caller' ? `c:${subject.phone}` : `v:${subject.visitorId}:${subject.identities.map((i) => `${i.kind}=${i.value}`).join(',')}`;
}

function endpointOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return 'unparsable URL';
  }
}
