/**
 * Issue 11 ("a team lead sees only their teams"): a supervision session on an agent is an event
 * the leads of that agent's teams receive, as supervisors and admins do; a lead of another team
 * does not, and the monitored agent never does (a silent listen stays silent).
 */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/accounts/principal.js';
import { FakeClock } from '../../../src/core/clock.js';
import { InProcessEventBus, type DomainEvent } from '../../../src/core/events.js';
import { canSee } from '../../../src/api/ws/event-filter.js';
import type { MediaServer, PbxEvent } from '../../../src/pbx/port.js';
import { SupervisionService } from '../../../src/supervision/supervision-service.js';
import { recordingLogger } from '../../helpers/recording-logger.js';

async function sessionOnAgent(teams: Record<string, string[]>) {
  let emit: (e: PbxEvent) => void = () => undefined;
  const pbx = {
    onEvent: (l: (e: PbxEvent) => void) => {
      emit = l;
      return () => undefined;
    },
    originate: async (opts: { channelId?: string }) => opts.channelId ?? 'x',
    supervise: async () => 'pbx-session',
    endSupervision: async () => undefined,
    hangup: async () => undefined,
  } as unknown as MediaServer;
  const bus = new InProcessEventBus();
  const events: DomainEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const service = new SupervisionService({
    pbx,
    calls: { agentLegOf: () => ({ legId: 'leg-a1', agentId: 'a1' }), attachLeg: () => undefined, release: () => undefined, onCallEnded: () => () => undefined, note: () => undefined },
    phones: { phoneOf: () => ({ kind: 'phone', name: 'sup-phone' }) },
    teams: { teamsOf: (agentId) => teams[agentId] ?? [] },
    bus,
    clock: new FakeClock(0),
    log: recordingLogger([]),
    newId: () => 'sup-leg',
    ringTimeoutMs: 20_000,
  });
  const s = service.start('call-1', 'sup1', 'listen');
  emit({ type: 'channel.answered', channelId: s.legId });
  for (let i = 0; i < 5 && !events.some((e) => e.type === 'call.supervision_started'); i++) await Promise.resolve();
  await service.stop(s.id);
  return events.filter((e) => e.type.startsWith('call.supervision_'));
}

const principal = (p: Partial<Principal>): Principal => ({ userId: 'u', username: 'u', roles: [], permissions: new Set(), ledTeamIds: [], sessionId: 's', ...p });

describe('who sees a supervision session', () => {
  it('given agent a1 in team t1 when a supervisor listens then the lead of t1 sees start and stop, the lead of t2 and agent a1 see neither', async () => {
    const events = await sessionOnAgent({ a1: ['t1'] });
    expect(events.map((e) => e.type)).toEqual(['call.supervision_started', 'call.supervision_stopped']);
    const leadT1 = principal({ roles: ['team_lead'], ledTeamIds: ['t1'], agentId: 'lead1' });
    const leadT2 = principal({ roles: ['team_lead'], ledTeamIds: ['t2'], agentId: 'lead2' });
    const agentA1 = principal({ roles: ['agent'], agentId: 'a1' });
    const supervisor = principal({ roles: ['supervisor'] });
    expect(events.map((e) => canSee(leadT1, e))).toEqual([true, true]);
    expect(events.map((e) => canSee(leadT2, e))).toEqual([false, false]);
    expect(events.map((e) => canSee(agentA1, e))).toEqual([false, false]);
    expect(events.map((e) => canSee(supervisor, e))).toEqual([true, true]);
  });

  it('given an agent in no team when a supervisor listens then only supervisors and admins see it', async () => {
    const events = await sessionOnAgent({});
    expect(events).toHaveLength(2);
    expect(events.map((e) => canSee(principal({ roles: ['team_lead'], ledTeamIds: ['t1'] }), e))).toEqual([false, false]);
    expect(events.map((e) => canSee(principal({ roles: ['admin'] }), e))).toEqual([true, true]);
  });
});
