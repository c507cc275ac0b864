/** What the reports read from the store (src/store/reports/report-rows-repo.ts). */
import type { FigureAgentChange, FigureCall } from '../core/call-figures.js';
import type { AgentStateName } from '../core/events.js';
import type { AnsweredLeg } from '../calls/history-ports.js';
import type { SurveyAnswer } from './satisfaction.js';

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
