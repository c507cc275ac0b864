/**
 * Ports of the directory: what the store implements (src/store/config) and what the rest of the
 * daemon reads through. Readers are what engines, call handling and the API read; repositories
 * add the writes, which only the directory service makes (inside its unit of work, with the
 * audit entry and the change event).
 */
import type { AuditLog } from '../accounts/audit.js';
import type { Page, PageRequest } from '../core/paging.js';
import type { Media } from '../core/vocabulary.js';
import type { CustomerReader, CustomerRepository, CustomFieldReader, CustomFieldRepository } from '../customers/ports.js';
import type {
  Agent,
  AgentInput,
  BreakReason,
  BreakReasonInput,
  Calendar,
  CalendarInput,
  Disposition,
  DispositionInput,
  Queue,
  QueueInput,
  Skill,
  SkillInput,
  Team,
  TeamInput,
} from './model.js';

export interface SkillFilter extends PageRequest {
  /** Part of the name, any case. */
  q?: string;
}
export interface TeamFilter extends PageRequest {
  q?: string;
  /** Only teams this user leads. */
  leadUserId?: string;
}
export interface AgentFilter extends PageRequest {
  /** Part of the display name or number, any case. */
  q?: string;
  teamId?: string;
  skillId?: string;
  enabled?: boolean;
}
export interface CalendarFilter extends PageRequest {
  q?: string;
}
export interface QueueFilter extends PageRequest {
  q?: string;
  media?: Media;
  skillId?: string;
  calendarId?: string;
  /** Only queues this agent serves. */
  agentId?: string;
}
export interface BreakReasonFilter extends PageRequest {
  active?: boolean;
  /** Only what an agent may pick: active and not a system reason. */
  selectable?: boolean;
}
export interface DispositionFilter extends PageRequest {
  /** true: only what an agent may pick now. */
  active?: boolean;
}

/** Paged list, lookup (`find`: undefined when absent) and `get` (NOT_FOUND when absent). */
export interface Reader<T, F> {
  list(filter?: F): Promise<Page<T>>;
  find(id: string): Promise<T | undefined>;
  get(id: string): Promise<T>;
}

/**
 * Writes check the input and every id it names (VALIDATION_FAILED naming the field), unique names
 * (CONFLICT), and refuse to delete what others still point at (CONFLICT).
 */
export interface Writer<T, I> {
  create(input: I): Promise<T>;
  update(id: string, input: I): Promise<T>;
  delete(id: string): Promise<void>;
}

export type SkillReader = Reader<Skill, SkillFilter>;
export type TeamReader = Reader<Team, TeamFilter>;
export interface AgentReader extends Reader<Agent, AgentFilter> {
  /** The agent profile of a user, if the user is an agent (login, principal resolution). */
  findByUserId(userId: string): Promise<Agent | undefined>;
  findByNumber(number: string): Promise<Agent | undefined>;
}
export type CalendarReader = Reader<Calendar, CalendarFilter>;
export type QueueReader = Reader<Queue, QueueFilter>;
export interface BreakReasonReader extends Reader<BreakReason, BreakReasonFilter> {
  findByCode(code: string): Promise<BreakReason | undefined>;
}
export type DispositionReader = Reader<Disposition, DispositionFilter>;

export interface SkillRepository extends SkillReader, Writer<Skill, SkillInput> {}
export interface TeamRepository extends TeamReader, Writer<Team, TeamInput> {}
export interface AgentRepository extends AgentReader, Writer<Agent, AgentInput> {}
export interface CalendarRepository extends CalendarReader, Writer<Calendar, CalendarInput> {}
export interface QueueRepository extends QueueReader, Writer<Queue, QueueInput> {}
export interface BreakReasonRepository extends BreakReasonReader, Writer<BreakReason, BreakReasonInput> {}
export interface DispositionRepository extends DispositionReader, Writer<Disposition, DispositionInput> {}

/** Every directory entity read-only: what the daemon outside the directory service sees. */
export interface DirectoryReaders {
  skills: SkillReader;
  teams: TeamReader;
  agents: AgentReader;
  calendars: CalendarReader;
  queues: QueueReader;
  breakReasons: BreakReasonReader;
  dispositions: DispositionReader;
  customers: CustomerReader;
  customerFields: CustomFieldReader;
}

/** The same entities writable, as the unit of work hands them to a change. */
export interface DirectoryRepos extends DirectoryReaders {
  skills: SkillRepository;
  teams: TeamRepository;
  agents: AgentRepository;
  calendars: CalendarRepository;
  queues: QueueRepository;
  breakReasons: BreakReasonRepository;
  dispositions: DispositionRepository;
  customers: CustomerRepository;
  customerFields: CustomFieldRepository;
}

/** The store's repositories plus one unit of work over them. */
export interface DirectoryStore extends DirectoryRepos {
  /**
   * One unit of work: the repositories and the audit log handed to `fn` share one transaction, so
   * a change and its audit entry are stored together or not at all. Audit events are announced
   * only after the commit.
   */
  transact<T>(audit: AuditLog, fn: (repos: DirectoryRepos, audit: AuditLog) => Promise<T>): Promise<T>;
}
