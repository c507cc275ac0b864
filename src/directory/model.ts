import type { BusinessCalendar } from '../calendars/calendar.js';
import type { CustomerLevel, Media, RoutingStrategy } from '../core/vocabulary.js';

/**
 * The contact center's directory as the API and the engines see it (camelCase, epoch-ms times).
 * `...Input` is what a create or full replace (PUT) accepts.
 */
export interface Stamped {
  id: string;
  createdAt: number;
  updatedAt: number;
}

export interface SkillInput {
  name: string;
  description?: string;
}
export interface Skill extends Stamped {
  name: string;
  description: string;
}

export interface TeamInput {
  name: string;
  leadUserIds?: string[];
}
export interface Team extends Stamped {
  name: string;
  leadUserIds: string[];
  /** Agents whose team this is (set on the agent). */
  memberAgentIds: string[];
}

/** 'browser': the toolbar's WebRTC softphone, a media-server endpoint of that name (dialed like a fixed phone). */
export type PhoneBinding = { mode: 'fixed'; extension: string } | { mode: 'chosen_at_login' } | { mode: 'browser'; extension: string };
export const PHONE_MODES = ['fixed', 'chosen_at_login', 'browser'] as const satisfies readonly PhoneBinding['mode'][];

export interface SkillLevel {
  skillId: string;
  /** 1 (novice) to 10 (expert). */
  level: number;
}

export interface AgentInput {
  userId: string;
  number: string;
  displayName: string;
  teamId?: string | null;
  skills?: SkillLevel[];
  phone: PhoneBinding;
  chatCapacity?: number;
  enabled?: boolean;
}
export interface Agent extends Stamped {
  userId: string;
  number: string;
  displayName: string;
  teamId: string | null;
  skills: SkillLevel[];
  phone: PhoneBinding;
  chatCapacity: number;
  enabled: boolean;
}

export interface CalendarInput extends BusinessCalendar {
  name: string;
}
export interface Calendar extends Stamped, BusinessCalendar {
  name: string;
}

/** Where a contact goes when it has waited too long: `voicemail`, `callback`, `ticket` or `queue:<id>`. */
export type ExitAction = string;
/** Where a contact goes while the calendar is closed: an exit action or `hangup` (after the closed message). */
export type ClosedAction = string;

export type RelaxationStep =
  | { afterSeconds: number; acceptLevel: number }
  | { afterSeconds: number; overflowQueueId: string };

export interface Announcements {
  position: boolean;
  estimatedWait: boolean;
  /** Repeat every N seconds while waiting; null announces once on entry. */
  everySeconds: number | null;
}

/** An agent serving a queue; list order is the top_down order. */
export interface QueueMemberInput {
  agentId: string;
  /** Relative share for weighted_random (default 1). */
  weight?: number;
}
export interface QueueMember {
  agentId: string;
  weight: number;
}

export interface RequiredSkill {
  skillId: string;
  minLevel: number;
}

/** The service-level threshold of a queue that sets none: the usual 80/20 rule's 20 seconds. */
export const DEFAULT_SERVICE_LEVEL_SECONDS = 20;

export interface QueueInput {
  name: string;
  media: Media;
  strategy: RoutingStrategy;
  priority?: number;
  /** Priority points gained per second of waiting. */
  agingRate?: number;
  /** Priority added for customers of a level. */
  vipBoost?: Partial<Record<Exclude<CustomerLevel, 'standard'>, number>>;
  requiredSkills?: RequiredSkill[];
  relaxation?: RelaxationStep[];
  members?: QueueMemberInput[];
  maxQueueSize?: number | null;
  maxWaitSeconds?: number | null;
  maxWaitAction?: ExitAction | null;
  wrapUpSeconds?: number;
  noAnswerTimeoutSeconds?: number;
  maxMissesBeforeNotReady?: number;
  calendarId?: string | null;
  closedAction?: ClosedAction | null;
  overflowQueueId?: string | null;
  announcements?: Partial<Announcements>;
  /** False: no new contacts, the waiting ones are still served (draining). Default true. */
  enabled?: boolean;
  /** Whole local days a call recording of this queue is kept after the day it stopped; null: forever. */
  recordingRetentionDays?: number | null;
  /** Answered within this many seconds of entering the queue counts in service level (default 20). */
  serviceLevelSeconds?: number;
}
export interface Queue extends Stamped {
  name: string;
  media: Media;
  strategy: RoutingStrategy;
  priority: number;
  agingRate: number;
  vipBoost: Partial<Record<Exclude<CustomerLevel, 'standard'>, number>>;
  requiredSkills: RequiredSkill[];
  relaxation: RelaxationStep[];
  members: QueueMember[];
  maxQueueSize: number | null;
  maxWaitSeconds: number | null;
  maxWaitAction: ExitAction | null;
  wrapUpSeconds: number;
  noAnswerTimeoutSeconds: number;
  maxMissesBeforeNotReady: number;
  calendarId: string | null;
  closedAction: ClosedAction | null;
  overflowQueueId: string | null;
  announcements: Announcements;
  enabled: boolean;
  recordingRetentionDays: number | null;
  serviceLevelSeconds: number;
}

export interface BreakReasonInput {
  code: string;
  label: string;
  paid: boolean;
  maxMinutes?: number | null;
  active?: boolean;
}
export interface BreakReason extends Stamped {
  code: string;
  label: string;
  paid: boolean;
  maxMinutes: number | null;
  active: boolean;
  /** Set by the server only (e.g. `missed_offers`); agents cannot choose it, nobody edits it. */
  system: boolean;
}

export interface DispositionInput {
  code: string;
  label: string;
  active?: boolean;
}
/** A wrap-up outcome agents pick for a call; only active ones can be picked. */
export interface Disposition extends Stamped {
  code: string;
  label: string;
  active: boolean;
}

/** The reason code the routing engine puts an agent in after too many missed offers. */
export const MISSED_OFFERS_REASON = 'missed_offers';
