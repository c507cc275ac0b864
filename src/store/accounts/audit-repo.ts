import type { Kysely } from 'kysely';
import type { AuditEntry, AuditLog, AuditQuery, AuditReader, AuditRecord } from '../../accounts/audit.js';
import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import type { EventBus } from '../../core/events.js';
import type { Database } from '../schema.js';

const MAX_PAGE = 500;

/** The audit log in the audit_log table; each entry is also announced to admins on the bus. */
export class KyselyAuditLog implements AuditLog, AuditReader {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly bus?: EventBus,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    const at = await writeEntry(this.db, this.clock, entry);
    this.announce(entry, at);
  }

  /**
   * The same log writing on `trx`: entries commit or roll back with the rest of the unit of work,
   * and are announced on the bus only by `afterCommit`.
   */
  inTransaction(trx: Kysely<Database>): { log: AuditLog; afterCommit(): void } {
    const written: { entry: AuditEntry; at: number }[] = [];
    return {
      log: {
        record: async (entry) => {
          written.push({ entry, at: await writeEntry(trx, this.clock, entry) });
        },
      },
      afterCommit: () => {
        for (const w of written) this.announce(w.entry, w.at);
      },
    };
  }

  private announce(entry: AuditEntry, at: number): void {
    this.bus?.publish({
      type: 'audit.recorded',
      at,
      scope: { adminOnly: true },
      action: entry.action,
      ...(entry.actorId ? { actorId: entry.actorId } : {}),
      ...(entry.target ? { target: entry.target } : {}),
    });
  }

  async query(q: AuditQuery): Promise<AuditRecord[]> {
    let query = this.db.selectFrom('audit_log').selectAll();
    if (q.actorId) query = query.where('actor_id', '=', q.actorId);
    if (q.action) {
      query = q.action.endsWith('.')
        ? query.where('action', 'like', `${q.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
        : query.where('action', '=', q.action);
    }
    if (q.from !== undefined) query = query.where('at', '>=', new Date(q.from));
    if (q.to !== undefined) query = query.where('at', '<', new Date(q.to));
    if (q.before) {
      const cursor = await this.db.selectFrom('audit_log').select(['at', 'id']).where('id', '=', q.before).executeTakeFirst();
      if (cursor) {
        query = query.where((eb) =>
          eb.or([eb('at', '<', cursor.at), eb.and([eb('at', '=', cursor.at), eb('id', '<', cursor.id)])]),
        );
      }
    }
    const rows = await query
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.min(Math.max(q.limit ?? 100, 1), MAX_PAGE))
      .execute();
    return rows.map((r) => ({
      id: r.id,
      at: r.at.getTime(),
      action: r.action,
      ...(r.actor_id ? { actorId: r.actor_id } : {}),
      ...(r.target ? { target: r.target } : {}),
      ...(r.details ? { details: r.details } : {}),
      ...(r.ip ? { ip: r.ip } : {}),
    }));
  }
}

async function writeEntry(db: Kysely<Database>, clock: Clock, entry: AuditEntry): Promise<number> {
  const at = clock.now();
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      at: new Date(at),
      actor_id: entry.actorId ?? null,
      action: entry.action,
      target: entry.target ?? null,
      details: entry.details === undefined ? null : JSON.stringify(entry.details),
      ip: entry.ip ?? null,
    })
    .execute();
  return at;
}
