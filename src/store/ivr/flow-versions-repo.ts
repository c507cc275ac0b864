import type { Kysely } from 'kysely';
import type { FlowVersionRecord, FlowVersionStore } from '../../ivr/ports.js';
import type { Database } from '../schema.js';

/** Every accepted version of each IVR flow, numbered per flow, with when and by whom it changed. */
export class FlowVersionsRepo implements FlowVersionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async recordVersion(v: { flow: string; hash: string; source: string; file: string; changedAt: number; changedBy: string | null }): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      const latest = await tx
        .selectFrom('ivr_flow_versions')
        .select(['version', 'hash'])
        .where('flow', '=', v.flow)
        .orderBy('version', 'desc')
        .limit(1)
        .forUpdate()
        .executeTakeFirst();
      if (latest?.hash === v.hash) return latest.version;
      const version = (latest?.version ?? 0) + 1;
      await tx
        .insertInto('ivr_flow_versions')
        .values({ flow: v.flow, version, hash: v.hash, source: v.source, file: v.file, changed_at: new Date(v.changedAt), changed_by: v.changedBy })
        .execute();
      return version;
    });
  }

  async listVersions(flow: string): Promise<Omit<FlowVersionRecord, 'source'>[]> {
    const rows = await this.db
      .selectFrom('ivr_flow_versions')
      .select(['flow', 'version', 'hash', 'file', 'changed_at', 'changed_by'])
      .where('flow', '=', flow)
      .orderBy('version', 'desc')
      .execute();
    return rows.map((r) => ({ flow: r.flow, version: r.version, hash: r.hash, file: r.file, changedAt: r.changed_at.getTime(), changedBy: r.changed_by }));
  }

  async getVersion(flow: string, version: number): Promise<FlowVersionRecord | undefined> {
    const r = await this.db.selectFrom('ivr_flow_versions').selectAll().where('flow', '=', flow).where('version', '=', version).executeTakeFirst();
    return r && { flow: r.flow, version: r.version, hash: r.hash, source: r.source, file: r.file, changedAt: r.changed_at.getTime(), changedBy: r.changed_by };
  }
}
