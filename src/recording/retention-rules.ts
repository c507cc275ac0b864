/**
 * Recording retention, as pure rules over times (no I/O): which call recordings are due for
 * purge, and when the daily purge runs.
 *
 * A queue keeping recordings N days keeps each one for N whole days of the center's calendar
 * after the day it stopped: a recording stopped at any time on local day D is due from the local
 * midnight that starts day D + N + 1. Counting whole local days (not N x 24 h from the stop)
 * gives every recording of one day the same fate, survives 23- and 25-hour days, and matches
 * how a manager reads "kept 30 days". A recording still open (no stop time) is never due; one
 * of a call without a queue (outbound, IVR only) is kept until deleted by hand.
 */
import { toInstant, toLocal } from '../calendars/zoned-time.js';

/** A queue's retention setting; queues keeping recordings forever are not listed. */
export interface QueueRetention {
  queueId: string;
  days: number;
}

/** Recordings of `queueId` that stopped before `before` (epoch ms) are due. */
export interface PurgeCutoff {
  queueId: string;
  before: number;
}

/** What the rule needs to know of one recording. */
export interface RetainedRecording {
  queueId?: string;
  stoppedAt?: number;
  purgedAt?: number;
}

/** The first instant a recording stopped at is kept past: local midnight `days` days before today. */
export function retentionCutoff(days: number, now: number, timeZone: string): number {
  return toInstant(timeZone, toLocal(timeZone, now).day - days, 0);
}

export function purgeCutoffs(retentions: readonly QueueRetention[], now: number, timeZone: string): PurgeCutoff[] {
  return retentions.filter((r) => r.days > 0).map((r) => ({ queueId: r.queueId, before: retentionCutoff(r.days, now, timeZone) }));
}

export function isDueForPurge(recording: RetainedRecording, cutoffs: readonly PurgeCutoff[]): boolean {
  if (recording.purgedAt !== undefined || recording.stoppedAt === undefined || recording.queueId === undefined) return false;
  const cutoff = cutoffs.find((c) => c.queueId === recording.queueId);
  return cutoff !== undefined && recording.stoppedAt < cutoff.before;
}

/** When in the local day the purge runs: a quiet hour, minutes since local midnight. */
export const PURGE_MINUTE_OF_DAY = 3 * 60 + 30;

/** The latest scheduled purge time at or before `now`. */
export function lastScheduledPurge(now: number, timeZone: string, minuteOfDay = PURGE_MINUTE_OF_DAY): number {
  const today = toLocal(timeZone, now).day;
  const todays = toInstant(timeZone, today, minuteOfDay);
  return todays <= now ? todays : toInstant(timeZone, today - 1, minuteOfDay);
}

/** The next scheduled purge time strictly after `now`. */
export function nextScheduledPurge(now: number, timeZone: string, minuteOfDay = PURGE_MINUTE_OF_DAY): number {
  const today = toLocal(timeZone, now).day;
  const todays = toInstant(timeZone, today, minuteOfDay);
  return todays > now ? todays : toInstant(timeZone, today + 1, minuteOfDay);
}

/** At start: a purge is owed when none ran since the last scheduled time (or none ever ran). */
export function purgeMissed(lastRunAt: number | undefined, now: number, timeZone: string, minuteOfDay = PURGE_MINUTE_OF_DAY): boolean {
  return lastRunAt === undefined || lastRunAt < lastScheduledPurge(now, timeZone, minuteOfDay);
}
