/**
 * chat.tags applied by the pages' stores: the agent's chat workspace (ChatStore) and the
 * supervisor console's monitored chat (ChatsPanelStore) show a chat's new tags as the event brings
 * them, without reading again; a chat they do not show is left alone.
 */
import { describe, expect, it, vi } from 'vitest';
import type { EventStream, StreamListener } from '../../../src/web/api/event-stream.js';
import type { ChatSummary, DomainEvent } from '../../../src/web/api/types.js';
import { ChatStore } from '../../../src/web/chat-workspace/chat-store.js';
import { ChatsPanelStore } from '../../../src/web/supervisor/chats-store.js';

const summary = (id: string): ChatSummary => ({ id, state: 'active', queueId: 'q', agentId: 'a1', visitorName: 'Vera', page: '', createdAt: 1, assignedAt: 2, endedAt: null, lastSeq: 0, channel: 'web' });

/** The daemon's answers by path (method and path, first match), as fetch gives them. */
function daemon(answers: [string, unknown][]): void {
  vi.stubGlobal('fetch', async (path: string, init: { method: string }) => {
    const hit = answers.find(([key]) => `${init.method} ${path}`.startsWith(key));
    if (!hit) throw new Error(`unexpected ${init.method} ${path}`);
    return new Response(JSON.stringify(hit[1]), { status: 200, headers: { 'content-type': 'application/json' } });
  });
}

function fakeStream(): { stream: EventStream; emit(e: DomainEvent): void } {
  const listeners: StreamListener[] = [];
  const stream = { subscribe: (l: StreamListener) => (listeners.push(l), () => undefined) } as unknown as EventStream;
  return { stream, emit: (e) => listeners.forEach((l) => l.event?.(e)) };
}

const tagsEvent = (chatId: string, tags: string[]): DomainEvent => ({ type: 'chat.tags', at: 5, scope: { agentId: 'a1' }, chatId, agentId: 'a1', tags, byUserId: 'u-sup' });

/** Lets the stores' pending reads finish (they chain a few promises; no timer is involved). */
const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((r) => setImmediate(r));
};

describe('chat tags, live', () => {
  it('given the workspace holding a chat when chat.tags comes for it then its tags are the new set; one for a chat not held changes nothing', async () => {
    vi.stubGlobal('window', { setInterval: () => 1, clearInterval: () => undefined });
    daemon([
      ['GET /api/chats/c1/messages', { messages: [], lastSeq: 0 }],
      ['GET /api/chats', { active: [summary('c1')], waiting: [] }],
    ]);
    const { stream, emit } = fakeStream();
    const store = new ChatStore('a1', stream);
    store.start();
    await settle();
    expect(Object.keys(store.threads.value)).toEqual(['c1']);
    store.setTags('c1', ['vip']);

    emit(tagsEvent('c1', ['vip', 'refund']));
    emit(tagsEvent('c9', ['other']));
    expect(store.tags.value).toEqual({ c1: ['vip', 'refund'] });
    emit(tagsEvent('c1', []));
    expect(store.tags.value).toEqual({ c1: [] });
    store.stop();
  });

  it('given the console monitoring a chat when chat.tags comes for it then the monitor shows the new set; one for another chat changes nothing', async () => {
    daemon([
      ['POST /api/supervisor/chats/c1/monitor', { chat: summary('c1'), messages: [], lastSeq: 0, whispers: [], tags: ['vip'] }],
      ['GET /api/supervisor/chats', { active: [summary('c1')], waiting: [], withBot: [] }],
    ]);
    const { stream, emit } = fakeStream();
    const store = new ChatsPanelStore(stream);
    store.start();
    await store.monitor('c1');
    await settle();
    expect(store.monitored.value?.tags).toEqual(['vip']);

    emit(tagsEvent('c2', ['other']));
    expect(store.monitored.value?.tags).toEqual(['vip']);
    emit(tagsEvent('c1', ['vip', 'complaint']));
    expect(store.monitored.value?.tags).toEqual(['vip', 'complaint']);
    expect(store.monitored.value?.chat.id).toBe('c1');
    store.stop();
  });
});
