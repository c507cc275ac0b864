/**
 * The "today so far" figures of the supervisor console (and of anything else that shows the day:
 * the wallboard may read GET /api/realtime/today). One place for their types; the definitions are
 * in src/core/call-figures.ts (shared with the reports) and test/unit/supervision/today-aggregation.test.ts.
 */
import type { CallGroupFigures, FigureAgentChange, FigureCall } from '../core/call-figures.js';
import type { AgentStateName } from '../core/events.js';

/** One stored call of the day, as the figures need it (src/core/call-figures.ts). */
export type DayCallRow = FigureCall;

/** One change of an agent's state (acd_agent_transitions). */
export type DayAgentChange = FigureAgentChange;

/** Everything the day's figures are folded from: read from the store, so a restart keeps the day. */
export interface DayRows {
  /** Calls started at or after the start of the day. */
  calls: DayCallRow[];
  /** Agent state changes of the day, oldest first. */
  agentChanges: DayAgentChange[];
  /** Each agent's state when the day began (their last change before midnight). */
  agentStatesAtStart: { agentId: string; state: AgentStateName }[];
  /** Callback requests not yet called back, per queue (whatever day they were asked for). */
  callbacksPending: { queueId: string; count: number }[];
  /** Per agent: calls handled and offers missed today (the toolbar's definitions, calls/agent-day.ts). */
  agentDays: { agentId: string; handled: number; missed: number }[];
  /** Chats started today, and older chats still open (they are active or waiting now). */
  chats: DayChatRow[];
  /** Per queue: messages written today by visitors and agents (system lines not counted). */
  chatMessages: { queueId: string; count: number }[];
}

/** One chat, as the day's chat figures need it (the store's chats row). */
export interface DayChatRow {
  id: string;
  queueId: string;
  state: 'waiting' | 'active' | 'ended';
  createdAt: number;
  /** When an agent took the chat; null: nobody did (yet). */
  assignedAt: number | null;
  endedAt: number | null;
}

/** The chat half of a Today row (definitions in today-chat.ts). */
export interface TodayChatFigures {
  /** Chats an agent is serving now. */
  active: number;
  /** Chats waiting for an agent now. */
  waiting: number;
  /** Messages written today by visitors and agents. */
  messagesToday: number;
  /** Chats served by an agent that ended today. */
  ended: number;
  /** Agent joining to end, over `ended`; null before one ended. */
  averageDurationMs: number | null;
}

/**
 * The figures of one row of the Today table: the center, a queue or a team. The call figures are
 * defined in src/core/call-figures.ts (shared with the reports); the chat half in today-chat.ts.
 */
export interface TodayGroupFigures extends CallGroupFigures {
  /** The same row's chats (online chat is the second media of the same queues). */
  chats: TodayChatFigures;
}

export interface TodayQueueFigures extends TodayGroupFigures {
  queueId: string;
  name: string;
  /** The answer-time threshold of this queue's service level. */
  serviceLevelMs: number;
}

export interface TodayTeamFigures extends TodayGroupFigures {
  teamId: string;
  name: string;
  /** The queues the team's agents serve: the team's figures are those of these queues. */
  queueIds: string[];
}

/** GET /api/realtime/today. */
export interface TodayFigures {
  /** Start of the day (local midnight of the center's time zone), epoch ms. */
  since: number;
  /** When the figures were folded. */
  at: number;
  timeZone: string;
  /** Null for a team lead: they see their teams and the queues their agents serve only. */
  center: TodayGroupFigures | null;
  queues: TodayQueueFigures[];
  teams: TodayTeamFigures[];
}

/** The agent states the trend chart counts (logged-out agents are not on the floor). */
export const TREND_AGENT_STATES = ['available', 'not_ready', 'on_contact', 'wrap_up'] as const;
export type TrendAgentState = (typeof TREND_AGENT_STATES)[number];

/** One 15-minute interval of the day. */
export interface TrendInterval {
  /** Interval start, epoch ms. */
  start: number;
  inboundOffered: number;
  inboundAnswered: number;
  inboundAbandoned: number;
  outboundDialed: number;
  outboundAnswered: number;
  /** Agents per state at the end of the interval (or now, for the current one). */
  agents: Record<TrendAgentState, number>;
}

/** GET /api/realtime/trends. */
export interface TodayTrends {
  since: number;
  at: number;
  timeZone: string;
  intervalMs: number;
  intervals: TrendInterval[];
}
