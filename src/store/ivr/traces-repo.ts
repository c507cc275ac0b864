import { sql, type Kysely } from 'kysely';
import { newId } from '../../core/ids.js';
import type { AbandonPoint, CallTrace, TraceStore } from '../../ivr/ports.js';
import type { Database } from '../schema.js';

const toDate = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

/** Each call's path through the IVR, for the screen-pop and the abandon-point report. */
export class IvrTracesRepo implements TraceStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly ids: () => string = newId,
  ) {}

  async saveTrace(trace: CallTrace): Promise<void> {
    const id = this.ids();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('ivr_traces')
        .values({
          id,
          call_id: trace.callId,
          flow: trace.flow,
          version: trace.version,
          started_at: new Date(trace.startedAt),
          ended_at: toDate(trace.endedAt),
          exit: trace.exit,
          exit_node: trace.exitNode,
          variables: JSON.stringify(trace.variables),
        })
        .execute();
      if (trace.steps.length > 0) {
        await tx
          .insertInto('ivr_trace_steps')
          .values(
            trace.steps.map((s) => ({
              trace_id: id,
              seq: s.seq,
              flow: s.flow,
              node: s.node,
              kind: s.kind,
              entered_at: new Date(s.enteredAt),
              left_at: toDate(s.leftAt),
              digits: s.digits,
              result: s.result,
            })),
          )
          .execute();
      }
    });
  }

  /** The call's latest IVR trace (a post-call survey comes after the inbound IVR). */
  async getTrace(callId: string): Promise<CallTrace | undefined> {
    const t = await this.db.selectFrom('ivr_traces').selectAll().where('call_id', '=', callId).orderBy('started_at', 'desc').limit(1).executeTakeFirst();
    if (!t) return undefined;
    const steps = await this.db.selectFrom('ivr_trace_steps').selectAll().where('trace_id', '=', t.id).orderBy('seq').execute();
    return {
      callId: t.call_id,
      flow: t.flow,
      version: t.version,
      startedAt: t.started_at.getTime(),
      endedAt: t.ended_at?.getTime() ?? null,
      exit: t.exit,
      exitNode: t.exit_node,
      variables: typeof t.variables === 'string' ? (JSON.parse(t.variables) as Record<string, string>) : t.variables,
      steps: steps.map((s) => ({
        seq: s.seq,
        flow: s.flow,
        node: s.node,
        kind: s.kind,
        enteredAt: s.entered_at.getTime(),
        leftAt: s.left_at?.getTime() ?? null,
        digits: s.digits,
        result: s.result,
      })),
    };
  }

  async abandonPoints(fromMs: number, toMs: number, flow?: string): Promise<AbandonPoint[]> {
    let q = this.db
      .selectFrom('ivr_traces')
      .select(['flow', 'exit_node', sql<string>`count(*)`.as('n')])
      .where('exit', '=', 'abandoned')
      .where('started_at', '>=', new Date(fromMs))
      .where('started_at', '<', new Date(toMs));
    if (flow !== undefined) q = q.where('flow', '=', flow);
    const rows = await q.groupBy(['flow', 'exit_node']).orderBy('n', 'desc').orderBy('flow').orderBy('exit_node').execute();
    return rows.map((r) => ({ flow: r.flow, node: r.exit_node ?? '', count: Number(r.n) }));
  }
}
