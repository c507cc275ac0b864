import type { Kysely, Selectable } from 'kysely';
import { validationError } from '../../core/errors.js';
import type { Database } from '../schema.js';
import type { QueuesTable } from '../tables/config.js';
import { notFound, withConstraints, type ConstraintMeaning } from './db-errors.js';
import type { Media, RoutingStrategy } from '../../core/vocabulary.js';
import { DEFAULT_SERVICE_LEVEL_SECONDS, type Queue, type QueueInput } from '../../directory/model.js';
import { likePattern } from './like-pattern.js';
import { pageBounds, type Page } from '../../core/paging.js';
import { isOverflowStep, joinAction, queueProblems, queueReferences, requireNoSelfReference, splitAction } from '../../directory/queue-rules.js';
import { requireDistinct, requireExisting, requireRow } from './references.js';
import { epochMs, json, resolveDeps, type RepoDeps, type ResolvedRepoDeps, inTransaction } from './repo-deps.js';
import type { QueueFilter, QueueRepository } from '../../directory/ports.js';

const WRITE_CONSTRAINTS: Record<string, ConstraintMeaning> = {
  queues_name_lower: { field: '/name', kind: 'duplicate' },
  queues_calendar_id_fkey: { field: '/calendarId', kind: 'unknown_reference' },
  queues_overflow_queue_id_fkey: { field: '/overflowQueueId', kind: 'unknown_reference' },
  queues_max_wait_queue_id_fkey: { field: '/maxWaitAction', kind: 'unknown_reference' },
  queues_closed_queue_id_fkey: { field: '/closedAction', kind: 'unknown_reference' },
  queue_skills_skill_id_fkey: { field: '/requiredSkills', kind: 'unknown_reference' },
  queue_relaxation_steps_overflow_queue_id_fkey: { field: '/relaxation', kind: 'unknown_reference' },
  queue_members_agent_id_fkey: { field: '/members', kind: 'unknown_reference' },
};

const DELETE_CONSTRAINTS: Record<string, ConstraintMeaning> = {
  queues_overflow_queue_id_fkey: { field: 'queues', kind: 'in_use' },
  queues_max_wait_queue_id_fkey: { field: 'queues', kind: 'in_use' },
  queues_closed_queue_id_fkey: { field: 'queues', kind: 'in_use' },
  queue_relaxation_steps_overflow_queue_id_fkey: { field: 'queues', kind: 'in_use' },
};

async function hydrate(db: Kysely<Database>, rows: Selectable<QueuesTable>[]): Promise<Queue[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [skills, steps, members] = await Promise.all([
    db.selectFrom('queue_skills').selectAll().where('queue_id', 'in', ids).orderBy('skill_id').execute(),
    db.selectFrom('queue_relaxation_steps').selectAll().where('queue_id', 'in', ids).orderBy('position').execute(),
    db.selectFrom('queue_members').selectAll().where('queue_id', 'in', ids).orderBy('position').execute(),
  ]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    media: r.media as Media,
    strategy: r.strategy as RoutingStrategy,
    priority: r.priority,
    agingRate: r.aging_rate,
    vipBoost: r.vip_boost,
    requiredSkills: skills.filter((s) => s.queue_id === r.id).map((s) => ({ skillId: s.skill_id, minLevel: s.min_level })),
    relaxation: steps
      .filter((s) => s.queue_id === r.id)
      .map((s) =>
        s.overflow_queue_id !== null
          ? { afterSeconds: s.after_seconds, overflowQueueId: s.overflow_queue_id }
          : { afterSeconds: s.after_seconds, acceptLevel: s.accept_level ?? 1 },
      ),
    members: members.filter((m) => m.queue_id === r.id).map((m) => ({ agentId: m.agent_id, weight: m.weight })),
    maxQueueSize: r.max_queue_size,
    maxWaitSeconds: r.max_wait_seconds,
    maxWaitAction: joinAction(r.max_wait_action, r.max_wait_queue_id),
    wrapUpSeconds: r.wrap_up_seconds,
    noAnswerTimeoutSeconds: r.no_answer_timeout_seconds,
    maxMissesBeforeNotReady: r.max_misses,
    calendarId: r.calendar_id,
    closedAction: joinAction(r.closed_action, r.closed_queue_id),
    overflowQueueId: r.overflow_queue_id,
    announcements: r.announcements,
    enabled: r.enabled,
    recordingRetentionDays: r.recording_retention_days,
    serviceLevelSeconds: r.service_level_seconds,
    createdAt: epochMs(r.created_at),
    updatedAt: epochMs(r.updated_at),
  }));
}

function columns(input: QueueInput) {
  const maxWait = splitAction(input.maxWaitAction);
  const closed = splitAction(input.closedAction);
  return {
    name: input.name.trim(),
    enabled: input.enabled ?? true,
    media: input.media,
    strategy: input.strategy,
    priority: input.priority ?? 0,
    aging_rate: input.agingRate ?? 0,
    vip_boost: json(input.vipBoost ?? {}),
    max_queue_size: input.maxQueueSize ?? null,
    max_wait_seconds: input.maxWaitSeconds ?? null,
    max_wait_action: maxWait.action,
    max_wait_queue_id: maxWait.queueId,
    wrap_up_seconds: input.wrapUpSeconds ?? 0,
    no_answer_timeout_seconds: input.noAnswerTimeoutSeconds ?? 20,
    max_misses: input.maxMissesBeforeNotReady ?? 3,
    calendar_id: input.calendarId ?? null,
    closed_action: closed.action,
    closed_queue_id: closed.queueId,
    overflow_queue_id: input.overflowQueueId ?? null,
    announcements: json({
      position: input.announcements?.position ?? false,
      estimatedWait: input.announcements?.estimatedWait ?? false,
      everySeconds: input.announcements?.everySeconds ?? null,
    }),
    recording_retention_days: input.recordingRetentionDays ?? null,
    service_level_seconds: input.serviceLevelSeconds ?? DEFAULT_SERVICE_LEVEL_SECONDS,
  };
}

