/**
 * Reports as CSV, in the call-record export's format (calls/record-export.ts: RFC 4180, the
 * "xlsx-csv" flavour starting with a UTF-8 byte-order mark for Excel). Interval and day columns
 * hold the local time with its offset; durations are whole seconds; rates are fractions (0.85).
 * Group and agent names come from admins and are defused like the records' free text.
 */
import { csvLine, UTF8_BOM, type ExportFormat } from '../core/csv.js';
import type { AgentDayRow } from './agent-activity.js';
import { localLabel } from './intervals.js';
import type { SatisfactionReport } from './satisfaction.js';
import type { VolumeReport } from './volume.js';

const secs = (ms: number | null): string => (ms === null ? '' : String(Math.round(ms / 1000)));
const rate = (r: number | null): string => (r === null ? '' : r.toFixed(4));
const text = (t: string): string => (/^[=+\-@\t\r]/.test(t) ? `'${t}` : t);

export const VOLUME_COLUMNS = [
  'interval_start',
  'group_id',
  'group_name',
  'offered',
  'answered',
  'abandoned_in_ivr',
  'abandoned_in_queue',
  'answer_rate',
  'answered_in_service_level',
  'service_level',
  'average_speed_of_answer_seconds',
  'average_wait_seconds',
  'longest_wait_seconds',
  'average_handle_seconds',
  'average_talk_seconds',
  'average_hold_seconds',
  'average_wrap_up_seconds',
  'transfers',
  'callbacks',
] as const;

export function* volumeCsv(report: VolumeReport, format: ExportFormat): Generator<string> {
  yield (format === 'xlsx-csv' ? UTF8_BOM : '') + csvLine(VOLUME_COLUMNS);
  for (const r of report.rows) {
    yield csvLine([
      r.label,
      r.groupId,
      text(r.groupName),
      String(r.offered),
      String(r.answered),
      r.abandonedInIvr === null ? '' : String(r.abandonedInIvr),
      String(r.abandonedInQueue),
      rate(r.answerRate),
      String(r.answeredInServiceLevel),
      rate(r.serviceLevel),
      secs(r.averageSpeedOfAnswerMs),
      secs(r.averageWaitMs),
      secs(r.longestWaitMs),
      secs(r.averageHandleMs),
      secs(r.averageTalkMs),
      secs(r.averageHoldMs),
      secs(r.averageWrapUpMs),
      String(r.transfers),
      String(r.callbacks),
    ]);
  }
}

export const AGENT_COLUMNS = [
  'date',
  'agent_id',
  'agent_name',
  'logged_in_seconds',
  'available_seconds',
  'not_ready_seconds',
  'not_ready_by_reason',
  'on_contact_seconds',
  'wrap_up_seconds',
  'occupancy',
  'handled',
  'handled_per_hour',
  'missed_offers',
  'first_login',
  'last_logout',
] as const;

export function* agentsCsv(rows: readonly AgentDayRow[], timeZone: string, format: ExportFormat): Generator<string> {
  yield (format === 'xlsx-csv' ? UTF8_BOM : '') + csvLine(AGENT_COLUMNS);
  for (const r of rows) {
    yield csvLine([
      r.date,
      r.agentId,
      text(r.agentName),
      secs(r.loggedInMs),
      secs(r.availableMs),
      secs(r.notReadyMs),
      text(
        Object.entries(r.notReadyByReason)
          .map(([reason, ms]) => `${reason || '-'}=${secs(ms)}`)
          .join('; '),
      ),
      secs(r.onContactMs),
      secs(r.wrapUpMs),
      rate(r.occupancy),
      String(r.handled),
      r.handledPerHour === null ? '' : r.handledPerHour.toFixed(2),
      String(r.missedOffers),
      r.firstLogin === null ? '' : localLabel(timeZone, r.firstLogin),
      r.lastLogout === null ? '' : localLabel(timeZone, r.lastLogout),
    ]);
  }
}

export const SATISFACTION_COLUMNS = ['interval_start', 'group_id', 'group_name', 'responses', 'average_score', 'csat', 'score_1', 'score_2', 'score_3', 'score_4', 'score_5'] as const;

export function* satisfactionCsv(report: SatisfactionReport, format: ExportFormat): Generator<string> {
  yield (format === 'xlsx-csv' ? UTF8_BOM : '') + csvLine(SATISFACTION_COLUMNS);
  for (const r of report.rows) {
    yield csvLine([r.label, r.groupId, text(r.groupName), String(r.responses), r.averageScore === null ? '' : r.averageScore.toFixed(2), rate(r.csat), ...r.distribution.map(String)]);
  }
}
