import { CENTER_LANGUAGES, type CenterLanguage } from './tickets/ticket-wording.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AppError, type FieldProblem } from './core/errors.js';

/**
 * The daemon's configuration: environment variables over an optional JSON or YAML file
 * (SWITCHBOARD_CONFIG) over defaults, validated once at start. A bad value stops start with
 * CONFIG_INVALID naming the key (the env var, or the file key) and the reason.
 */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export type PbxConfig =
  | {
      kind: 'sim';
      /** Synthetic demo callers per minute (0: none; callers come only from the control API). */
      trafficPerMinute: number;
    }
  | {
      kind: 'asterisk';
      ari: { url: string; user: string; password: string; app: string };
      ami?: { host: string; port: number; user: string; secret: string };
      /** PJSIP endpoint of the SIP trunk for external numbers. */
      trunk?: string;
    }
  | {
      kind: 'freeswitch';
      esl: { host: string; port: number; password: string };
      /** Where the dialplan's `socket` application connects to the daemon (omit: park-only arrival). */
      outbound?: { host: string; port: number };
      /** Directory domain of the agent phones. */
      domain: string;
      sofiaProfile: string;
      /** Dial string of an agent phone; `{name}` is replaced. */
      phoneDialString: string;
      trunk: string;
      /** The recordings folder as FreeSWITCH sees it (shared with the daemon's recordingsDir). */
      recordingsDir: string;
    };

export type IvrSafeDestination = { kind: 'announcement' } | { kind: 'queue'; queue: string };

/** A STUN or TURN server as browsers take it (RTCIceServer). */
export interface IceServerConfig {
  urls: string[];
  username?: string;
  credential?: string;
}

/**
 * Browser softphones: where they connect (SIP over secure WebSocket to the media server), the SIP
 * domain of their addresses, and the secret each phone's SIP password is derived from
 * (src/softphone/sip-password.ts; dialplan/render-config.sh derives the same for the PBX).
 */
export interface WebrtcConfig {
  wssUrl: string;
  domain: string;
  secret: string;
  iceServers: IceServerConfig[];
}

export interface AppConfig {
  host: string;
  port: number;
  dataDir: string;
  /** PostgreSQL when set; embedded PGlite in `<dataDir>/pglite` otherwise. */
  databaseUrl?: string;
  /** How long a start waits for PostgreSQL to answer before it gives up (ms; PostgreSQL only). */
  databaseWaitMs: number;
  /**
   * Two daemons on one PostgreSQL: each waits as a standby until it holds the active lease
   * (src/standby/active-lease.ts). Off: the daemon is active at once (one daemon per database).
   */
  standby: boolean;
  /** The language of the texts the daemon writes into records (voicemail and chat-ending tickets). */
  centerLanguage: CenterLanguage;
  logLevel: LogLevel;
  session: {
    ttlMs: number;
    idleMs: number;
    /** Mark the session cookie Secure (HTTPS or a TLS-terminating proxy in front). */
    cookieSecure: boolean;
    /**
     * How long a resolved session is trusted from memory before the stored session and user are
     * read again: a session revoked by another process stops working here within this time
     * (src/accounts/session-cache.ts). 0 reads them on every request.
     */
    recheckMs: number;
  };
  /** perAddressPerMinute: login requests one source address may make per minute (429 beyond). */
  lockout: { attempts: number; durationMs: number; perAddressPerMinute: number };
  metrics: {
    /** When set, /metrics needs `Authorization: Bearer <token>`; unset, /metrics is public. */
    token?: string;
  };
  trustProxy: boolean;
  /** Call recordings and voicemail (shared with the media server in a real deployment). */
  recordingsDir: string;
  /** The IVR flow files admins edit. */
  ivrFlowsDir: string;
  /**
   * Where a caller goes whose flow cannot run (no running version, its queue or skill gone): an
   * announcement then hang-up, or a named queue. Either way the call raises an alert.
   */
  ivrSafeDestination: IvrSafeDestination;
  /** How long what speech menus record of callers is kept; 0 keeps it forever. */
  ivrUtteranceRetentionMs: number;
  /**
   * Numbers (E.164) an agent may present to customers on click-to-dial; the first is the default.
   * Empty: the PBX's own caller id on the trunk.
   */
  callerIds: string[];
  pbx: PbxConfig;
  /** Unset: no browser softphones (GET /api/agent/softphone answers SOFTPHONE_NOT_CONFIGURED). */
  webrtc?: WebrtcConfig;
  chat: ChatConfig;
  attachments: AttachmentsConfig;
  /** Remote assistance in chat (docs/remote-assistance.md): the TURN relay for screen shares. */
  assist: AssistConfig;
}

/** TURN for screen shares: browsers get credentials derived per share from `turnSecret`, never the secret. */
export interface AssistConfig {
  turnUrls: string[];
  turnSecret?: string;
  turnTtlSeconds: number;
  /** Bytes one share's recording may hold (the agent's page uploads it whole after the share; recording needs the admin switch). */
  recordingMaxBytes: number;
}

