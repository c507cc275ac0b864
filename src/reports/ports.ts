/** What the reports read from the store (src/store/reports/report-rows-repo.ts). */
import type { FigureAgentChange, FigureCall } from '../core/call-figures.js';
import type { AgentStateName } from '../core/events.js';
import type { AnsweredLeg } from '../calls/history-ports.js';
import type { SurveyAnswer } from './satisfaction.js';
import type { QuarterParts, VolumeParts } from './volume-parts.js';

export const REPORT_MEDIA = ['voice', 'chat'] as const;
export type ReportMedia = (typeof REPORT_MEDIA)[number];

/** A stored call (or chat, mapped onto the same definitions) with what the volume report adds. */
export interface ReportCall extends FigureCall {
  media: ReportMedia;
  /** Time spent in the held state (call_transitions); 0 for chats. */
  holdMs: number;
  /** Blind transfers and completed attended transfers (call_transitions). */
  transfers: number;
}

export interface CallbackRequest {
  queueId: string;
  /** The agent who took it, if any. */
  agentId: string | null;
  at: number;
}

export interface VolumeRows {
  /** Inbound and outbound calls started in [from, to); chats created in it (media chat); and those
   * started up to two hours (volume-parts.ts WRAP_UP_TAIL_MS) either side, which only own wrap-up. */
  calls: ReportCall[];
  /** Agent state changes from `from` until a while after `to` (wrap-up after the range's last calls). */
  agentChanges: FigureAgentChange[];
  /** Callback requests made in [from, to). */
  callbacks: CallbackRequest[];
}

export interface AgentChange extends FigureAgentChange {
  /** The not-ready reason (break reason) entered with this change. */
  reason: string | null;
}

export interface AgentRows {
  /** Changes in [from, to), oldest first. */
  changes: AgentChange[];
  /** Each agent's state (and reason) at `from`: their last change before it. */
  atStart: { agentId: string; state: AgentStateName; reason: string | null }[];
  /** Per agent, legs answered in [from, to) (the toolbar's handled definition, calls/agent-day.ts). */
  legs: ReadonlyMap<string, readonly AnsweredLeg[]>;
  /** Offers that rang out or were refused in [from, to) (voice and callbacks, as the toolbar counts them). */
  missedOffers: { agentId: string; at: number }[];
}

export interface ReportRowsReader {
  volumeRows(from: number, to: number): Promise<VolumeRows>;
  agentRows(from: number, to: number): Promise<AgentRows>;
  /** Survey answers given in [from, to): post-call (IVR `rating`) and after solved chats. */
  surveyAnswers(from: number, to: number): Promise<SurveyAnswer[]>;
}

/** A dirty quarter hour (sql/108): its start and the marks (their seq) read for it. */
export interface DirtyQuarter {
  qStart: number;
  marks: readonly number[];
}

/** Summed parts of one key over one report interval (`index` into the report's intervals). */
export interface BucketSum {
  dim: 'queue' | 'agent';
  key: string;
  media: 'voice' | 'chat';
  index: number;
  parts: VolumeParts;
}

/** The volume report's interval tables (src/store/reports/report-buckets-repo.ts). */
export interface VolumeBucketStore {
  /** Dirty quarter hours in [from, to) (all when not given), oldest first, at most `limit`. */
  dirty(from: number | undefined, to: number | undefined, limit: number): Promise<DirtyQuarter[]>;
  /** In one transaction: the quarters' rows replaced by `rows`, and the marks read removed (one written since keeps the quarter dirty). */
  replace(quarters: readonly DirtyQuarter[], rows: readonly QuarterParts[]): Promise<void>;
  /** The parts of one dimension in [from, to) summed per key and interval; `starts` are the intervals' starts, ascending. */
  sums(dim: BucketSum['dim'], from: number, to: number, starts: readonly number[]): Promise<BucketSum[]>;
}
