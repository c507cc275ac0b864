/**
 * The optional CRM lookup: an HTTP endpoint an admin configures, asked about a caller (their
 * E.164 number) or a chat visitor (visitor id and the identities Switchboard knows), whose answer
 * shows in the screen-pop and the chat workspace and may steer routing (a level that sends the
 * contact to another queue or raises its priority). Pure rules here; the service is
 * crm-lookup-service.ts, the wire format docs/crm-lookup.md.
 */
import { validationError, type FieldProblem } from '../core/errors.js';

export const CRM_METHODS = ['GET', 'POST'] as const;
export type CrmMethod = (typeof CRM_METHODS)[number];

/** One level's effect on routing: another queue (per media) and/or a priority at least this high. */
export interface CrmRoutingRule {
  level: string;
  voiceQueueId?: string;
  chatQueueId?: string;
  priority?: number;
}

/** What an admin configures; the secret is kept apart and never shown again. */
export interface CrmSettings {
  enabled: boolean;
  url: string;
  method: CrmMethod;
  /** Plain headers (no secrets: they are shown to admins). */
  headers: Record<string, string>;
  /** The header that carries the secret (`Authorization`, `X-Api-Key`); empty: none sent. */
  secretHeader: string;
  timeoutMs: number;
  cacheTtlSeconds: number;
  routing: CrmRoutingRule[];
}

/** The settings as an admin's browser sees them: whether a secret is stored, never its value. */
export interface CrmSettingsView extends CrmSettings {
  secretSet: boolean;
}

/** A change: `secret` omitted keeps the stored one, null removes it. */
export interface CrmSettingsInput extends CrmSettings {
  secret?: string | null;
}

export const DEFAULT_CRM_SETTINGS: CrmSettings = {
  enabled: false,
  url: '',
  method: 'GET',
  headers: {},
  secretHeader: '',
  timeoutMs: 800,
  cacheTtlSeconds: 60,
  routing: [],
};

export const CRM_LIMITS = { minTimeoutMs: 50, maxTimeoutMs: 5000, maxCacheTtlSeconds: 3600, maxHeaders: 10, maxRules: 20, maxPriority: 100 } as const;

/** Header names the daemon sets itself (or that would change the request's meaning). */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'content-type', 'connection', 'transfer-encoding', 'cookie']);
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;

/** Every problem of a settings change at once, each naming where it is; nothing is stored on any. */
export function checkCrmSettings(input: CrmSettingsInput, queueMedia: (queueId: string) => string | undefined): CrmSettings {
  const problems: FieldProblem[] = [];
  const url = input.url.trim();
  if (input.enabled || url !== '') {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      problems.push({ where: '/url', reason: 'not a URL' });
    }
    if (parsed && parsed.protocol !== 'http:' && parsed.protocol !== 'https:') problems.push({ where: '/url', reason: 'only http and https endpoints' });
    if (parsed && (parsed.username || parsed.password)) problems.push({ where: '/url', reason: 'put credentials in the secret header, not in the URL' });
  }
  const headerNames = Object.keys(input.headers);
  if (headerNames.length > CRM_LIMITS.maxHeaders) problems.push({ where: '/headers', reason: `at most ${CRM_LIMITS.maxHeaders} headers` });
  for (const name of headerNames) {
    if (!HEADER_NAME.test(name)) problems.push({ where: `/headers/${name}`, reason: 'not a header name' });
    else if (RESERVED_HEADERS.has(name.toLowerCase())) problems.push({ where: `/headers/${name}`, reason: 'set by Switchboard itself' });
    else if (/[\r\n]/.test(input.headers[name] ?? '')) problems.push({ where: `/headers/${name}`, reason: 'no line breaks in a header value' });
  }
  const secretHeader = input.secretHeader.trim();
  if (secretHeader !== '' && !HEADER_NAME.test(secretHeader)) problems.push({ where: '/secretHeader', reason: 'not a header name' });
  if (secretHeader !== '' && headerNames.some((h) => h.toLowerCase() === secretHeader.toLowerCase())) problems.push({ where: '/secretHeader', reason: 'also listed among the plain headers' });
  if (typeof input.secret === 'string' && /[\r\n]/.test(input.secret)) problems.push({ where: '/secret', reason: 'no line breaks in the secret' });
  if (input.timeoutMs < CRM_LIMITS.minTimeoutMs || input.timeoutMs > CRM_LIMITS.maxTimeoutMs) problems.push({ where: '/timeoutMs', reason: `between ${CRM_LIMITS.minTimeoutMs} and ${CRM_LIMITS.maxTimeoutMs}` });
  if (input.cacheTtlSeconds < 0 || input.cacheTtlSeconds > CRM_LIMITS.maxCacheTtlSeconds) problems.push({ where: '/cacheTtlSeconds', reason: `between 0 and ${CRM_LIMITS.maxCacheTtlSeconds}` });
  if (input.routing.length > CRM_LIMITS.maxRules) problems.push({ where: '/routing', reason: `at most ${CRM_LIMITS.maxRules} rules` });
  const levels = new Set<string>();
  input.routing.forEach((r, i) => {
    const level = r.level.trim().toLowerCase();
    if (level === '') problems.push({ where: `/routing/${i}/level`, reason: 'empty' });
    if (levels.has(level)) problems.push({ where: `/routing/${i}/level`, reason: 'a second rule for this level' });
    levels.add(level);
    if (r.voiceQueueId !== undefined && queueMedia(r.voiceQueueId) !== 'voice') problems.push({ where: `/routing/${i}/voiceQueueId`, reason: 'no such voice queue' });
    if (r.chatQueueId !== undefined && queueMedia(r.chatQueueId) !== 'chat') problems.push({ where: `/routing/${i}/chatQueueId`, reason: 'no such chat queue' });
    if (r.priority !== undefined && (!Number.isInteger(r.priority) || r.priority < 0 || r.priority > CRM_LIMITS.maxPriority)) problems.push({ where: `/routing/${i}/priority`, reason: `a whole number from 0 to ${CRM_LIMITS.maxPriority}` });
    if (r.voiceQueueId === undefined && r.chatQueueId === undefined && r.priority === undefined) problems.push({ where: `/routing/${i}`, reason: 'names no queue and no priority' });
  });
  if (problems.length > 0) throw validationError(problems);
  return {
    enabled: input.enabled,
    url,
    method: input.method,
    headers: { ...input.headers },
    secretHeader,
    timeoutMs: input.timeoutMs,
    cacheTtlSeconds: input.cacheTtlSeconds,
    routing: input.routing.map((r) => ({ ...r, level: r.level.trim().toLowerCase() })),
  };
}

