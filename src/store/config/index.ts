/**
 * The directory's store (src/directory/ports.ts): the configuration repositories over kysely.
 * Construct once with the database; every write is one transaction, which `transact` widens to
 * take in the audit entry.
 */
import { transactWithAudit } from '../accounts/unit-of-work.js';
import type { DirectoryRepos, DirectoryStore } from '../../directory/ports.js';
import { AgentsRepo } from './agents-repo.js';
import { BreakReasonsRepo } from './break-reasons-repo.js';
import { CalendarsRepo } from './calendars-repo.js';
import { CustomersRepo } from './customers-repo.js';
import { CustomerFieldsRepo } from './customer-fields-repo.js';
import { DispositionsRepo } from './dispositions-repo.js';
import { QueuesRepo } from './queues-repo.js';
import type { RepoDeps } from './repo-deps.js';
import { SkillsRepo } from './skills-repo.js';
import { TeamsRepo } from './teams-repo.js';

export { AgentsRepo } from './agents-repo.js';
export { BreakReasonsRepo } from './break-reasons-repo.js';
export { CalendarsRepo } from './calendars-repo.js';
export { CustomersRepo } from './customers-repo.js';
export { CustomerFieldsRepo } from './customer-fields-repo.js';
export { DispositionsRepo } from './dispositions-repo.js';
export { QueuesRepo } from './queues-repo.js';
export { SkillsRepo } from './skills-repo.js';
export { TeamsRepo } from './teams-repo.js';
export { ConfigPrincipalLinks } from './principal-links.js';
export type { RepoDeps } from './repo-deps.js';

export interface ConfigRepoSet extends DirectoryRepos {
  skills: SkillsRepo;
  teams: TeamsRepo;
  agents: AgentsRepo;
  calendars: CalendarsRepo;
  queues: QueuesRepo;
  breakReasons: BreakReasonsRepo;
  dispositions: DispositionsRepo;
  customers: CustomersRepo;
  customerFields: CustomerFieldsRepo;
}

export type ConfigRepos = ConfigRepoSet & DirectoryStore;

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
    customerFields: new CustomerFieldsRepo(deps),
  };
}

export function createConfigRepos(deps: RepoDeps): ConfigRepos {
  return {
    ...createRepoSet(deps),
    transact: (audit, fn) => transactWithAudit(deps.db, audit, (trx, log) => fn(createRepoSet({ ...deps, db: trx }), log)),
  };
}
