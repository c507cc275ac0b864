import type { Kysely } from 'kysely';
import { UserService, type UserView } from '../accounts/user-service.js';
import { canonicalTimeZone } from '../calendars/zoned-time.js';
import { loadConfig, pgliteDirOf } from '../config.js';
import { systemClock, type Clock } from '../core/clock.js';
import { AppError, isAppError, type FieldProblem } from '../core/errors.js';
import { KyselyAuditLog } from '../store/accounts/audit-repo.js';
import { KyselySessionRepository } from '../store/accounts/sessions-repo.js';
import { KyselyUserRepository } from '../store/accounts/users-repo.js';
import { DEFAULT_CHAT_CAPACITY } from '../directory/agent-rules.js';
import { DEFAULT_SERVICE_LEVEL_SECONDS, type AgentInput, type CalendarInput, type Queue, type QueueInput } from '../directory/model.js';
import { createConfigRepos } from '../store/config/index.js';
import { createDatabase } from '../store/db.js';
import { migrateToLatest } from '../store/migrations.js';
import type { Database } from '../store/schema.js';
import { reportError } from './commands.js';
import type { CliIo } from './io.js';
import { differences, flowNeeds, type FlowNeeds } from './seed-demo-needs.js';

/** The people of the demo; usernames and agent numbers are how a second run recognizes them. */
export const DEMO_AGENTS = [
  { username: 'agent1', number: '1001', displayName: 'Demo Agent 1', extension: 'agent1' },
  { username: 'agent2', number: '1002', displayName: 'Demo Agent 2', extension: 'agent2' },
] as const;
/** The supervisor's own desk phone: supervision rings it (the supervisor is not an agent). */
export const DEMO_SUPERVISOR = { username: 'supervisor', displayName: 'Demo Supervisor', extension: 'supervisor1' } as const;
export const DEMO_TEAM = 'Demo team';
const SKILL_DESCRIPTION = 'Named by the example IVR flows (switchboard seed-demo)';
const SKILL_LEVEL = 5;
const OPEN_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const QUEUE_POLICY = {
  media: 'voice',
  strategy: 'longest_idle',
  wrapUpSeconds: 30,
  noAnswerTimeoutSeconds: 20,
  maxWaitSeconds: 300,
  maxWaitAction: 'voicemail',
} as const;

export interface SeedDemoDeps {
  db: Kysely<Database>;
  /** The folder of the flow files whose references are seeded. */
  flowsDir: string;
  clock?: Clock;
  /** Told as each thing is created, so a failure half-way still shows what exists. */
  onCreated?: (what: string) => void;
  /** A new user's generated password, the only time it exists in clear. */
  onPassword?: (username: string, password: string) => void;
}

export interface SeedDemoResult {
  created: string[];
  /** Already in place with the demo's settings. */
  kept: string[];
  passwords: { username: string; password: string }[];
  warnings: string[];
}

type Kind = 'calendar' | 'skill' | 'team' | 'user' | 'agent' | 'queue';
type Ref = (kind: Kind, name: string) => string;

/**
 * Creates what the flow files name (calendars, queues, skills) plus a team, two agents with
 * their users and a supervisor, through the same repositories and user service as the REST API.
 * Everything is checked before anything is written: a thing of the same name whose settings
 * differ from the demo's is a CONFLICT listing each one, and nothing changes. Things already in
 * place with the demo's settings are kept, so a second run changes nothing.
 */
