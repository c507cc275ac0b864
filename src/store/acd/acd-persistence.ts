import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AgentRecord, AgentTransition } from '../../agents/agent-state.js';
import type { AcdPersistence, AcdSnapshot, AcdWrite, ContactRecord, OfferRecord, OfferState } from '../../acd/ports.js';
import type { ContactState, OfferKind } from '../../acd/types.js';
import type { Media } from '../../core/events.js';
import type { Database } from '../schema.js';
import type { AcdContactsTable, AcdOffersTable } from '../tables/acd.js';

/**
 * The routing engine's persistence port on kysely (PGlite or PostgreSQL). A batch is one
 * transaction; contacts, offers and agents are upserts (the last write of an id in a batch wins),
 * transitions are appended in order.
 */

const ROWS_PER_STATEMENT = 500;

/** Open-ended ranges are clamped to 1970..9999, which both engines parse. */
const MAX_DATE_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function date(ms: number): Date {
  return new Date(ms);
}

function ms(d: Date | string): number {
  return d instanceof Date ? d.getTime() : new Date(d).getTime();
}

function msOrNull(d: Date | string | null): number | null {
  return d === null ? null : ms(d);
}

function json<T>(v: T | string): T {
  return typeof v === 'string' ? (JSON.parse(v) as T) : v;
}

function lastById<T>(items: T[], id: (t: T) => string): T[] {
  const map = new Map<string, T>();
  for (const item of items) map.set(id(item), item);
  return [...map.values()];
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += ROWS_PER_STATEMENT) out.push(items.slice(i, i + ROWS_PER_STATEMENT));
  return out;
}

function contactRow(c: ContactRecord) {
  return {
    id: c.id,
    media: c.media,
    queue_id: c.queueId,
    priority: c.priority,
    attributes: JSON.stringify(c.attributes),
    required_skills: JSON.stringify(c.requiredSkills),
    customer_level: c.customerLevel,
    enqueued_at: date(c.enqueuedAt),
    queue_entered_at: date(c.queueEnteredAt),
    rank: c.rank,
    seq: c.seq,
    state: c.state,
    relax_step: c.relaxStep,
    agent_id: c.agentId,
    declined_until: JSON.stringify(c.declinedUntil),
    callback_number: c.callbackNumber,
    answered_at: c.answeredAt === null ? null : date(c.answeredAt),
    ended_at: c.endedAt === null ? null : date(c.endedAt),
    outcome: c.outcome,
  };
}

function toContact(r: Selectable<AcdContactsTable>): ContactRecord {
  return {
    id: r.id,
    media: r.media as Media,
    queueId: r.queue_id,
    priority: Number(r.priority),
    attributes: json(r.attributes),
    requiredSkills: json(r.required_skills),
    customerLevel: r.customer_level,
    enqueuedAt: ms(r.enqueued_at),
    queueEnteredAt: ms(r.queue_entered_at),
    rank: Number(r.rank),
    seq: Number(r.seq),
    state: r.state as ContactState,
    relaxStep: r.relax_step,
    agentId: r.agent_id,
    declinedUntil: json(r.declined_until),
    callbackNumber: r.callback_number,
    answeredAt: msOrNull(r.answered_at),
    endedAt: msOrNull(r.ended_at),
    outcome: r.outcome,
  };
}

function offerRow(o: OfferRecord) {
  return {
    id: o.id,
    kind: o.kind,
    contact_id: o.contactId,
    agent_id: o.agentId,
    queue_id: o.queueId,
    media: o.media,
    offered_at: date(o.offeredAt),
    expires_at: date(o.expiresAt),
    state: o.state,
    resolved_at: o.resolvedAt === null ? null : date(o.resolvedAt),
    reason: o.reason,
  };
}

function toOffer(r: Selectable<AcdOffersTable>): OfferRecord {
  return {
    id: r.id,
    kind: r.kind as OfferKind,
    contactId: r.contact_id,
    agentId: r.agent_id,
    queueId: r.queue_id,
    media: r.media as Media,
    offeredAt: ms(r.offered_at),
    expiresAt: ms(r.expires_at),
    state: r.state as OfferState,
    resolvedAt: msOrNull(r.resolved_at),
    reason: r.reason,
  };
}

/** How long a written batch's id is kept (its retry comes within minutes) and how often old ones are swept. */
const BATCH_IDS_KEPT_MS = 24 * 3600_000;
const SWEEP_EVERY = 1_000;

export class KyselyAcdPersistence implements AcdPersistence {
  private idsSinceSweep = 0;
  constructor(private readonly db: Kysely<Database>) {}

