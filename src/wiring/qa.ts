/** Wiring, not domain: quality scoring over its store. */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../accounts/audit.js';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { QaService } from '../qa/qa-service.js';
import { QaRepo } from '../store/qa/qa-repo.js';
import type { Database } from '../store/schema.js';

export function createQa(d: { db: Kysely<Database>; audit: AuditLog; clock: Clock; teamsOf: (agentId: string) => string[] }): QaService {
  return new QaService({ store: new QaRepo(d.db), audit: d.audit, clock: d.clock, newId, teamsOf: d.teamsOf });
}
