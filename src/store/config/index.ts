/**
 * Configuration repositories: what the routing engine, call handling and the REST API read and
 * write. Construct once with the database; every write is one transaction, which `transact`
 * widens to take in the audit entry.
 */
import type { AuditLog } from '../../accounts/audit.js';
import { transactWithAudit } from '../accounts/unit-of-work.js';
import { AgentsRepo } from './agents-repo.js';
import { BreakReasonsRepo } from './break-reasons-repo.js';
import { CalendarsRepo } from './calendars-repo.js';
import { CustomersRepo } from './customers-repo.js';
import { DispositionsRepo } from './dispositions-repo.js';
import { QueuesRepo } from './queues-repo.js';
import type { RepoDeps } from './repo-deps.js';
import { SkillsRepo } from './skills-repo.js';
import { TeamsRepo } from './teams-repo.js';

export { AgentsRepo, type AgentFilter, DEFAULT_CHAT_CAPACITY } from './agents-repo.js';
export { BreakReasonsRepo, type BreakReasonFilter } from './break-reasons-repo.js';
export { CalendarsRepo, type CalendarFilter } from './calendars-repo.js';
export { CustomersRepo, type CustomerFilter } from './customers-repo.js';
export { DispositionsRepo, type DispositionFilter } from './dispositions-repo.js';
export { QueuesRepo, type QueueFilter } from './queues-repo.js';
export { SkillsRepo, type SkillFilter } from './skills-repo.js';
export { TeamsRepo, type TeamFilter } from './teams-repo.js';
export { normalizePhone, phoneLookupForms } from './phone-number.js';
export { ConfigPrincipalLinks } from './principal-links.js';
export { AcdConfigSync, type RoutingTarget } from './acd-config-sync.js';
export { toAcdAgentProfile, toAcdQueueConfig, toExitAction } from './acd-mapping.js';
export type { Page, PageRequest } from './paging.js';
export type { RepoDeps } from './repo-deps.js';
export * from './model.js';

export interface ConfigRepoSet {
  skills: SkillsRepo;
  teams: TeamsRepo;
  agents: AgentsRepo;
  calendars: CalendarsRepo;
  queues: QueuesRepo;
  breakReasons: BreakReasonsRepo;
  dispositions: DispositionsRepo;
  customers: CustomersRepo;
}

export interface ConfigRepos extends ConfigRepoSet {
  /**
   * One unit of work: the repositories and the audit log handed to `fn` share one transaction, so
   * a configuration change and its audit entry are stored together or not at all. Audit events
   * are announced only after the commit.
   */
  transact<T>(audit: AuditLog, fn: (repos: ConfigRepoSet, audit: AuditLog) => Promise<T>): Promise<T>;
}

function createRepoSet(deps: RepoDeps): ConfigRepoSet {
  return {
    skills: new SkillsRepo(deps),
    teams: new TeamsRepo(deps),
    agents: new AgentsRepo(deps),
    calendars: new CalendarsRepo(deps),
    queues: new QueuesRepo(deps),
    breakReasons: new BreakReasonsRepo(deps),
    dispositions: new DispositionsRepo(deps),
    customers: new CustomersRepo(deps),
  };
}

export function createConfigRepos(deps: RepoDeps): ConfigRepos {
  return {
    ...createRepoSet(deps),
    transact: (audit, fn) => transactWithAudit(deps.db, audit, (trx, log) => fn(createRepoSet({ ...deps, db: trx }), log)),
  };
}
