import { describe, expect, it } from 'vitest';
import { AgentDirectoryCache } from '../../../src/agents/agent-directory.js';
import { BackgroundTasks } from '../../../src/core/background-tasks.js';
import { InProcessEventBus } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/log.js';
import type { Agent, PhoneBinding } from '../../../src/directory/model.js';
import type { EndpointRef } from '../../../src/pbx/port.js';

function agent(id: string, userId: string, phone: PhoneBinding): Agent {
  return { id, userId, number: id, displayName: id, teamId: null, skills: [], phone, chatCapacity: 3, enabled: true, createdAt: 0, updatedAt: 0 };
}

function world(stored: Agent[], loggedIn: Record<string, EndpointRef> = {}) {
  const seen: string[] = [];
  const background = new BackgroundTasks(silentLogger);
  const listed: { offset?: number; limit?: number }[] = [];
  const cache = new AgentDirectoryCache({
    agents: {
      list: async (page = {}) => {
        listed.push(page);
        const offset = page.offset ?? 0;
        const items = stored.slice(offset, offset + (page.limit ?? 50));
        return { items, total: stored.length, limit: page.limit ?? 50, offset };
      },
    },
    loggedInPhone: (id) => loggedIn[id],
    phoneSeen: (name) => seen.push(name),
    background,
  });
  return { cache, seen, background, listed };
}

describe('agent directory cache', () => {
  it('given agents with a desk phone, a browser phone and one chosen at login when read then users map to agents and configured phones are reported', async () => {
    const w = world([agent('a1', 'u1', { mode: 'fixed', extension: '2001' }), agent('a2', 'u2', { mode: 'browser', extension: 'web-a2' }), agent('a3', 'u3', { mode: 'chosen_at_login' })]);
    await w.cache.refresh();

    expect(['u1', 'u2', 'u3', 'u4'].map((u) => w.cache.agentOfUser(u))).toEqual(['a1', 'a2', 'a3', undefined]);
    expect(w.cache.phoneOfUser('u1')).toEqual({ kind: 'phone', name: '2001' });
    expect(w.cache.phoneOfAgent('a3')).toBeUndefined();
    expect(w.seen).toEqual(['2001', 'web-a2']);
  });

  it('given an agent logged in with another phone when asked for their phone then the phone they logged in with wins', async () => {
    const w = world([agent('a1', 'u1', { mode: 'fixed', extension: '2001' })], { a1: { kind: 'phone', name: 'hot-desk-7' } });
    await w.cache.refresh();

    expect(w.cache.phoneOfAgent('a1')).toEqual({ kind: 'phone', name: 'hot-desk-7' });
  });

  it('given more agents than one page when read then every page is read', async () => {
    const many = Array.from({ length: 450 }, (_, i) => agent(`a${i}`, `u${i}`, { mode: 'chosen_at_login' }));
    const w = world(many);
    await w.cache.refresh();

    expect(w.cache.agentOfUser('u449')).toBe('a449');
    expect(w.listed.map((p) => p.offset)).toEqual([0, 200, 400]);
  });

  it('given a watched bus when an agent changes and another logs in with a phone then the cache reads again and the phone is reported', async () => {
    const stored = [agent('a1', 'u1', { mode: 'chosen_at_login' })];
    const w = world(stored);
    const bus = new InProcessEventBus();
    const unwatch = w.cache.watch(bus);
    stored.push(agent('a2', 'u2', { mode: 'chosen_at_login' }));
    bus.publish({ type: 'config.changed', at: 0, scope: {}, entity: 'agent', id: 'a2', action: 'created' });
    bus.publish({ type: 'agent.logged_in', at: 0, scope: {}, agentId: 'a1', phone: 'desk-9' });
    await w.background.idle();
    unwatch();

    expect(w.cache.agentOfUser('u2')).toBe('a2');
    expect(w.seen).toEqual(['desk-9']);
  });
});
