/**
 * Configuration repositories: what the routing engine, call handling and the REST API read and
 * write. Construct once with the database; every write is one transaction.
 */
import { AgentsRepo } from './agents-repo.js';
import { BreakReasonsRepo } from './break-reasons-repo.js';
import { CalendarsRepo } from './calendars-repo.js';
import { CustomersRepo } from './customers-repo.js';
import { QueuesRepo } from './queues-repo.js';
import type { RepoDeps } from './repo-deps.js';
import { SkillsRepo } from './skills-repo.js';
import { TeamsRepo } from './teams-repo.js';

export { AgentsRepo, type AgentFilter, DEFAULT_CHAT_CAPACITY } from './agents-repo.js';
export { BreakReasonsRepo, type BreakReasonFilter } from './break-reasons-repo.js';
export { CalendarsRepo, type CalendarFilter } from './calendars-repo.js';
export { CustomersRepo, type CustomerFilter } from './customers-repo.js';
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

export interface ConfigRepos {
  skills: SkillsRepo;
  teams: TeamsRepo;
  agents: AgentsRepo;
  calendars: CalendarsRepo;
  queues: QueuesRepo;
  breakReasons: BreakReasonsRepo;
  customers: CustomersRepo;
}

export function createConfigRepos(deps: RepoDeps): ConfigRepos {
  return {
    skills: new SkillsRepo(deps),
    teams: new TeamsRepo(deps),
    agents: new AgentsRepo(deps),
    calendars: new CalendarsRepo(deps),
    queues: new QueuesRepo(deps),
    breakReasons: new BreakReasonsRepo(deps),
    customers: new CustomersRepo(deps),
  };
}