// ---------------------------------------------------------------------------------------------
// The answer

/** What the endpoint answers about one person (docs/crm-lookup.md); every part optional. */
export interface CrmAnswer {
  name?: string;
  company?: string;
  level?: string;
  tags: string[];
  fields: Record<string, string>;
  /** The person's page in the CRM (http or https only: it becomes a link in the agent's page). */
  link?: string;
}

const MAX_TEXT = 200;
const MAX_TAGS = 20;
const MAX_FIELDS = 30;

/**
 * The endpoint's JSON, kept to the documented shape: unknown keys are dropped, text is cut to a
 * sane length, a link that is not http(s) is dropped (it would become an href). undefined when
 * the body is not an object at all.
 */
export function parseCrmAnswer(body: unknown): CrmAnswer | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const o = body as Record<string, unknown>;
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, MAX_TEXT) : typeof v === 'number' ? String(v) : undefined);
  const answer: CrmAnswer = { tags: [], fields: {} };
  const name = text(o.name);
  const company = text(o.company);
  const level = text(o.level);
  if (name) answer.name = name;
  if (company) answer.company = company;
  if (level) answer.level = level.toLowerCase();
  if (Array.isArray(o.tags)) answer.tags = o.tags.map(text).filter((t): t is string => t !== undefined).slice(0, MAX_TAGS);
  if (typeof o.fields === 'object' && o.fields !== null && !Array.isArray(o.fields)) {
    for (const [k, v] of Object.entries(o.fields as Record<string, unknown>).slice(0, MAX_FIELDS)) {
      const value = typeof v === 'boolean' ? String(v) : text(v);
      if (value !== undefined && k.trim() !== '') answer.fields[k.trim().slice(0, 60)] = value;
    }
  }
  const link = text(o.link);
  if (link && /^https?:\/\//i.test(link)) answer.link = link.slice(0, 500);
  return answer;
}

// ---------------------------------------------------------------------------------------------
// Routing

/** What an answer changes about where a contact waits; nothing when no rule names its level. */
export interface CrmRouting {
  queueId?: string;
  priority?: number;
  /**
   * Copied into the contact's attributes: `customerLevel` also reaches the routing engine as the
   * contact's level, so a queue's own boost for that level (`vipBoost`) applies too.
   */
  attributes: Record<string, string>;
}

export function routingFor(answer: CrmAnswer | undefined, rules: readonly CrmRoutingRule[], media: 'voice' | 'chat'): CrmRouting {
  if (!answer?.level) return { attributes: {} };
  const rule = rules.find((r) => r.level === answer.level);
  const queueId = media === 'voice' ? rule?.voiceQueueId : rule?.chatQueueId;
  return {
    ...(queueId ? { queueId } : {}),
    ...(rule?.priority !== undefined ? { priority: rule.priority } : {}),
    attributes: { customerLevel: answer.level },
  };
}