/** Chat uploads and ticket attachments (src/attachments); the files live in `<dataDir>/attachments`. */
export interface AttachmentsConfig {
  /** Bytes one upload of each kind may hold. */
  maxBytes: { image: number; file: number; video: number; voice: number };
  /** Uploads one visitor may send per minute; an address may send five times that. */
  uploadsPerMinute: number;
}

/** The web chat (src/chat): where a widget's chat goes when it names no queue, its timers and limits. */
export interface ChatConfig {
  /** A chat queue's id or name; unset, a widget must name its queue. */
  defaultQueue?: string;
  agentSilentMs: number;
  visitorReminderMs: number;
  visitorCloseMs: number;
  /** How long a chat transfer to a named agent waits for their answer before it returns to the owner. */
  transferTimeoutMs: number;
  /** Frames one widget socket may send per minute (beyond: RATE_LIMITED, nothing done). */
  framesPerMinute: number;
  /** Widget sockets one address may open per minute. */
  connectionsPerMinute: number;
}

export function defaultConfig(): AppConfig {
  return {
    host: '127.0.0.1',
    port: 8080,
    dataDir: './data',
    databaseWaitMs: 60_000,
    standby: false,
    centerLanguage: 'en',
    logLevel: 'info',
    session: { ttlMs: 12 * 3600_000, idleMs: 3600_000, cookieSecure: false, recheckMs: 10_000 },
    lockout: { attempts: 5, durationMs: 15 * 60_000, perAddressPerMinute: 60 },
    metrics: {},
    trustProxy: false,
    recordingsDir: './recordings',
    ivrFlowsDir: './ivr-flows',
    ivrSafeDestination: { kind: 'announcement' },
    ivrUtteranceRetentionMs: 7 * 24 * 3600_000,
    callerIds: [],
    pbx: { kind: 'sim', trafficPerMinute: 0 },
    chat: { agentSilentMs: 5 * 60_000, visitorReminderMs: 5 * 60_000, visitorCloseMs: 8 * 60_000, transferTimeoutMs: 60_000, framesPerMinute: 120, connectionsPerMinute: 30 },
    attachments: { maxBytes: { image: 10 * MB, file: 20 * MB, video: 50 * MB, voice: 10 * MB }, uploadsPerMinute: 20 },
    assist: { turnUrls: [], turnTtlSeconds: 600, recordingMaxBytes: 100 * MB },
  };
}

const MB = 1024 * 1024;

/** Where chat uploads and ticket attachments keep their bytes (random names; the database has the rest). */
export function attachmentsDirOf(config: AppConfig): string {
  return path.join(config.dataDir, 'attachments');
}

/** Where the embedded database keeps its files. */
export function pgliteDirOf(config: AppConfig): string {
  return path.join(config.dataDir, 'pglite');
}

export type Env = Record<string, string | undefined>;

/**
 * Every setting: its env var, its key in the config file (dotted), and how it is parsed.
 * One table so `config check`, the README and the validation agree.
 */
interface Setting {
  env: string;
  file: string;
  apply(config: AppConfig, raw: unknown, fail: (reason: string) => void): void;
}

const str = (raw: unknown, fail: (r: string) => void): string | undefined => {
  if (typeof raw === 'string' && raw.trim() !== '') return raw.trim();
  if (typeof raw === 'number') return String(raw);
  fail('must be a non-empty string');
  return undefined;
};

const int = (min: number, max: number) => (raw: unknown, fail: (r: string) => void): number | undefined => {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isInteger(n)) return void fail(`must be a whole number, got ${JSON.stringify(raw)}`);
  if (n < min || n > max) return void fail(`must be between ${min} and ${max}, got ${n}`);
  return n;
};

const bool = (raw: unknown, fail: (r: string) => void): boolean | undefined => {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
  }
  fail(`must be true or false, got ${JSON.stringify(raw)}`);
  return undefined;
};


/** Settings for the PBX sections are staged here and assembled after all values are read. */
interface PbxDraft {
  kind?: string;
  simTraffic?: number;
  ariApp?: string;
  asteriskTrunk?: string;
  fsOutbound?: { host: string; port: number };
  fsDomain?: string;
  fsProfile?: string;
  fsPhoneDial?: string;
  fsTrunk?: string;
  fsRecordingsDir?: string;
  ariUrl?: string;
  ariUser?: string;
  ariPassword?: string;
  amiHost?: string;
  amiPort?: number;
  amiUser?: string;
  amiSecret?: string;
  eslHost?: string;
  eslPort?: number;
  eslPassword?: string;
  webrtcWssUrl?: string;
  webrtcDomain?: string;
  webrtcSecret?: string;
  webrtcIceServers?: IceServerConfig[];
}