  async write(batch: readonly AcdWrite[], batchId?: string): Promise<void> {
    if (batch.length === 0) return;
    const contacts: ContactRecord[] = [];
    const offers: OfferRecord[] = [];
    const agents: AgentRecord[] = [];
    const transitions: AgentTransition[] = [];
    for (const w of batch) {
      if (w.kind === 'contact') contacts.push(w.contact);
      else if (w.kind === 'offer') offers.push(w.offer);
      else if (w.kind === 'agent') agents.push(w.agent);
      else transitions.push(w.transition);
    }
    await this.db.transaction().execute(async (tx) => {
      // Only transitions are appends; contacts, offers and agents are upserts, and a retried batch
      // goes first in line (nothing newer was stored since), so writing them again is harmless.
      // So only a batch holding transitions pays for the id (most batches hold none).
      if (batchId !== undefined && transitions.length > 0) {
        // Stored with the batch, in its transaction: present means this batch already landed.
        const fresh = await tx.insertInto('acd_write_batches').values({ id: batchId, at: new Date() }).onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
        if (!fresh) return;
        if (++this.idsSinceSweep >= SWEEP_EVERY) {
          this.idsSinceSweep = 0;
          // A retry comes within minutes; a day of ids is plenty and keeps the table small.
          await tx.deleteFrom('acd_write_batches').where('at', '<', new Date(Date.now() - BATCH_IDS_KEPT_MS)).execute();
        }
      }
      await this.upsertContacts(tx, lastById(contacts, (c) => c.id));
      await this.upsertOffers(tx, lastById(offers, (o) => o.id));
      await this.upsertAgents(tx, lastById(agents, (a) => a.id));
      for (const part of chunks(transitions)) {
        await tx
          .insertInto('acd_agent_transitions')
          .values(part.map((t) => ({ agent_id: t.agentId, at: date(t.at), from_state: t.from, to_state: t.to, reason: t.reason, by_user: t.by })))
          .execute();
      }
    });
  }

  private async upsertContacts(tx: Transaction<Database>, rows: ContactRecord[]): Promise<void> {
    for (const part of chunks(rows)) {
      await tx
        .insertInto('acd_contacts')
        .values(part.map(contactRow))
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            media: eb.ref('excluded.media'),
            queue_id: eb.ref('excluded.queue_id'),
            priority: eb.ref('excluded.priority'),
            attributes: eb.ref('excluded.attributes'),
            required_skills: eb.ref('excluded.required_skills'),
            customer_level: eb.ref('excluded.customer_level'),
            enqueued_at: eb.ref('excluded.enqueued_at'),
            queue_entered_at: eb.ref('excluded.queue_entered_at'),
            rank: eb.ref('excluded.rank'),
            seq: eb.ref('excluded.seq'),
            state: eb.ref('excluded.state'),
            relax_step: eb.ref('excluded.relax_step'),
            agent_id: eb.ref('excluded.agent_id'),
            declined_until: eb.ref('excluded.declined_until'),
            callback_number: eb.ref('excluded.callback_number'),
            answered_at: eb.ref('excluded.answered_at'),
            ended_at: eb.ref('excluded.ended_at'),
            outcome: eb.ref('excluded.outcome'),
          })),
        )
        .execute();
    }
  }

  private async upsertOffers(tx: Transaction<Database>, rows: OfferRecord[]): Promise<void> {
    for (const part of chunks(rows)) {
      await tx
        .insertInto('acd_offers')
        .values(part.map(offerRow))
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            state: eb.ref('excluded.state'),
            resolved_at: eb.ref('excluded.resolved_at'),
            reason: eb.ref('excluded.reason'),
            expires_at: eb.ref('excluded.expires_at'),
          })),
        )
        .execute();
    }
  }

  private async upsertAgents(tx: Transaction<Database>, rows: AgentRecord[]): Promise<void> {
    for (const part of chunks(rows)) {
      await tx
        .insertInto('acd_agent_states')
        .values(part.map((a) => ({ agent_id: a.id, presence: a.presence, state: a.state, reason: a.reason, state_since: date(a.stateSince), record: JSON.stringify(a) })))
        .onConflict((oc) =>
          oc.column('agent_id').doUpdateSet((eb) => ({
            presence: eb.ref('excluded.presence'),
            state: eb.ref('excluded.state'),
            reason: eb.ref('excluded.reason'),
            state_since: eb.ref('excluded.state_since'),
            record: eb.ref('excluded.record'),
          })),
        )
        .execute();
    }
  }

  async load(): Promise<AcdSnapshot> {
    const [contacts, offers, agents] = await Promise.all([
      this.db.selectFrom('acd_contacts').selectAll().where('state', '<>', 'ended').orderBy('seq').execute(),
      this.db.selectFrom('acd_offers').selectAll().where('state', '=', 'open').orderBy('offered_at').orderBy('id').execute(),
      this.db.selectFrom('acd_agent_states').select(['record']).orderBy('agent_id').execute(),
    ]);
    return {
      contacts: contacts.map(toContact),
      offers: offers.map(toOffer),
      agents: agents.map((r) => json<AgentRecord>(r.record as AgentRecord | string)),
    };
  }

  async contactsSince(at: number): Promise<ContactRecord[]> {
    const rows = await this.db
      .selectFrom('acd_contacts')
      .selectAll()
      .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', date(Math.max(at, 0)))]))
      .orderBy('seq')
      .execute();
    return rows.map(toContact);
  }

  async transitions(agentId: string, from: number, to: number): Promise<AgentTransition[]> {
    const rows = await this.db
      .selectFrom('acd_agent_transitions')
      .selectAll()
      .where('agent_id', '=', agentId)
      .where('at', '>=', date(Math.max(from, 0)))
      .where('at', '<', date(Math.min(to, MAX_DATE_MS)))
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      agentId: r.agent_id,
      at: ms(r.at),
      from: r.from_state as AgentTransition['from'],
      to: r.to_state as AgentTransition['to'],
      reason: r.reason,
      by: r.by_user,
    }));
  }
}
