/**
 * Issue 11: per-role indicators and thresholds, the floor alerts and the wallboard's read, against
 * the daemon as main.ts wires it on the simulated media server. Settings round trip with their
 * audit entry and coded refusals (nothing stored on a refusal); a caller waiting past a threshold
 * raises one `floor.alert` however many recounts follow, and clears it once when they are gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../src/core/events.js';
import type { AuthHeaders } from '../../helpers/test-app.js';
import { DID, makeToolbarWorld, type ToolbarWorld } from '../toolbar/toolbar-world.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON body, read field by field
type Json = any;

describe('indicator settings and floor alerts', () => {
  let w: ToolbarWorld;
  let sue: AuthHeaders;
  const events: DomainEvent[] = [];

  beforeAll(async () => {
    w = await makeToolbarWorld();
    sue = await w.t.loginAs('supervisor');
    w.t.deps.bus.subscribe((e) => {
      if (e.type === 'floor.alert') events.push(e);
    });
  }, 60_000);

  afterAll(async () => {
    await w?.close();
  });

  const agentSettings = {
    indicators: ['waiting', 'longestWait', 'available', 'notReady'],
    thresholds: { waiting: { voice: 3, chat: 2 }, available: { voice: 1, chat: null } },
    stateLimits: { wrap_up: 120 },
  };

  it('given an admin when they set the agents\' indicators then they read back as set, with an audit entry and a config.changed', async () => {
    const changed: DomainEvent[] = [];
    const stop = w.t.deps.bus.subscribe((e) => {
      if (e.type === 'config.changed') changed.push(e);
    });
    expect(await w.ok('PUT', '/api/supervision/indicator-settings/agent', w.admin, agentSettings)).toEqual(agentSettings);
    stop();
    const all = await w.ok('GET', '/api/supervision/indicator-settings', w.alice.headers);
    expect(all.audiences.agent).toEqual(agentSettings);
    expect(all.indicators).toContain('consulted');
    expect(all.maxIndicators).toBe(4);
    const audit = await w.ok('GET', '/api/audit?action=indicator_settings.update', w.admin);
    expect(audit.entries[0]).toMatchObject({ action: 'indicator_settings.update', target: 'indicator_settings:agent', details: { indicators: agentSettings.indicators } });
    expect(changed).toMatchObject([{ entity: 'indicator_settings', id: 'agent', action: 'updated' }]);
  });

  it('given bad settings when an admin sends them then each is refused with VALIDATION_FAILED naming the rule and where, and the stored settings stay', async () => {
    const cases: [string, unknown, string, string][] = [
      ['agent', { indicators: ['waiting', 'longestWait', 'available', 'notReady', 'online'], thresholds: {} }, '/indicators', 'too_many_indicators'],
      ['agent', { indicators: ['waiting', 'coffee'], thresholds: {} }, '/indicators/1', 'unknown_indicator'],
      ['agent', { indicators: ['waiting'], thresholds: { waiting: { voice: -2 } } }, '/thresholds/waiting/voice', 'negative_threshold'],
      ['agent', { indicators: ['waiting'], thresholds: {}, stateLimits: { wrap_up: -1 } }, '/stateLimits/wrap_up', 'negative_threshold'],
      ['janitor', { indicators: ['waiting'], thresholds: {} }, '/audience', 'unknown_audience'],
    ];
    for (const [audience, body, where, rule] of cases) {
      const res = await w.inject('PUT', `/api/supervision/indicator-settings/${audience}`, w.admin, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { problems: [{ where, rule }] } });
    }
    expect((await w.ok('GET', '/api/supervision/indicator-settings', sue)).audiences.agent).toEqual(agentSettings);
  });

  it('given a supervisor (not an admin) when they change settings then 403 FORBIDDEN', async () => {
    const res = await w.inject('PUT', '/api/supervision/indicator-settings/agent', sue, agentSettings);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });

  it('given a supervisor threshold of 0 waiting when a caller waits through many recounts and then hangs up then one alert is raised and one cleared', async () => {
    await w.ok('PUT', '/api/supervision/indicator-settings/supervisor', w.admin, { indicators: ['waiting', 'available'], thresholds: { waiting: { voice: 0 } } });
    events.length = 0;
    const caller = await w.pbx.control.placeInboundCall({ from: '+4930123', to: DID });
    await w.until('the caller waits in the queue', () => w.cc().acd.liveForRealtime().waiting.length === 1);
    for (let i = 0; i < 5; i++) await w.t.clock.advanceAsync(1_000);
    const mine = () => events.filter((e) => e.type === 'floor.alert' && e.audience === 'supervisor');
    expect(mine()).toMatchObject([{ indicator: 'waiting', media: 'voice', state: 'raised', value: 1, threshold: 0, teamId: null, scope: {} }]);

    const strip = await w.ok('GET', '/api/supervision/my-indicators', sue);
    expect(strip).toMatchObject({ audience: 'supervisor', settings: { indicators: ['waiting', 'available'] }, values: { waiting: 1 }, chat: { waiting: 0 } });

    await w.pbx.control.farEndHangup(caller);
    await w.until('the caller is gone', () => w.cc().acd.liveForRealtime().waiting.length === 0);
    for (let i = 0; i < 3; i++) await w.t.clock.advanceAsync(1_000);
    expect(mine().map((e) => (e.type === 'floor.alert' ? e.state : ''))).toEqual(['raised', 'cleared']);
  });

  it("given an agent when they read their strip then they get the agents' indicators and thresholds", async () => {
    const strip = await w.ok('GET', '/api/supervision/my-indicators', w.alice.headers);
    expect(strip).toMatchObject({ audience: 'agent', settings: agentSettings });
    expect(Object.keys(strip.values)).toContain('waiting');
  });

  it('given a supervisor when they read the wallboard then queue figures come with the queue names', async () => {
    const board: Json = await w.ok('GET', '/api/wallboard', sue);
    expect(board.queues).toEqual([{ queueId: w.queueId, name: 'support', waiting: 0, longestWaitMs: 0, available: 0 }]);
    expect(board.settings.indicators).toHaveLength(4);
  });
});
