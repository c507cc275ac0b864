import type { FastifyRequest } from 'fastify';
import type { AuditLog } from '../../../accounts/audit.js';
import { AppError } from '../../../core/errors.js';
import type { ExportRowCaps } from '../export-caps.js';
import { agentInScope } from '../../team-scope.js';
import type { ConsultTarget, TransferTarget } from '../../../calls/call-control.js';
import type { CallInfoLike } from '../../../calls/call-view.js';
import type { CallRecordReader } from '../../../calls/ports.js';
import type { ExportNames } from '../../../calls/record-export.js';
import type { SupervisionMode } from '../../../pbx/port.js';
import type { RecordingDisk } from '../../../recording/ports.js';
import type { SupervisionSession } from '../../../supervision/supervision-state.js';

/** The agent-facing call controls (CallControl). */
export interface CallControlApi {
  callOfAgent(agentId: string): CallInfoLike | undefined;
  view(callId: string): CallInfoLike;
  hold(callId: string, agentId: string): void;
  unhold(callId: string, agentId: string): void;
  mute(callId: string, agentId: string, on: boolean): Promise<void>;
  setRecordingPaused(callId: string, agentId: string, paused: boolean): Promise<void>;
  transferBlind(callId: string, agentId: string, target: TransferTarget): void;
  consult(callId: string, agentId: string, target: ConsultTarget): void;
  completeTransfer(callId: string, agentId: string): void;
  cancelConsult(callId: string, agentId: string): void;
  conference(callId: string, agentId: string): void;
  hangup(callId: string, agentId: string): Promise<void>;
  dial(agentId: string, number: string, options?: { callerId?: string }): Promise<CallInfoLike>;
  sendDtmf(callId: string, agentId: string, digits: string): Promise<void>;
}

/** The supervisor-facing actions (SupervisionService). */
export interface SupervisionApi {
  list(): SupervisionSession[];
  start(callId: string, supervisorId: string, mode: SupervisionMode): SupervisionSession;
  setMode(sessionId: string, mode: SupervisionMode): Promise<SupervisionSession>;
  stop(sessionId: string): Promise<void>;
  forceRelease(callId: string, scope: 'agent' | 'call', by: string): void;
}

export interface CallRouteDeps {
  control: CallControlApi;
  /** Live calls for the supervisor console. */
  activeCalls: () => CallInfoLike[];
  supervision: SupervisionApi;
  records: CallRecordReader;
  audit: AuditLog;
  /** Teams of an agent: team leads see and supervise only their teams' calls. */
  teamsOfAgent: (agentId: string) => string[];
  /** Agents in any of these teams: a team lead's call records are those of their agents. */
  agentsInTeams?: (teamIds: string[]) => string[];
  /** Most rows one call-record export may hold, per role (default EXPORT_ROW_CAPS of export-caps.ts). */
  exportRowCaps?: ExportRowCaps;
  /** Loads the supervisor's own phone binding before supervision rings it. */
  preparePhone?: (userId: string) => Promise<void>;
  /** The recordings folder: deleting a call record deletes its recordings' files too. */
  recordingFiles?: Pick<RecordingDisk, 'remove'>;
  /** Queue and agent names for the export's name columns, read once per export. */
  exportNames?: () => Promise<ExportNames>;
}

/** What the call-record routes (list, detail, delete, export) use. */
export type CallRecordRouteDeps = Pick<CallRouteDeps, 'records' | 'audit' | 'teamsOfAgent' | 'agentsInTeams' | 'exportRowCaps' | 'recordingFiles' | 'exportNames'>;

/** Supervisors and admins see every call; a team lead only calls whose agent is in a team they lead. */
export function maySupervise(request: FastifyRequest, call: CallInfoLike | undefined, teamsOfAgent: (agentId: string) => string[]): boolean {
  return agentInScope(request.principal, call?.agentId, teamsOfAgent);
}

/** The caller's agent id; call controls are for agents only. */
export function agentOf(request: FastifyRequest): string {
  const agentId = request.principal?.agentId;
  if (!agentId) throw new AppError('NOT_AN_AGENT', 'Only agents control calls from the toolbar');
  return agentId;
}

export function userOf(request: FastifyRequest): string {
  const userId = request.principal?.userId;
  if (!userId) throw new AppError('UNAUTHENTICATED');
  return userId;
}