const draftOf = new WeakMap<AppConfig, PbxDraft>();
function draft(config: AppConfig): PbxDraft {
  let d = draftOf.get(config);
  if (!d) draftOf.set(config, (d = {}));
  return d;
}

const SECONDS = 1000;

/**
 * Values shipped as placeholders in dialplan/ or known defaults of the PBXs. Accepting one would
 * turn a forgotten step into a default credential, so it stops start instead.
 */
const PLACEHOLDER_SECRET = /^(CHANGE-ME|REPLACE-WITH)|^ClueCon$/i;
const secret = (raw: unknown, fail: (r: string) => void): string | undefined => {
  const v = str(raw, fail);
  if (v !== undefined && PLACEHOLDER_SECRET.test(v)) return void fail('is a placeholder or a well-known default password: set a real secret');
  return v;
};

const hostPort = (raw: unknown, fail: (r: string) => void): { host: string; port: number } | undefined => {
  const v = str(raw, fail);
  if (v === undefined) return undefined;
  const m = /^(.+):(\d{1,5})$/.exec(v);
  const port = m ? Number(m[2]) : NaN;
  if (!m || !m[1] || port < 1 || port > 65535) return void fail(`must be host:port, got ${JSON.stringify(v)}`);
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
};

/** E.164: a plus, then up to 15 digits not starting with 0. */
const E164 = /^\+[1-9]\d{1,14}$/;

/** A comma-separated list (environment) or a list (file) of E.164 numbers, each once. */
const e164List = (raw: unknown, fail: (r: string) => void): string[] | undefined => {
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined;
  if (!items) return void fail('must be a comma-separated list of E.164 numbers');
  const out: string[] = [];
  for (const item of items) {
    const n = typeof item === 'string' ? item.trim() : typeof item === 'number' ? String(item) : '';
    if (n === '' && typeof raw === 'string') continue;
    if (!E164.test(n)) return void fail(`${JSON.stringify(item)} is not an E.164 number (+ then up to 15 digits, e.g. +4930123456)`);
    if (out.includes(n)) return void fail(`${n} is listed twice`);
    out.push(n);
  }
  return out;
};

/** A TURN secret shorter than this is guessable offline from one captured credential. */
const TURN_SECRET_MIN_LENGTH = 32;

/** A WebRTC secret shorter than this is guessable offline from one captured SIP digest. */
const WEBRTC_SECRET_MIN_LENGTH = 32;

/**
 * ICE servers: in the environment a JSON array of RTCIceServer objects or comma-separated
 * stun:/turn: URLs; in a file a list of either. TURN needs a username and credential.
 */
const iceServers = (raw: unknown, fail: (r: string) => void): IceServerConfig[] | undefined => {
  let list: unknown = raw;
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (text.startsWith('[')) {
      try {
        list = JSON.parse(text);
      } catch (err) {
        return void fail(`is not valid JSON: ${(err as Error).message}`);
      }
    } else list = text.split(',').map((u) => u.trim()).filter((u) => u !== '');
  }
  if (!Array.isArray(list)) return void fail('must be a list of stun:/turn: URLs or of {urls, username, credential} objects');
  const out: IceServerConfig[] = [];
  for (const [i, item] of list.entries()) {
    const entry = typeof item === 'string' ? { urls: item } : item;
    if (typeof entry !== 'object' || entry === null) return void fail(`entry ${i} must be a URL or an object with urls`);
    const { urls, username, credential } = entry as Record<string, unknown>;
    const urlList = typeof urls === 'string' ? [urls] : urls;
    if (!Array.isArray(urlList) || urlList.length === 0 || !urlList.every((u) => typeof u === 'string' && /^(stuns?|turns?):[^\s]+$/.test(u))) {
      return void fail(`entry ${i}: urls must be stun:, stuns:, turn: or turns: URLs`);
    }
    const turn = urlList.some((u) => /^turns?:/.test(u as string));
    if (turn && (typeof username !== 'string' || typeof credential !== 'string')) return void fail(`entry ${i}: a TURN server needs username and credential`);
    out.push({ urls: urlList as string[], ...(typeof username === 'string' ? { username } : {}), ...(typeof credential === 'string' ? { credential } : {}) });
  }
  return out;
};

