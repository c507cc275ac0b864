/**
 * Chat supervision through the real app and the widget's own socket: monitor, whisper and take
 * over, each refusal coded and changing nothing, whispers never reaching the visitor (live, after
 * a reconnect and resume, or through the agent's message API), and the agent-silence alert under
 * the fake clock: to the right group only, and of two colleagues taking over, the first wins.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DomainEvent, EventOf } from '../../../src/core/events.js';
import { startSupervisionWorld, type SupervisionWorld } from './chat-supervision-world.js';
import { Visitor } from './chat-world.js';

const SILENT_MS = 60_000;

describe('chat supervision', () => {
  let w: SupervisionWorld;
  beforeEach(async () => {
    w = await startSupervisionWorld({ agentSilentMs: SILENT_MS });
  });
  afterEach(async () => {
    await w.close();
  });

  const of = <T extends DomainEvent['type']>(type: T, chatId: string) => w.events.filter((e): e is EventOf<T> => e.type === type && (e as { chatId?: string }).chatId === chatId);
  /** A staff member's own /api/ws socket, holding the events it received. */
  const staffSocket = async (token: string) => {
    const { ws } = await w.t.listen();
    const socket = new WebSocket(`${ws}/api/ws?token=${encodeURIComponent(token)}`);
    const got: DomainEvent[] = [];
    await new Promise<void>((resolve, reject) => {
      socket.on('message', (data) => {
        const m = JSON.parse(String(data)) as { type: string; event?: DomainEvent };
        if (m.type === 'event' && m.event) got.push(m.event);
        if (m.type === 'hello') resolve();
      });
      socket.once('close', (code) => reject(new Error(`closed ${code}`)));
    });
    sockets.push(socket);
    const until = (seen: (e: DomainEvent) => boolean) =>
      new Promise<void>((resolve) => {
        const check = () => (got.some(seen) ? resolve() : setImmediate(check));
        check();
      });
    return { got, until };
  };
  const sockets: WebSocket[] = [];
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  const auditOf = async (chatId: string) => (await w.t.deps.auditReader.query({ action: 'chat.', limit: 100 })).filter((a) => a.target === `chat:${chatId}`).map((a) => a.action);

  it('given a monitored chat when the supervisor whispers then the agent sees it and the visitor never does, live or after a resume', async () => {
    const { v, token, chatId } = await w.startChat();
    await v.request({ type: 'message', clientId: 'v-1', kind: 'text', text: 'My order is late' }, 'ack');
    const monitor = await w.call('POST', `/api/supervisor/chats/${chatId}/monitor`, w.sam.headers);
    expect(monitor.statusCode, monitor.body).toBe(200);
    expect(monitor.json()).toMatchObject({ chat: { id: chatId, agentId: w.aliceId }, messages: [{ seq: 1, from: 'visitor', text: 'My order is late' }], whispers: [] });

    // Live: a new message in the chat tells the monitors (ids only) and they read on.
    expect((await w.call('POST', `/api/chats/${chatId}/messages`, w.alice, { clientId: 'a-1', text: 'Let me check' })).statusCode).toBe(200);
    await w.settle();
    expect(of('chat.monitored', chatId).map((e) => [e.change, e.seq])).toContainEqual(['message', 2]);
    expect((await w.call('GET', `/api/supervisor/chats/${chatId}?after=1`, w.sam.headers)).json().messages.map((m: { seq: number }) => m.seq)).toEqual([2]);

    const whisper = await w.call('POST', `/api/supervisor/chats/${chatId}/whisper`, w.sam.headers, { text: '  WHISPER-1 offer free shipping  ' });
    expect(whisper.statusCode, whisper.body).toBe(201);
    expect(whisper.json()).toMatchObject({ chatId, agentId: w.aliceId, supervisorName: 'Sam', text: 'WHISPER-1 offer free shipping', afterSeq: 2 });
    const live = of('chat.whisper', chatId);
    expect(live).toHaveLength(1);
    expect(w.seenBy(live[0] as DomainEvent)).toEqual(['alice', 'sam', 'lee']);
    expect((await w.call('GET', `/api/chats/${chatId}/whispers`, w.alice)).json().whispers.map((x: { text: string }) => x.text)).toEqual(['WHISPER-1 offer free shipping']);
    // Another agent does not read them.
    expect((await w.call('GET', `/api/chats/${chatId}/whispers`, w.carol.headers)).json()).toMatchObject({ code: 'CHAT_NOT_YOURS' });

    // The visitor drops; a second whisper and a message are written; the widget resumes from 0.
    await v.close();
    expect((await w.call('POST', `/api/supervisor/chats/${chatId}/whisper`, w.sam.headers, { text: 'WHISPER-2 while away' })).statusCode).toBe(201);
    expect((await w.call('POST', `/api/chats/${chatId}/messages`, w.alice, { clientId: 'a-2', text: 'Shipping is on us' })).json()).toMatchObject({ seq: 3 });
    const back = await Visitor.connect(w.wsUrl);
    w.visitors.push(back);
    expect(await back.request({ type: 'hello', visitorToken: token, chatId, resume: 0 }, 'welcome')).toMatchObject({ lastSeq: 3 });
    await back.next('message', (m) => m.seq === 3);
    await back.next('assigned');
    await back.request({ type: 'tickets' }, 'tickets');
    expect(back.messages().map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(JSON.stringify([...v.frames, ...back.frames])).not.toContain('WHISPER');
    expect(JSON.stringify((await w.call('GET', `/api/chats/${chatId}/messages`, w.alice)).json())).not.toContain('WHISPER');
    expect(await auditOf(chatId)).toEqual(expect.arrayContaining(['chat.monitor', 'chat.whisper']));
  });

  it('given refusals when they are asked then each is coded and changes nothing', async () => {
    const { chatId } = await w.startChat();
    const before = await auditOf(chatId);
    // Whisper to a chat one does not monitor.
    expect((await w.call('POST', `/api/supervisor/chats/${chatId}/whisper`, w.sam.headers, { text: 'hi' })).json()).toMatchObject({ code: 'CHAT_NOT_MONITORED' });
    // A team lead outside the chat's teams (Lou leads tB: Carol serves another queue).
    for (const [method, url, body] of [
      ['POST', `/api/supervisor/chats/${chatId}/monitor`, undefined],
      ['POST', `/api/supervisor/chats/${chatId}/whisper`, { text: 'hi' }],
      ['POST', `/api/supervisor/chats/${chatId}/take-over`, undefined],
    ] as const) {
      const res = await w.call(method, url, w.lou.headers, body);
      expect([res.statusCode, res.json().code]).toEqual([403, 'CHAT_OUTSIDE_TEAMS']);
    }
    expect((await w.call('GET', '/api/supervisor/chats', w.lou.headers)).json()).toEqual({ active: [], waiting: [], withBot: [] });
    // The lead of the queue's team reaches it; an agent has no chat.supervise at all.
    expect((await w.call('GET', '/api/supervisor/chats', w.lee.headers)).json().active.map((c: { id: string }) => c.id)).toEqual([chatId]);
    expect((await w.call('POST', `/api/supervisor/chats/${chatId}/monitor`, w.bob.headers)).statusCode).toBe(403);
    // A team lead keeps an agent's reach on the every-chat routes.
    expect((await w.call('GET', `/api/chats/${chatId}/messages`, w.lee.headers)).json()).toMatchObject({ code: 'CHAT_NOT_YOURS' });
    // Take over without an open silence alert; a chat already one's own.
    expect((await w.call('POST', `/api/chats/${chatId}/take-over`, w.bob.headers)).json()).toMatchObject({ code: 'CHAT_NO_SILENCE_ALERT' });
    expect((await w.call('POST', `/api/supervisor/chats/${chatId}/whisper`, w.sam.headers, { text: '   ' })).json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await auditOf(chatId)).toEqual(before);
    expect((await w.call('GET', `/api/chats/${chatId}/whispers`, w.alice)).json().whispers).toEqual([]);
    expect(w.t.deps.contactCenter.chat.list(w.aliceId, false).active.map((c) => c.agentId)).toEqual([w.aliceId]);

    // Taken over once; a second take-over by another supervisor is refused.
    expect((await w.call('POST', `/api/supervisor/chats/${chatId}/take-over`, w.sam.headers)).statusCode).toBe(200);
    const other = await w.t.loginAs('supervisor');
    const again = await w.call('POST', `/api/supervisor/chats/${chatId}/take-over`, other);
    expect([again.statusCode, again.json().code]).toEqual([403, 'NOT_AN_AGENT']);
    expect((await w.call('POST', `/api/supervisor/chats/${chatId}/take-over`, w.sam.headers)).json()).toMatchObject({ code: 'CHAT_ALREADY_YOURS' });

    // A closed chat cannot be monitored.
    expect((await w.call('POST', `/api/chats/${chatId}/end`, w.sam.headers, { outcome: 'solved' })).statusCode).toBe(200);
    await w.settle();
    expect((await w.call('POST', `/api/supervisor/chats/${chatId}/monitor`, w.sam.headers)).json()).toMatchObject({ code: 'CHAT_CLOSED' });
  });

  it('given a supervisor taking a chat over when the visitor writes then the supervisor handles it, the agent is released and told, and the visitor is undisturbed', async () => {
    const { v, chatId } = await w.startChat();
    await v.request({ type: 'message', clientId: 'v-1', kind: 'text', text: 'Hello' }, 'ack');
    const framesBefore = v.frames.length;
    const taken = await w.call('POST', `/api/supervisor/chats/${chatId}/take-over`, w.sam.headers);
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json()).toMatchObject({ id: chatId, state: 'active', agentId: w.ids.sam });
    await w.settle();
    // The agent is told and their slot is free; the supervisor holds the chat in the engine.
    const told = of('chat.taken_over', chatId);
    expect(told).toMatchObject([{ fromAgentId: w.aliceId, toAgentId: w.ids.sam, via: 'supervisor' }]);
    expect(w.seenBy(told[0] as DomainEvent)).toEqual(expect.arrayContaining(['alice', 'sam', 'lee']));
    expect(w.seenBy(told[0] as DomainEvent)).not.toContain('carol');
    const acd = w.t.deps.contactCenter.acd;
    expect(acd.agentSnapshot(w.aliceId).work.map((x) => x.contactId)).not.toContain(chatId);
    expect(acd.contact(chatId).agentId).toBe(w.ids.sam);
    expect((await w.call('POST', `/api/chats/${chatId}/messages`, w.alice, { clientId: 'a-x', text: 'late' })).json()).toMatchObject({ code: 'CHAT_NOT_YOURS' });
    expect((await w.call('GET', '/api/chats', w.alice)).json().active).toEqual([]);

    // The visitor noticed nothing: no frame came with the take-over, and the conversation goes on.
    expect(v.frames.length).toBe(framesBefore);
    expect((await w.call('POST', `/api/chats/${chatId}/messages`, w.sam.headers, { clientId: 's-1', text: 'I can help' })).statusCode).toBe(200);
    expect(await v.next('message', (m) => m.seq === 2)).toMatchObject({ from: 'agent', agentName: 'Sam', text: 'I can help' });
    expect((await w.call('GET', `/api/chats/${chatId}/messages`, w.sam.headers)).json().messages.map((m: { seq: number }) => m.seq)).toEqual([1, 2]);
    expect(await auditOf(chatId)).toContain('chat.take_over');
  });

  it('given an agent silent past the limit when the clock runs out then their group is alerted and of two colleagues taking over the first wins', async () => {
    const { v, chatId } = await w.startChat();
    await v.request({ type: 'message', clientId: 'v-1', kind: 'text', text: 'Anyone there?' }, 'ack');
    await w.settle();
    w.t.clock.advance(SILENT_MS - 1);
    expect(of('chat.silence_alert', chatId)).toEqual([]);
    w.t.clock.advance(1);
    const alert = of('chat.silence_alert', chatId);
    expect(alert).toMatchObject([{ agentId: w.aliceId, visitorName: 'Vera', groupAgentIds: [w.aliceId, w.ids.bob, w.ids.dave].sort() }]);
    // The queue's agents and the agent's team (Alice has none) with the leads of the queue's team: not Carol, not Lou.
    expect(w.seenBy(alert[0] as DomainEvent).sort()).toEqual(['alice', 'bob', 'dave', 'sam'].sort());
    expect((await w.call('GET', '/api/chats/silence-alerts', w.bob.headers)).json().alerts).toEqual([{ chatId, agentId: w.aliceId, queueId: w.queueId }]);
    expect((await w.call('GET', '/api/chats/silence-alerts', w.carol.headers)).json().alerts).toEqual([]);

    // Outside the group: refused.
    expect((await w.call('POST', `/api/chats/${chatId}/take-over`, w.carol.headers)).json()).toMatchObject({ code: 'CHAT_NOT_IN_GROUP' });
    // Bob and Dave click at the same time: one gets the chat, the other a coded refusal.
    const [b, d] = await Promise.all([w.call('POST', `/api/chats/${chatId}/take-over`, w.bob.headers), w.call('POST', `/api/chats/${chatId}/take-over`, w.dave.headers)]);
    const results = [b, d].map((r) => [r.statusCode, r.json().code ?? r.json().agentId]);
    expect(results).toEqual(expect.arrayContaining([[409, 'CHAT_ALREADY_TAKEN']]));
    const winner = b.statusCode === 200 ? w.ids.bob : w.ids.dave;
    expect(results).toEqual(expect.arrayContaining([[200, winner]]));
    await w.settle();
    expect(w.t.deps.contactCenter.acd.contact(chatId).agentId).toBe(winner);
    expect(of('chat.silence_cleared', chatId)).toMatchObject([{ reason: 'taken_over', byAgentId: winner }]);
    expect(of('chat.taken_over', chatId)).toMatchObject([{ fromAgentId: w.aliceId, toAgentId: winner, via: 'silence_alert' }]);
    expect((await w.call('GET', '/api/chats/silence-alerts', w.bob.headers)).json().alerts).toEqual([]);
    expect(await auditOf(chatId)).toEqual(['chat.take_over_silent']);
  });

  it('given a silence alert when the agent answers then it is cleared and nobody can take the chat over', async () => {
    const { v, chatId } = await w.startChat();
    await v.request({ type: 'message', clientId: 'v-1', kind: 'text', text: 'Hi' }, 'ack');
    await w.settle();
    w.t.clock.advance(SILENT_MS);
    expect(of('chat.silence_alert', chatId)).toHaveLength(1);
    expect((await w.call('POST', `/api/chats/${chatId}/messages`, w.alice, { clientId: 'a-1', text: 'Sorry, here' })).statusCode).toBe(200);
    await w.settle();
    expect(of('chat.silence_cleared', chatId)).toMatchObject([{ reason: 'answered' }]);
    expect((await w.call('POST', `/api/chats/${chatId}/take-over`, w.bob.headers)).json()).toMatchObject({ code: 'CHAT_NO_SILENCE_ALERT' });
    expect(w.t.deps.contactCenter.acd.contact(chatId).agentId).toBe(w.aliceId);
  });

  it('given a chat with an invited colleague when its agent changes its tags then the colleague, supervisors and the lead of its teams see chat.tags live, an agent of another team does not, and a monitor reads them', async () => {
    const { chatId } = await w.startChat();
    expect((await w.call('POST', `/api/chats/${chatId}/colleagues`, w.alice, { agentId: w.ids.bob })).statusCode).toBe(200);
    expect((await w.call('POST', `/api/supervisor/chats/${chatId}/monitor`, w.sam.headers)).json().tags).toEqual([]);
    const bob = await staffSocket(w.bob.token);
    const sam = await staffSocket(w.sam.token);
    const carol = await staffSocket(w.carol.token);

    const set = await w.call('PUT', `/api/chats/${chatId}/tags`, w.alice, { tags: ['VIP', 'refund'] });
    expect(set.json()).toEqual({ tags: ['vip', 'refund'] });
    // Each socket is read up to an event everyone sees, published after the tags: whatever it was
    // sent of the tags came before it (a socket receives events in publish order).
    w.t.deps.bus.publish({ type: 'agent.state_changed', at: w.t.clock.now(), scope: { everyone: true }, agentId: w.ids.dave, from: 'not_ready', to: 'not_ready' });
    const marker = (e: DomainEvent) => e.type === 'agent.state_changed' && e.agentId === w.ids.dave;
    await Promise.all([bob.until(marker), sam.until(marker), carol.until(marker)]);
    const isTags = (e: DomainEvent) => e.type === 'chat.tags' && e.chatId === chatId;
    const expected = { type: 'chat.tags', chatId, agentId: w.aliceId, tags: ['vip', 'refund'] };
    expect(bob.got.filter(isTags)).toMatchObject([expected]);
    expect(sam.got.filter(isTags)).toMatchObject([expected]);
    expect(carol.got.filter(isTags)).toEqual([]);
    // The lead of the queue's team sees it too (their console's monitor); the lead of another team does not.
    const told = of('chat.tags', chatId);
    expect(told).toHaveLength(1);
    expect(w.seenBy(told[0] as DomainEvent).sort()).toEqual(['alice', 'bob', 'lee', 'sam']);

    // The monitor reads the tags with the chat, and on again after a change.
    expect((await w.call('GET', `/api/supervisor/chats/${chatId}?after=0`, w.sam.headers)).json().tags).toEqual(['vip', 'refund']);
    expect((await w.call('PUT', `/api/chats/${chatId}/tags`, w.bob.headers, { tags: ['vip'] })).json()).toEqual({ tags: ['vip'] });
    expect(of('chat.tags', chatId).map((e) => [e.tags, e.byUserId])).toEqual([
      [['vip', 'refund'], expect.any(String)],
      [['vip'], w.bob.userId],
    ]);
    expect((await w.call('GET', `/api/supervisor/chats/${chatId}?after=0`, w.sam.headers)).json().tags).toEqual(['vip']);
  });
});
