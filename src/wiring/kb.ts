/** Wiring, not domain: the knowledge base over its store. */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../accounts/audit.js';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { KbService } from '../kb/kb-service.js';
import { KbRepo } from '../store/kb/kb-repo.js';
import type { Database } from '../store/schema.js';

export function createKb(d: { db: Kysely<Database>; audit: AuditLog; clock: Clock }): KbService {
  return new KbService({ store: new KbRepo(d.db), audit: d.audit, clock: d.clock, newId });
}