export const SETTINGS: readonly Setting[] = [
  { env: 'SWITCHBOARD_HOST', file: 'host', apply: (c, raw, fail) => { const v = str(raw, fail); if (v !== undefined) c.host = v; } },
  { env: 'SWITCHBOARD_PORT', file: 'port', apply: (c, raw, fail) => { const v = int(0, 65535)(raw, fail); if (v !== undefined) c.port = v; } },
  { env: 'SWITCHBOARD_DATA_DIR', file: 'dataDir', apply: (c, raw, fail) => { const v = str(raw, fail); if (v !== undefined) c.dataDir = v; } },
  {
    env: 'DATABASE_URL',
    file: 'databaseUrl',
    apply: (c, raw, fail) => {
      const v = str(raw, fail);
      if (v === undefined) return;
      if (!/^postgres(ql)?:\/\//i.test(v)) return fail('must be a postgres:// or postgresql:// URL');
      try {
        new URL(v);
      } catch {
        return fail('is not a valid URL');
      }
      c.databaseUrl = v;
    },
  },
  {
    env: 'SWITCHBOARD_CENTER_LANGUAGE',
    file: 'centerLanguage',
    apply: (c, raw, fail) => {
      const v = str(raw, fail);
      if (v === undefined) return;
      const known = CENTER_LANGUAGES.find((l) => l.toLowerCase() === v.toLowerCase());
      if (!known) return fail(`must be one of ${CENTER_LANGUAGES.join(', ')}`);
      c.centerLanguage = known;
    },
  },
  { env: 'SWITCHBOARD_STANDBY', file: 'standby', apply: (c, raw, fail) => { const v = bool(raw, fail); if (v !== undefined) c.standby = v; } },
  { env: 'SWITCHBOARD_DATABASE_WAIT_SECONDS', file: 'databaseWaitSeconds', apply: (c, raw, fail) => { const v = int(0, 3600)(raw, fail); if (v !== undefined) c.databaseWaitMs = v * SECONDS; } },
  {
    env: 'SWITCHBOARD_LOG_LEVEL',
    file: 'logLevel',
    apply: (c, raw, fail) => {
      const v = str(raw, fail)?.toLowerCase();
      if (v === undefined) return;
      if (!(LOG_LEVELS as readonly string[]).includes(v)) return fail(`must be one of ${LOG_LEVELS.join(', ')}`);
      c.logLevel = v as LogLevel;
    },
  },
  { env: 'SWITCHBOARD_SESSION_TTL_SECONDS', file: 'session.ttlSeconds', apply: (c, raw, fail) => { const v = int(60, 30 * 86400)(raw, fail); if (v !== undefined) c.session.ttlMs = v * SECONDS; } },
  { env: 'SWITCHBOARD_SESSION_IDLE_SECONDS', file: 'session.idleSeconds', apply: (c, raw, fail) => { const v = int(60, 30 * 86400)(raw, fail); if (v !== undefined) c.session.idleMs = v * SECONDS; } },
  { env: 'SWITCHBOARD_SESSION_RECHECK_SECONDS', file: 'session.recheckSeconds', apply: (c, raw, fail) => { const v = int(0, 300)(raw, fail); if (v !== undefined) c.session.recheckMs = v * SECONDS; } },
  { env: 'SWITCHBOARD_COOKIE_SECURE', file: 'session.cookieSecure', apply: (c, raw, fail) => { const v = bool(raw, fail); if (v !== undefined) c.session.cookieSecure = v; } },
  { env: 'SWITCHBOARD_LOCKOUT_ATTEMPTS', file: 'lockout.attempts', apply: (c, raw, fail) => { const v = int(1, 1000)(raw, fail); if (v !== undefined) c.lockout.attempts = v; } },
  { env: 'SWITCHBOARD_LOGIN_PER_ADDRESS_PER_MINUTE', file: 'lockout.perAddressPerMinute', apply: (c, raw, fail) => { const v = int(1, 100_000)(raw, fail); if (v !== undefined) c.lockout.perAddressPerMinute = v; } },
  { env: 'SWITCHBOARD_LOCKOUT_SECONDS', file: 'lockout.seconds', apply: (c, raw, fail) => { const v = int(1, 7 * 86400)(raw, fail); if (v !== undefined) c.lockout.durationMs = v * SECONDS; } },
  {
    env: 'SWITCHBOARD_METRICS_TOKEN',
    file: 'metrics.token',
    apply: (c, raw, fail) => {
      const v = str(raw, fail);
      if (v === undefined) return;
      if (v.length < 16) return fail('must be at least 16 characters');
      c.metrics.token = v;
    },
  },
  { env: 'SWITCHBOARD_TRUST_PROXY', file: 'trustProxy', apply: (c, raw, fail) => { const v = bool(raw, fail); if (v !== undefined) c.trustProxy = v; } },
  {
    env: 'SWITCHBOARD_PBX',
    file: 'pbx.kind',
    apply: (c, raw, fail) => {
      const v = str(raw, fail)?.toLowerCase();
      if (v === undefined) return;
      if (!['sim', 'asterisk', 'freeswitch'].includes(v)) return fail('must be one of sim, asterisk, freeswitch');
      draft(c).kind = v;
    },
  },
  { env: 'ASTERISK_ARI_URL', file: 'pbx.asterisk.ariUrl', apply: (c, raw, fail) => { const v = str(raw, fail); if (v === undefined) return; if (!/^https?:\/\//.test(v)) return fail('must be an http:// or https:// URL'); draft(c).ariUrl = v; } },
  { env: 'ASTERISK_ARI_USER', file: 'pbx.asterisk.ariUser', apply: (c, raw, fail) => { const v = str(raw, fail); if (v !== undefined) draft(c).ariUser = v; } },
  { env: 'ASTERISK_ARI_PASSWORD', file: 'pbx.asterisk.ariPassword', apply: (c, raw, fail) => { const v = secret(raw, fail); if (v !== undefined) draft(c).ariPassword = v; } },
  { env: 'ASTERISK_ARI_APP', file: 'pbx.asterisk.ariApp', apply: (c, raw, fail) => { const v = str(raw, fail); if (v === undefined) return; if (!/^[A-Za-z0-9_-]+$/.test(v)) return fail('must be letters, digits, - or _'); draft(c).ariApp = v; } },
  { env: 'ASTERISK_TRUNK', file: 'pbx.asterisk.trunk', apply: (c, raw, fail) => { const v = str(raw, fail); if (v !== undefined) draft(c).asteriskTrunk = v; } },
  { env: 'ASTERISK_AMI_HOST', file: 'pbx.asterisk.amiHost', apply: (c, raw, fail) => { const v = str(raw, fail); if (v !== undefined) draft(c).amiHost = v; } },
  { env: 'ASTERISK_AMI_PORT', file: 'pbx.asterisk.amiPort', apply: (c, raw, fail) => { const v = int(1, 65535)(raw, fail); if (v !== undefined) draft(c).amiPort = v; } },
  { env: 'ASTERISK_AMI_USER', file: 'pbx.asterisk.amiUser', apply: (c, raw, fail) => { const v = str(raw, fail); if (v !== undefined) draft(c).amiUser = v; } },
  { env: 'ASTERISK_AMI_SECRET', file: 'pbx.asterisk.amiSecret', apply: (c, raw, fail) => { const v = secret(raw, fail); if (v !== undefined) draft(c).amiSecret = v; } },
  { env: 'FREESWITCH_ESL_HOST', file: 'pbx.freeswitch.eslHost', apply: (c, raw, fail) => { const v = str(raw, fail); if (v !== undefined) draft(c).eslHost = v; } },
  { env: 'FREESWITCH_ESL_PORT', file: 'pbx.freeswitch.eslPort', apply: (c, raw, fail) => { const v = int(1, 65535)(raw, fail); if (v !== undefined) draft(c).eslPort = v; } },
  { env: 'FREESWITCH_ESL_PASSWORD', file: 'pbx.freeswitch.eslPassword', apply: (c, raw, fail) => { const v = secret(raw, fail); if (v !== undefined) draft(c).eslPassword = v; } },
  { env: 'FREESWITCH_OUTBOUND_LISTEN', file: 'pbx.freeswitch.outboundListen', apply: (c, raw, fail) => { const v = hostPort(raw, fail); if (v !== undefined) draft(c).fsOutbound = v; } },
  { env: 'FREESWITCH_DOMAIN', file: 'pbx.freeswitch.domain', apply: (c, raw, fail) => { const v = str(raw, fail); if (v !== undefined) draft(c).fsDomain = v; } },
  { env: 'FREESWITCH_SOFIA_PROFILE', file: 'pbx.freeswitch.sofiaProfile', apply: (c, raw, fail) => { const v = str(raw, fail); if (v !== undefined) draft(c).fsProfile = v; } },
  { env: 'FREESWITCH_PHONE_DIAL_STRING', file: 'pbx.freeswitch.phoneDialString', apply: (c, raw, fail) => { const v = str(raw, fail); if (v === undefined) return; if (!v.includes('{name}')) return fail('must contain {name}'); draft(c).fsPhoneDial = v; } },
  { env: 'FREESWITCH_TRUNK', file: 'pbx.freeswitch.trunk', apply: (c, raw, fail) => { const v = str(raw, fail); if (v !== undefined) draft(c).fsTrunk = v; } },
  { env: 'FREESWITCH_RECORDINGS_DIR', file: 'pbx.freeswitch.recordingsDir', apply: (c, raw, fail) => { const v = str(raw, fail); if (v !== undefined) draft(c).fsRecordingsDir = v; } },
  { env: 'SWITCHBOARD_SIM_TRAFFIC_PER_MINUTE', file: 'pbx.sim.trafficPerMinute', apply: (c, raw, fail) => { const v = int(0, 600)(raw, fail); if (v !== undefined) draft(c).simTraffic = v; } },
  { env: 'SWITCHBOARD_RECORDINGS_DIR', file: 'recordingsDir', apply: (c, raw, fail) => { const v = str(raw, fail); if (v !== undefined) c.recordingsDir = v; } },
  { env: 'SWITCHBOARD_IVR_FLOWS_DIR', file: 'ivrFlowsDir', apply: (c, raw, fail) => { const v = str(raw, fail); if (v !== undefined) c.ivrFlowsDir = v; } },
  { env: 'SWITCHBOARD_IVR_UTTERANCE_RETENTION_HOURS', file: 'ivrUtteranceRetentionHours', apply: (c, raw, fail) => { const v = int(0, 24 * 3650)(raw, fail); if (v !== undefined) c.ivrUtteranceRetentionMs = v * 3600_000; } },
  { env: 'SWITCHBOARD_CALLER_IDS', file: 'callerIds', apply: (c, raw, fail) => { const v = e164List(raw, fail); if (v !== undefined) c.callerIds = v; } },
  ...(['image', 'file', 'video', 'voice'] as const).map((kind) => ({
    env: `SWITCHBOARD_UPLOAD_${kind.toUpperCase()}_MAX_MB`,
    file: `attachments.${kind}MaxMb`,
    apply: (c: AppConfig, raw: unknown, fail: (r: string) => void) => {
      const v = int(1, 1024)(raw, fail);
      if (v !== undefined) c.attachments = { ...c.attachments, maxBytes: { ...c.attachments.maxBytes, [kind]: v * MB } };
    },
  })),
  { env: 'SWITCHBOARD_UPLOADS_PER_MINUTE', file: 'attachments.uploadsPerMinute', apply: (c, raw, fail) => { const v = int(1, 10_000)(raw, fail); if (v !== undefined) c.attachments = { ...c.attachments, uploadsPerMinute: v }; } },
  {
    env: 'SWITCHBOARD_TURN_URLS',
    file: 'assist.turnUrls',
    apply: (c, raw, fail) => {
      const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',').map((u) => u.trim()).filter((u) => u !== '') : undefined;
      if (!items || items.some((u) => typeof u !== 'string' || !/^(stun|stuns|turn|turns):\S+$/.test(u))) return fail('must be a comma-separated list of turn:, turns: or stun: URLs');
      c.assist = { ...c.assist, turnUrls: items as string[] };
    },
  },
  {
    env: 'SWITCHBOARD_TURN_SECRET',
    file: 'assist.turnSecret',
    apply: (c, raw, fail) => {
      const v = secret(raw, fail);
      if (v === undefined) return;
      if (v.length < TURN_SECRET_MIN_LENGTH) return fail(`must be at least ${TURN_SECRET_MIN_LENGTH} characters (openssl rand -hex 32)`);
      c.assist = { ...c.assist, turnSecret: v };
    },
  },
  { env: 'SWITCHBOARD_SHARE_RECORDING_MAX_MB', file: 'assist.recordingMaxMb', apply: (c, raw, fail) => { const v = int(1, 1024)(raw, fail); if (v !== undefined) c.assist = { ...c.assist, recordingMaxBytes: v * MB }; } },
  { env: 'SWITCHBOARD_TURN_TTL_SECONDS', file: 'assist.turnTtlSeconds', apply: (c, raw, fail) => { const v = int(60, 86_400)(raw, fail); if (v !== undefined) c.assist = { ...c.assist, turnTtlSeconds: v }; } },
  { env: 'SWITCHBOARD_CHAT_DEFAULT_QUEUE', file: 'chat.defaultQueue', apply: (c, raw, fail) => { const v = str(raw, fail); if (v !== undefined) c.chat = { ...c.chat, defaultQueue: v }; } },
  { env: 'SWITCHBOARD_CHAT_AGENT_SILENT_SECONDS', file: 'chat.agentSilentSeconds', apply: (c, raw, fail) => { const v = int(10, 86_400)(raw, fail); if (v !== undefined) c.chat = { ...c.chat, agentSilentMs: v * 1000 }; } },
  { env: 'SWITCHBOARD_CHAT_VISITOR_REMINDER_SECONDS', file: 'chat.visitorReminderSeconds', apply: (c, raw, fail) => { const v = int(10, 86_400)(raw, fail); if (v !== undefined) c.chat = { ...c.chat, visitorReminderMs: v * 1000 }; } },
  { env: 'SWITCHBOARD_CHAT_TRANSFER_TIMEOUT_SECONDS', file: 'chat.transferTimeoutSeconds', apply: (c, raw, fail) => { const v = int(5, 3600)(raw, fail); if (v !== undefined) c.chat = { ...c.chat, transferTimeoutMs: v * 1000 }; } },
  { env: 'SWITCHBOARD_CHAT_VISITOR_CLOSE_SECONDS', file: 'chat.visitorCloseSeconds', apply: (c, raw, fail) => { const v = int(10, 86_400)(raw, fail); if (v !== undefined) c.chat = { ...c.chat, visitorCloseMs: v * 1000 }; } },
  {
    env: 'SWITCHBOARD_WEBRTC_WSS_URL',
    file: 'webrtc.wssUrl',
    apply: (c, raw, fail) => {
      const v = str(raw, fail);
      if (v === undefined) return;
      // Browsers open SIP over WebSocket only with TLS from an HTTPS page; ws:// would fail in every browser.
      if (!/^wss:\/\/[^\s/]+/i.test(v)) return fail('must be a wss:// URL, e.g. wss://pbx.example.com:8089/ws');
      draft(c).webrtcWssUrl = v;
    },
  },
  {
    env: 'SWITCHBOARD_WEBRTC_DOMAIN',
    file: 'webrtc.domain',
    apply: (c, raw, fail) => {
      const v = str(raw, fail);
      if (v === undefined) return;
      if (!/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(v)) return fail('must be a host name or address (the SIP domain of the softphones)');
      draft(c).webrtcDomain = v;
    },
  },
  {
    env: 'SWITCHBOARD_WEBRTC_SECRET',
    file: 'webrtc.secret',
    apply: (c, raw, fail) => {
      const v = secret(raw, fail);
      if (v === undefined) return;
      if (v.length < WEBRTC_SECRET_MIN_LENGTH) return fail(`must be at least ${WEBRTC_SECRET_MIN_LENGTH} characters (openssl rand -hex 32)`);
      draft(c).webrtcSecret = v;
    },
  },
  { env: 'SWITCHBOARD_WEBRTC_ICE_SERVERS', file: 'webrtc.iceServers', apply: (c, raw, fail) => { const v = iceServers(raw, fail); if (v !== undefined) draft(c).webrtcIceServers = v; } },
  {
    env: 'SWITCHBOARD_IVR_SAFE_DESTINATION',
    file: 'ivrSafeDestination',
    apply: (c, raw, fail) => {
      const v = str(raw, fail);
      if (v === undefined) return;
      if (v === 'announcement') c.ivrSafeDestination = { kind: 'announcement' };
      else if (/^queue:.+/.test(v)) c.ivrSafeDestination = { kind: 'queue', queue: v.slice('queue:'.length).trim() };
      else fail(`must be "announcement" or "queue:<queue name>", got ${JSON.stringify(v)}`);
    },
  },
];

function readPath(obj: unknown, dotted: string): unknown {
  let cur: unknown = obj;
  for (const part of dotted.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Keys present in the file that no setting reads: almost always a typo, so refuse them. */
function unknownFileKeys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return [];
  const known = new Set(SETTINGS.map((s) => s.file));
  const out: string[] = [];
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (known.has(key)) continue;
    const isSection = [...known].some((f) => f.startsWith(`${key}.`));
    if (isSection && typeof v === 'object' && v !== null) out.push(...unknownFileKeys(v, key));
    else out.push(key);
  }
  return out;
}

function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw configError([{ where: 'SWITCHBOARD_CONFIG', reason: `cannot read ${file}: ${(err as Error).message}` }]);
  }
  try {
    const data: unknown = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
    if (data === null || data === undefined) return {};
    if (typeof data !== 'object' || Array.isArray(data)) throw new Error('the top level must be a mapping of keys to values');
    return data;
  } catch (err) {
    throw configError([{ where: file, reason: `not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(err as Error).message}` }]);
  }
}

function configError(problems: FieldProblem[]): AppError {
  const text = problems.map((p) => `${p.where}: ${p.reason}`).join('; ');
  return new AppError('CONFIG_INVALID', `Invalid configuration: ${text}`, { problems });
}

/**
 * Reads and validates the configuration. Environment variables win over the file. Throws
 * AppError CONFIG_INVALID listing every bad key at once.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const config = defaultConfig();
  const problems: FieldProblem[] = [];
  const file = env.SWITCHBOARD_CONFIG?.trim() ? env.SWITCHBOARD_CONFIG.trim() : undefined;
  const fileData = file ? readConfigFile(file) : undefined;
  if (file) for (const key of unknownFileKeys(fileData)) problems.push({ where: `${file}: ${key}`, reason: 'unknown setting' });

  for (const s of SETTINGS) {
    const fromEnv = env[s.env];
    if (fromEnv !== undefined && fromEnv !== '') {
      s.apply(config, fromEnv, (reason) => problems.push({ where: s.env, reason }));
      continue;
    }
    const fromFile = file ? readPath(fileData, s.file) : undefined;
    if (fromFile !== undefined && fromFile !== null) {
      s.apply(config, fromFile, (reason) => problems.push({ where: `${file}: ${s.file}`, reason }));
    }
  }
  assemblePbx(config, problems);
  assembleWebrtc(config, problems);
  if (config.standby && !config.databaseUrl && !problems.some((p) => p.where === 'DATABASE_URL')) {
    problems.push({ where: 'SWITCHBOARD_STANDBY', reason: 'needs DATABASE_URL: the daemons share one PostgreSQL, whose lock decides which is active' });
  }
  if (config.session.idleMs > config.session.ttlMs) {
    problems.push({ where: 'SWITCHBOARD_SESSION_IDLE_SECONDS', reason: 'must not exceed SWITCHBOARD_SESSION_TTL_SECONDS' });
  }
  if (problems.length > 0) throw configError(problems);
  return config;
}

function assemblePbx(config: AppConfig, problems: FieldProblem[]): void {
  const d = draft(config);
  const need = (value: string | number | undefined, env: string): void => {
    // A key already refused (a placeholder secret, say) is not reported a second time as missing.
    if (value === undefined && !problems.some((p) => p.where === env)) problems.push({ where: env, reason: `is required when SWITCHBOARD_PBX=${d.kind}` });
  };
  if (d.kind === 'asterisk') {
    need(d.ariUrl, 'ASTERISK_ARI_URL');
    need(d.ariUser, 'ASTERISK_ARI_USER');
    need(d.ariPassword, 'ASTERISK_ARI_PASSWORD');
    const anyAmi = d.amiHost !== undefined || d.amiUser !== undefined || d.amiSecret !== undefined;
    if (anyAmi) {
      need(d.amiUser, 'ASTERISK_AMI_USER');
      need(d.amiSecret, 'ASTERISK_AMI_SECRET');
    }
    config.pbx = {
      kind: 'asterisk',
      ari: { url: d.ariUrl ?? '', user: d.ariUser ?? '', password: d.ariPassword ?? '', app: d.ariApp ?? 'switchboard' },
      ...(anyAmi
        ? { ami: { host: d.amiHost ?? '127.0.0.1', port: d.amiPort ?? 5038, user: d.amiUser ?? '', secret: d.amiSecret ?? '' } }
        : {}),
      ...(d.asteriskTrunk ? { trunk: d.asteriskTrunk } : {}),
    };
  } else if (d.kind === 'freeswitch') {
    need(d.eslPassword, 'FREESWITCH_ESL_PASSWORD');
    need(d.fsDomain, 'FREESWITCH_DOMAIN');
    const domain = d.fsDomain ?? '';
    config.pbx = {
      kind: 'freeswitch',
      esl: { host: d.eslHost ?? '127.0.0.1', port: d.eslPort ?? 8021, password: d.eslPassword ?? '' },
      ...(d.fsOutbound ? { outbound: d.fsOutbound } : {}),
      domain,
      sofiaProfile: d.fsProfile ?? 'agents',
      phoneDialString: d.fsPhoneDial ?? `user/{name}@${domain}`,
      trunk: d.fsTrunk ?? 'carrier',
      recordingsDir: d.fsRecordingsDir ?? '/var/lib/freeswitch/recordings',
    };
  } else {
    config.pbx = { kind: 'sim', trafficPerMinute: d.simTraffic ?? 0 };
  }
}

/** Browser softphones need all three settings or none: half a configuration is a typo, not a choice. */
function assembleWebrtc(config: AppConfig, problems: FieldProblem[]): void {
  const d = draft(config);
  const given = { SWITCHBOARD_WEBRTC_WSS_URL: d.webrtcWssUrl, SWITCHBOARD_WEBRTC_DOMAIN: d.webrtcDomain, SWITCHBOARD_WEBRTC_SECRET: d.webrtcSecret };
  const anySet = Object.values(given).some((v) => v !== undefined) || d.webrtcIceServers !== undefined;
  if (!anySet) return;
  for (const [env, value] of Object.entries(given)) {
    if (value === undefined && !problems.some((p) => p.where === env)) problems.push({ where: env, reason: 'is required when any SWITCHBOARD_WEBRTC_* setting is set (browser softphones)' });
  }
  if (d.webrtcWssUrl && d.webrtcDomain && d.webrtcSecret) {
    config.webrtc = { wssUrl: d.webrtcWssUrl, domain: d.webrtcDomain, secret: d.webrtcSecret, iceServers: d.webrtcIceServers ?? [] };
  }
}

/** The configuration with secrets masked, for `switchboard config check` and the start log. */
export function describeConfig(config: AppConfig): Record<string, unknown> {
  const mask = (v: string | undefined) => (v === undefined ? undefined : '********');
  const pbx =
    config.pbx.kind === 'asterisk'
      ? { ...config.pbx, ari: { ...config.pbx.ari, password: mask(config.pbx.ari.password) }, ...(config.pbx.ami ? { ami: { ...config.pbx.ami, secret: mask(config.pbx.ami.secret) } } : {}) }
      : config.pbx.kind === 'freeswitch'
        ? { ...config.pbx, esl: { ...config.pbx.esl, password: mask(config.pbx.esl.password) } }
        : config.pbx;
  return {
    ...config,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:********@') } : {}),
    metrics: { token: mask(config.metrics.token) },
    pbx,
    assist: { ...config.assist, ...(config.assist.turnSecret !== undefined ? { turnSecret: mask(config.assist.turnSecret) } : {}) },
    ...(config.webrtc
      ? {
          webrtc: {
            ...config.webrtc,
            secret: mask(config.webrtc.secret),
            iceServers: config.webrtc.iceServers.map((s) => ({ ...s, ...(s.credential !== undefined ? { credential: mask(s.credential) } : {}) })),
          },
        }
      : {}),
  };
}
