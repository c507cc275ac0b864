import type { Selectable } from 'kysely';
import { validationError } from '../../core/errors.js';
import { calendarProblems, WEEKDAYS, type BusinessCalendar, type TimeInterval } from '../../calendars/calendar.js';
import { canonicalTimeZone } from '../../calendars/zoned-time.js';
import type { CalendarsTable } from '../tables/config.js';
import { notFound, withConstraints, type ConstraintMeaning } from './db-errors.js';
import type { Calendar, CalendarInput } from '../../directory/model.js';
import { likePattern } from './like-pattern.js';
import { pageBounds, type Page } from '../../core/paging.js';
import { epochMs, json, resolveDeps, type RepoDeps, type ResolvedRepoDeps } from './repo-deps.js';
import type { CalendarFilter, CalendarRepository } from '../../directory/ports.js';

const CONSTRAINTS: Record<string, ConstraintMeaning> = {
  calendars_name_lower: { field: '/name', kind: 'duplicate' },
  queues_calendar_id_fkey: { field: 'queues', kind: 'in_use' },
};

/** Monday first, as people read a week; jsonb does not keep key order, so it is rebuilt on read. */
const WEEK_ORDER = [...WEEKDAYS.slice(1), WEEKDAYS[0]];

function ordered(weekly: Record<string, TimeInterval[]>): BusinessCalendar['weekly'] {
  const out: BusinessCalendar['weekly'] = {};
  for (const day of WEEK_ORDER) {
    const list = weekly[day];
    if (list && list.length > 0) out[day] = list;
  }
  return out;
}

function toCalendar(row: Selectable<CalendarsTable>): Calendar {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    weekly: ordered(row.weekly),
    holidays: row.holidays,
    createdAt: epochMs(row.created_at),
    updatedAt: epochMs(row.updated_at),
  };
}

/** Validated, canonical storage form: known zone name, weekdays in order, holidays by date. */
function normalize(input: CalendarInput): { name: string } & BusinessCalendar {
  const problems = calendarProblems(input);
  if (input.name.trim() === '') problems.unshift({ where: '/name', reason: 'must not be blank' });
  if (problems.length > 0) throw validationError(problems);
  const weekly = ordered(input.weekly as Record<string, TimeInterval[]>);
  const holidays = [...input.holidays]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((h) => ({ date: h.date, name: h.name, ...(h.hours ? { hours: h.hours.map((iv) => ({ start: iv.start, end: iv.end })) } : {}) }));
  return { name: input.name.trim(), timeZone: canonicalTimeZone(input.timeZone) ?? input.timeZone, weekly, holidays };
}

export class CalendarsRepo implements CalendarRepository {
  private readonly deps: ResolvedRepoDeps;
  constructor(deps: RepoDeps) {
    this.deps = resolveDeps(deps);
  }

  async list(filter: CalendarFilter = {}): Promise<Page<Calendar>> {
    const { limit, offset } = pageBounds(filter);
    const text = filter.q?.trim().toLowerCase();
    let q = this.deps.db.selectFrom('calendars');
    if (text) q = q.where((eb) => eb(eb.fn('lower', ['name']), 'like', likePattern(text)));
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy('name').orderBy('id').limit(limit).offset(offset).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toCalendar), total: Number(count.n), limit, offset };
  }

  async find(id: string): Promise<Calendar | undefined> {
    const row = await this.deps.db.selectFrom('calendars').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toCalendar(row) : undefined;
  }

  async get(id: string): Promise<Calendar> {
    const cal = await this.find(id);
    if (!cal) throw notFound('calendar', id);
    return cal;
  }

  async create(input: CalendarInput): Promise<Calendar> {
    const cal = normalize(input);
    const now = new Date(this.deps.clock.now());
    const row = await withConstraints(CONSTRAINTS, () =>
      this.deps.db
        .insertInto('calendars')
        .values({
          id: this.deps.newId(),
          name: cal.name,
          time_zone: cal.timeZone,
          weekly: json(cal.weekly),
          holidays: json(cal.holidays),
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return toCalendar(row);
  }

  async update(id: string, input: CalendarInput): Promise<Calendar> {
    const cal = normalize(input);
    const row = await withConstraints(CONSTRAINTS, () =>
      this.deps.db
        .updateTable('calendars')
        .set({
          name: cal.name,
          time_zone: cal.timeZone,
          weekly: json(cal.weekly),
          holidays: json(cal.holidays),
          updated_at: new Date(this.deps.clock.now()),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),
    );
    if (!row) throw notFound('calendar', id);
    return toCalendar(row);
  }

  /** Refused (CONFLICT) while a queue uses the calendar. */
  async delete(id: string): Promise<void> {
    const res = await withConstraints(CONSTRAINTS, () =>
      this.deps.db.deleteFrom('calendars').where('id', '=', id).executeTakeFirst(),
      true,
    );
    if (res.numDeletedRows === 0n) throw notFound('calendar', id);
  }
}