async function checkInput(db: Kysely<Database>, input: QueueInput, selfId: string): Promise<void> {
  const problems = queueProblems(input);
  if (problems.length > 0) throw validationError(problems);
  const skills = input.requiredSkills ?? [];
  requireDistinct(skills, (s) => s.skillId, (i) => `/requiredSkills/${i}/skillId`);
  const members = input.members ?? [];
  requireDistinct(members, (m) => m.agentId, (i) => `/members/${i}/agentId`);
  const refs = queueReferences(input);
  requireNoSelfReference(refs, selfId);
  await requireExisting(db, 'skills', skills.map((s, i) => ({ where: `/requiredSkills/${i}/skillId`, id: s.skillId })), 'skill');
  await requireExisting(db, 'queues', refs, 'queue');
  await requireExisting(db, 'agents', members.map((m, i) => ({ where: `/members/${i}/agentId`, id: m.agentId })), 'agent');
  if (input.calendarId) await requireExisting(db, 'calendars', [{ where: '/calendarId', id: input.calendarId }], 'calendar');
}

async function writeChildren(trx: Kysely<Database>, queueId: string, input: QueueInput): Promise<void> {
  const skills = input.requiredSkills ?? [];
  if (skills.length > 0) {
    await trx
      .insertInto('queue_skills')
      .values(skills.map((s) => ({ queue_id: queueId, skill_id: s.skillId, min_level: s.minLevel })))
      .execute();
  }
  const members = input.members ?? [];
  if (members.length > 0) {
    await trx
      .insertInto('queue_members')
      .values(members.map((m, position) => ({ queue_id: queueId, agent_id: m.agentId, position, weight: m.weight ?? 1 })))
      .execute();
  }
  const steps = input.relaxation ?? [];
  if (steps.length > 0) {
    await trx
      .insertInto('queue_relaxation_steps')
      .values(
        steps.map((s, position) => ({
          queue_id: queueId,
          position,
          after_seconds: s.afterSeconds,
          accept_level: isOverflowStep(s) ? null : s.acceptLevel,
          overflow_queue_id: isOverflowStep(s) ? s.overflowQueueId : null,
        })),
      )
      .execute();
  }
}

export class QueuesRepo implements QueueRepository {
  private readonly deps: ResolvedRepoDeps;
  constructor(deps: RepoDeps) {
    this.deps = resolveDeps(deps);
  }

  async list(filter: QueueFilter = {}): Promise<Page<Queue>> {
    const { limit, offset } = pageBounds(filter);
    const text = filter.q?.trim().toLowerCase();
    const { media, skillId, calendarId, agentId } = filter;
    let q = this.deps.db.selectFrom('queues');
    if (text) q = q.where((eb) => eb(eb.fn('lower', ['name']), 'like', likePattern(text)));
    if (media) q = q.where('media', '=', media);
    if (calendarId) q = q.where('calendar_id', '=', calendarId);
    if (skillId) {
      q = q.where('id', 'in', (eb) => eb.selectFrom('queue_skills').select('queue_id').where('skill_id', '=', skillId));
    }
    if (agentId) {
      q = q.where('id', 'in', (eb) => eb.selectFrom('queue_members').select('queue_id').where('agent_id', '=', agentId));
    }
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy('name').orderBy('id').limit(limit).offset(offset).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: await hydrate(this.deps.db, rows), total: Number(count.n), limit, offset };
  }

  async find(id: string): Promise<Queue | undefined> {
    const row = await this.deps.db.selectFrom('queues').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? (await hydrate(this.deps.db, [row]))[0] : undefined;
  }

  async get(id: string): Promise<Queue> {
    const queue = await this.find(id);
    if (!queue) throw notFound('queue', id);
    return queue;
  }

  async create(input: QueueInput): Promise<Queue> {
    const id = this.deps.newId();
    const now = new Date(this.deps.clock.now());
    await withConstraints(WRITE_CONSTRAINTS, () =>
      inTransaction(this.deps.db, async (trx) => {
        await checkInput(trx, input, id);
        await trx.insertInto('queues').values({ id, ...columns(input), created_at: now, updated_at: now }).execute();
        await writeChildren(trx, id, input);
      }),
    );
    return this.get(id);
  }

  async update(id: string, input: QueueInput): Promise<Queue> {
    await withConstraints(WRITE_CONSTRAINTS, () =>
      inTransaction(this.deps.db, async (trx) => {
        await requireRow(trx, 'queues', id, 'queue');
        await checkInput(trx, input, id);
        await trx
          .updateTable('queues')
          .set({ ...columns(input), updated_at: new Date(this.deps.clock.now()) })
          .where('id', '=', id)
          .execute();
        await trx.deleteFrom('queue_skills').where('queue_id', '=', id).execute();
        await trx.deleteFrom('queue_relaxation_steps').where('queue_id', '=', id).execute();
        await trx.deleteFrom('queue_members').where('queue_id', '=', id).execute();
        await writeChildren(trx, id, input);
      }),
    );
    return this.get(id);
  }

  /** Refused (CONFLICT) while another queue overflows or exits into this one. */
  async delete(id: string): Promise<void> {
    const res = await withConstraints(
      DELETE_CONSTRAINTS,
      () => this.deps.db.deleteFrom('queues').where('id', '=', id).executeTakeFirst(),
      true,
    );
    if (res.numDeletedRows === 0n) throw notFound('queue', id);
  }
}