export async function seedDemo(deps: SeedDemoDeps): Promise<SeedDemoResult> {
  const clock = deps.clock ?? systemClock;
  const needs = await flowNeeds(deps.flowsDir);
  const repos = createConfigRepos({ db: deps.db, clock });
  const users = new UserService(new KyselyUserRepository(deps.db), new KyselySessionRepository(deps.db), new KyselyAuditLog(deps.db, clock), clock);

  const ids = new Map<string, string>();
  const key = (kind: Kind, name: string) => `${kind}:${name.toLowerCase()}`;
  // A thing not created yet gets a stand-in id no stored row can have, so it always shows as a difference.
  const planned: Ref = (kind, name) => ids.get(key(kind, name)) ?? `(new ${kind} ${name})`;
  const conflicts: FieldProblem[] = [];
  const kept: string[] = [];
  const missing = new Set<string>();
  const check = (kind: Kind, name: string, found: { id: string; have: Record<string, unknown> } | undefined, want: Record<string, unknown>) => {
    if (!found) return void missing.add(key(kind, name));
    const diffs = differences(found.have, want);
    if (diffs.length > 0) conflicts.push({ where: `${kind} "${name}"`, reason: `exists with other settings: ${diffs.join('; ')}` });
    ids.set(key(kind, name), found.id);
    kept.push(`${kind} ${name}`);
  };

  for (const c of needs.calendars) {
    const found = await byName(repos.calendars, c.name);
    check('calendar', c.name, found && { id: found.id, have: { ...found } }, calendarFields(calendarInput(c)));
  }
  for (const s of needs.skills) {
    const found = await byName(repos.skills, s);
    check('skill', s, found && { id: found.id, have: { ...found } }, { description: SKILL_DESCRIPTION });
  }
  const team = await byName(repos.teams, DEMO_TEAM);
  check('team', DEMO_TEAM, team && { id: team.id, have: { ...team } }, { leadUserIds: [] });
  for (const u of demoUsers()) {
    const found = await users.findByUsername(u.username);
    check('user', u.username, found && { id: found.id, have: userFields(found) }, userFields({ ...u, disabled: false }));
  }
  for (const a of DEMO_AGENTS) {
    const found = await repos.agents.findByNumber(a.number);
    check('agent', a.number, found && { id: found.id, have: agentFields(found) }, agentFields(agentInput(a, needs, planned)));
    const userId = ids.get(key('user', a.username));
    const linked = userId === undefined ? undefined : await repos.agents.findByUserId(userId);
    if (linked && linked.number !== a.number) {
      conflicts.push({ where: `user "${a.username}"`, reason: `is already agent ${linked.number}, the demo wants it as agent ${a.number}` });
    }
  }
  for (const q of needs.queues) {
    const found = await byName(repos.queues, q);
    check('queue', q, found && { id: found.id, have: queueFields(found) }, queueFields(queueInput(q, planned)));
  }
  if (conflicts.length > 0) {
    throw new AppError('CONFLICT', 'The database already holds configuration of the demo\'s names with other settings; nothing was changed', {
      problems: conflicts,
    });
  }

  const created: string[] = [];
  const passwords: { username: string; password: string }[] = [];
  const real: Ref = (kind, name) => {
    const id = ids.get(key(kind, name));
    if (id === undefined) throw new Error(`seed-demo: ${kind} ${name} was not created before it was needed`);
    return id;
  };
  const made = (kind: Kind, name: string, id: string) => {
    ids.set(key(kind, name), id);
    created.push(`${kind} ${name}`);
    deps.onCreated?.(`${kind} ${name}`);
  };
  const isMissing = (kind: Kind, name: string) => missing.has(key(kind, name));

  for (const c of needs.calendars) if (isMissing('calendar', c.name)) made('calendar', c.name, (await repos.calendars.create(calendarInput(c))).id);
  for (const s of needs.skills) if (isMissing('skill', s)) made('skill', s, (await repos.skills.create({ name: s, description: SKILL_DESCRIPTION })).id);
  if (isMissing('team', DEMO_TEAM)) made('team', DEMO_TEAM, (await repos.teams.create({ name: DEMO_TEAM, leadUserIds: [] })).id);
  for (const u of demoUsers()) {
    if (!isMissing('user', u.username)) continue;
    const { user, generatedPassword } = await users.create({ username: u.username, displayName: u.displayName, roles: [...u.roles], ...(u.phone ? { phone: u.phone } : {}) }, {});
    made('user', u.username, user.id);
    if (generatedPassword !== undefined) {
      passwords.push({ username: u.username, password: generatedPassword });
      deps.onPassword?.(u.username, generatedPassword);
    }
  }
  for (const a of DEMO_AGENTS) if (isMissing('agent', a.number)) made('agent', a.number, (await repos.agents.create(agentInput(a, needs, real))).id);
  for (const q of needs.queues) if (isMissing('queue', q)) made('queue', q, (await repos.queues.create(queueInput(q, real))).id);
  return { created, kept, passwords, warnings: needs.warnings };
}

/** `switchboard seed-demo`: seeds the configured database for the configured flows folder. */
export async function cmdSeedDemo(io: CliIo): Promise<number> {
  const config = loadConfig(io.env);
  const handle = await createDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { pgliteDir: pgliteDirOf(config) });
  try {
    await migrateToLatest(handle.db);
    const result = await seedDemo({
      db: handle.db,
      flowsDir: config.ivrFlowsDir,
      onCreated: (what) => io.out(`Created ${what}.`),
      onPassword: (username, password) => io.out(`  password for ${username} (shown only once): ${password}`),
    });
    for (const w of result.warnings) io.err(`warning: ${w}`);
    if (result.created.length === 0) {
      io.out('The demo configuration is already in place: nothing changed.');
    } else {
      io.out(`Seeded ${result.created.length} item(s); ${result.kept.length} already in place.`);
      const keptUsers = result.kept.filter((k) => k.startsWith('user '));
      for (const k of keptUsers) io.out(`${k} already existed: its password is unchanged (switchboard reset-password sets a new one).`);
    }
    return 0;
  } catch (err) {
    if (isAppError(err) && (err.code === 'CONFLICT' || err.code === 'VALIDATION_FAILED')) {
      io.err(`error ${err.code}: ${err.message}`);
      const problems = (err.details as { problems?: FieldProblem[] } | undefined)?.problems ?? [];
      for (const p of problems) io.err(`  ${p.where}: ${p.reason}`);
      return 1;
    }
    return reportError(io, err);
  } finally {
    await handle.close();
  }
}

