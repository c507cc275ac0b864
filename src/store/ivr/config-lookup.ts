import { sql, type Kysely } from 'kysely';
import { isOpen } from '../../calendars/business-hours.js';
import type { BusinessCalendar } from '../../calendars/calendar.js';
import { isoDateOfDay, toLocal } from '../../calendars/zoned-time.js';
import type { CalendarPort, CalendarState, FlowTargetLookup, IvrReferenceLookup } from '../../ivr/ports.js';
import type { Database } from '../schema.js';

/** The team id a voicemail node's `team:` means (also read when its ticket is made). */
export async function teamIdOf(db: Kysely<Database>, ref: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('teams')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', ref), eb(sql<string>`lower(name)`, '=', ref.toLowerCase())]))
    .executeTakeFirst();
  return row?.id;
}

/**
 * What IVR flows may name from the configuration: queues, skills, teams and calendars, by id or by name
 * (names compare case-insensitively, as the configuration keeps them unique that way).
 */
export class IvrConfigLookup implements IvrReferenceLookup, CalendarPort, FlowTargetLookup {
  constructor(private readonly db: Kysely<Database>) {}

  async queueExists(ref: string): Promise<boolean> {
    return (await this.queueIdOf(ref)) !== undefined;
  }

  /** The queue id a flow's `queue:` means (flows name queues; routing wants ids). */
  async queueIdOf(ref: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('queues')
      .select('id')
      .where((eb) => eb.or([eb('id', '=', ref), eb(sql<string>`lower(name)`, '=', ref.toLowerCase())]))
      .executeTakeFirst();
    return row?.id;
  }

  async queueEnabled(id: string): Promise<boolean> {
    const row = await this.db.selectFrom('queues').select('enabled').where('id', '=', id).executeTakeFirst();
    return row?.enabled ?? false;
  }

  async skillExists(ref: string): Promise<boolean> {
    return (await this.skillIdOf(ref)) !== undefined;
  }

  /** The skill id a queue node's `skills:` entry means (agents' skills are stored by id). */
  async skillIdOf(ref: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('skills')
      .select('id')
      .where((eb) => eb.or([eb('id', '=', ref), eb(sql<string>`lower(name)`, '=', ref.toLowerCase())]))
      .executeTakeFirst();
    return row?.id;
  }

  async teamExists(ref: string): Promise<boolean> {
    return (await teamIdOf(this.db, ref)) !== undefined;
  }

  async calendarExists(ref: string): Promise<boolean> {
    return (await this.calendar(ref)) !== undefined;
  }

  /** An unknown calendar counts as closed: callers then reach the after-hours path, never a dead end. */
  async stateAt(ref: string, atMs: number): Promise<CalendarState> {
    const cal = await this.calendar(ref);
    if (!cal) return 'closed';
    if (isOpen(cal, atMs)) return 'open';
    const today = isoDateOfDay(toLocal(cal.timeZone, atMs).day);
    return cal.holidays.some((h) => h.date === today) ? 'holiday' : 'closed';
  }

  private async calendar(ref: string): Promise<BusinessCalendar | undefined> {
    const row = await this.db
      .selectFrom('calendars')
      .select(['time_zone', 'weekly', 'holidays'])
      .where((eb) => eb.or([eb('id', '=', ref), eb(sql<string>`lower(name)`, '=', ref.toLowerCase())]))
      .executeTakeFirst();
    if (!row) return undefined;
    const parse = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
    return { timeZone: row.time_zone, weekly: parse(row.weekly), holidays: parse(row.holidays) };
  }
}
