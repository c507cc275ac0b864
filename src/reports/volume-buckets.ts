/**
 * The volume report from the interval tables' sums (sql/108): the same groups as the raw fold
 * (volume.ts groupsOf), each made of table keys. Pure.
 *   none, media voice   every queue key in scope, '' (calls of no queue: IVR abandons) for a user
 *                       who sees every team
 *   media chat          the chat rows of the queues in scope
 *   queue               one queue key (a queue gone from the directory but with calls keeps its row)
 *   team                the queue keys of the queues its agents serve
 *   agent               one agent key (voice calls and callbacks)
 */
import { bucketsOf } from './intervals.js';
import type { BucketSum } from './ports.js';
import { addParts, emptyVolumeParts, QUARTER_MS, type VolumeParts } from './volume-parts.js';
import { checkRowCount, volumeReportOfParts, type VolumeContext, type VolumeGroup, type VolumeQuery, type VolumeReport } from './volume.js';

/**
 * True when every edge of the report (its range and its intervals' starts inside it) is on a UTC
 * quarter-hour mark, so its intervals are unions of the tables' quarter hours.
 */
export function cutsOnQuarters(q: Pick<VolumeQuery, 'from' | 'to' | 'timeZone' | 'interval'>): boolean {
  if (q.from % QUARTER_MS !== 0 || q.to % QUARTER_MS !== 0) return false;
  return bucketsOf(q.timeZone, q.interval, q.from, q.to).every((b) => b.start <= q.from || b.start % QUARTER_MS === 0);
}

type Member = (s: BucketSum) => boolean;

export function volumeReportOfBuckets(sums: readonly BucketSum[], q: VolumeQuery, ctx: VolumeContext): VolumeReport {
  const intervals = bucketsOf(q.timeZone, q.interval, q.from, q.to);
  const scope = ctx.scope;
  const queueInScope = (id: string): boolean => scope.all || scope.queueIds.has(id);
  const voiceQueue = (s: BucketSum): boolean => s.dim === 'queue' && s.media === 'voice';
  let groups: (VolumeGroup & { member: Member })[];
  switch (q.groupBy) {
    case 'none':
    case 'media': {
      const voice: Member = (s) => voiceQueue(s) && (s.key === '' ? scope.all : queueInScope(s.key));
      const first = { id: q.groupBy === 'none' ? 'all' : 'voice', name: q.groupBy === 'none' ? '' : 'voice', withIvr: scope.all, member: voice };
      const chat = { id: 'chat', name: 'chat', withIvr: false, member: (s: BucketSum) => s.dim === 'queue' && s.media === 'chat' && queueInScope(s.key) };
      groups = q.groupBy === 'none' ? [first] : [first, chat];
      break;
    }
    case 'queue': {
      const names = new Map(ctx.queues.map((x) => [x.id, x.name]));
      for (const s of sums) if (voiceQueue(s) && s.key !== '' && s.parts.calls > 0 && !names.has(s.key)) names.set(s.key, s.key);
      groups = [...names]
        .filter(([id]) => queueInScope(id))
        .sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]))
        .map(([id, name]) => ({ id, name, withIvr: false, member: (s) => voiceQueue(s) && s.key === id }));
      break;
    }
    case 'team':
      groups = ctx.teams
        .filter((t) => scope.all || scope.teamIds.has(t.id))
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
        .map((t) => {
          const set = new Set(ctx.queuesOfTeam(t.id));
          return { id: t.id, name: t.name, withIvr: false, member: (s: BucketSum) => voiceQueue(s) && set.has(s.key) };
        });
      break;
    case 'agent': {
      const ids = new Set(sums.filter((s) => s.dim === 'agent' && (s.parts.calls > 0 || s.parts.callbacks > 0) && (scope.all || scope.agentIds.has(s.key))).map((s) => s.key));
      groups = [...ids]
        .map((id) => ({ id, name: ctx.agentName(id) ?? id }))
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
        .map(({ id, name }) => ({ id, name, withIvr: false, member: (s) => s.dim === 'agent' && s.key === id }));
      break;
    }
  }
  checkRowCount(intervals.length, groups.length);
  // Sums by key first: a team's or the center's row adds up tens of keys, not thousands of sums each.
  const byKey = new Map<string, BucketSum[]>();
  for (const s of sums) {
    const k = `${s.dim}|${s.key}|${s.media}`;
    const list = byKey.get(k);
    if (list) list.push(s);
    else byKey.set(k, [s]);
  }
  const parts: VolumeParts[][] = groups.map((g) => {
    const perInterval = intervals.map(() => emptyVolumeParts());
    for (const list of byKey.values()) {
      if (!list[0] || !g.member(list[0])) continue;
      for (const s of list) {
        const p = perInterval[s.index];
        if (p) addParts(p, s.parts);
      }
    }
    return perInterval;
  });
  return volumeReportOfParts(q, intervals, groups, parts);
}