interface Named {
  id: string;
  name: string;
}
interface NameSearch<T extends Named> {
  list(filter: { q?: string; limit?: number }): Promise<{ items: T[] }>;
}

/** The one row whose name equals `name` in any case (the list search matches parts of names). */
async function byName<T extends Named>(repo: NameSearch<T>, name: string): Promise<T | undefined> {
  const { items } = await repo.list({ q: name, limit: 500 });
  return items.find((i) => i.name.toLowerCase() === name.toLowerCase());
}

function demoUsers(): { username: string; displayName: string; roles: readonly string[]; phone?: { mode: 'fixed'; extension: string } }[] {
  return [
    ...DEMO_AGENTS.map((a) => ({ username: a.username, displayName: a.displayName, roles: ['agent'] })),
    { username: DEMO_SUPERVISOR.username, displayName: DEMO_SUPERVISOR.displayName, roles: ['supervisor'], phone: { mode: 'fixed', extension: DEMO_SUPERVISOR.extension } },
  ];
}

function calendarInput(c: { name: string; timeZone: string }): CalendarInput {
  const hours = [{ start: '08:00', end: '18:00' }];
  return { name: c.name, timeZone: c.timeZone, weekly: Object.fromEntries(OPEN_DAYS.map((d) => [d, hours])), holidays: [] };
}

function calendarFields(c: CalendarInput): Record<string, unknown> {
  return { timeZone: canonicalTimeZone(c.timeZone) ?? c.timeZone, weekly: c.weekly, holidays: c.holidays };
}

function userFields(u: Pick<UserView, 'displayName' | 'disabled'> & { roles: readonly string[] }): Record<string, unknown> {
  return { displayName: u.displayName, roles: [...u.roles].sort(), disabled: u.disabled };
}

function agentInput(a: (typeof DEMO_AGENTS)[number], needs: FlowNeeds, ref: Ref): AgentInput {
  return {
    userId: ref('user', a.username),
    number: a.number,
    displayName: a.displayName,
    teamId: ref('team', DEMO_TEAM),
    skills: needs.skills.map((s) => ({ skillId: ref('skill', s), level: SKILL_LEVEL })),
    phone: { mode: 'fixed', extension: a.extension },
    chatCapacity: DEFAULT_CHAT_CAPACITY,
    enabled: true,
  };
}

function agentFields(a: AgentInput): Record<string, unknown> {
  const skills = [...(a.skills ?? [])].sort((x, y) => (x.skillId < y.skillId ? -1 : x.skillId > y.skillId ? 1 : 0));
  return {
    userId: a.userId,
    displayName: a.displayName,
    teamId: a.teamId ?? null,
    skills,
    phone: a.phone,
    chatCapacity: a.chatCapacity ?? DEFAULT_CHAT_CAPACITY,
    enabled: a.enabled ?? true,
  };
}

function queueInput(name: string, ref: Ref): QueueInput {
  return { name, ...QUEUE_POLICY, members: DEMO_AGENTS.map((a) => ({ agentId: ref('agent', a.number), weight: 1 })) };
}

/** Every routing setting of a queue, with the repository's defaults filled in for an input. */
function queueFields(q: QueueInput | Queue): Record<string, unknown> {
  return {
    media: q.media,
    strategy: q.strategy,
    priority: q.priority ?? 0,
    agingRate: q.agingRate ?? 0,
    vipBoost: q.vipBoost ?? {},
    requiredSkills: q.requiredSkills ?? [],
    relaxation: q.relaxation ?? [],
    members: (q.members ?? []).map((m) => ({ agentId: m.agentId, weight: m.weight ?? 1 })),
    maxQueueSize: q.maxQueueSize ?? null,
    maxWaitSeconds: q.maxWaitSeconds ?? null,
    maxWaitAction: q.maxWaitAction ?? null,
    wrapUpSeconds: q.wrapUpSeconds ?? 0,
    noAnswerTimeoutSeconds: q.noAnswerTimeoutSeconds ?? 20,
    maxMissesBeforeNotReady: q.maxMissesBeforeNotReady ?? 3,
    calendarId: q.calendarId ?? null,
    closedAction: q.closedAction ?? null,
    overflowQueueId: q.overflowQueueId ?? null,
    announcements: { position: false, estimatedWait: false, everySeconds: null, ...q.announcements },
    recordingRetentionDays: q.recordingRetentionDays ?? null,
    serviceLevelSeconds: q.serviceLevelSeconds ?? DEFAULT_SERVICE_LEVEL_SECONDS,
  };
}
