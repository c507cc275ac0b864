/**
 * Chat monitoring across a daemon restart (or a standby taking over): who monitors which chat is
 * stored (sql/107), so a supervision built again over the same database, as main.ts wires it,
 * still has the supervisor monitoring the chats that are open, and not one that ended while the
 * daemon was down. Runs on PGlite, and on PostgreSQL with DATABASE_URL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatSupervision } from '../../../src/chat/chat-supervision.js';
import type { ChatSupervisor } from '../../../src/chat/chat-supervision-rules.js';
import type { DomainEvent } from '../../../src/core/events.js';
import { createChatSupervision } from '../../../src/wiring/chat-supervision.js';
import { startSupervisionWorld, type SupervisionWorld } from './chat-supervision-world.js';

describe('chat monitoring across a daemon restart', () => {
  let w: SupervisionWorld;
  const built: ChatSupervision[] = [];
  beforeEach(async () => {
    w = await startSupervisionWorld();
  });
  afterEach(async () => {
    for (const s of built.splice(0)) s.close();
    await w.close();
  });

  const cc = () => w.t.deps.contactCenter;
  /** A supervision as the next daemon builds it: the real wiring over the same database. */
  const restarted = async () => {
    const s = createChatSupervision({ db: w.t.db, chat: cc().chat, acd: cc().acd, visits: cc().visits, audit: w.t.deps.audit, bus: w.t.deps.bus, clock: w.t.clock, background: cc().background }).supervision;
    built.push(s);
    await s.start();
    return s;
  };
  const rows = async () => (await w.t.db.selectFrom('chat_monitors').select(['chat_id', 'user_id']).orderBy('chat_id').execute()).map((r) => [r.chat_id, r.user_id]);
  const sam = (): ChatSupervisor => ({ userId: w.sam.userId, name: 'Sam', agentId: w.ids.sam, seesAll: true, ledTeamIds: [] });

  it('given Sam monitoring two chats when the daemon restarts after one of them ended then he still monitors the open one (whispers, reads on, stops) and not the ended one', async () => {
    const one = await w.startChat('Vera');
    const two = await w.startChat('Walt');
    for (const { chatId } of [one, two]) expect((await w.call('POST', `/api/supervisor/chats/${chatId}/monitor`, w.sam.headers)).statusCode).toBe(200);
    expect(await rows()).toEqual([[one.chatId, w.sam.userId], [two.chatId, w.sam.userId]].sort());

    // The daemon goes down (its supervision hears nothing more); meanwhile the second chat ends.
    w.t.deps.chatSupervision.supervision.close();
    expect((await w.call('POST', `/api/chats/${two.chatId}/end`, w.alice, { outcome: 'solved' })).statusCode).toBe(200);
    await w.settle();
    await cc().background.idle();
    expect(await rows()).toHaveLength(2);

    const after = await restarted();
    expect(after.isMonitoring(w.sam.userId, one.chatId)).toBe(true);
    expect(after.isMonitoring(w.sam.userId, two.chatId)).toBe(false);
    expect(await rows()).toEqual([[one.chatId, w.sam.userId]]);
    expect((await after.list(sam())).active.map((c) => [c.id, c.monitoredByMe])).toEqual([[one.chatId, true]]);

    // Monitoring goes on: a message tells the monitor, the whisper reaches Alice, the view reads on.
    const events: DomainEvent[] = [];
    w.t.deps.bus.subscribe((e) => events.push(e));
    expect((await w.call('POST', `/api/chats/${one.chatId}/messages`, w.alice, { clientId: 'a-1', text: 'Back again' })).statusCode).toBe(200);
    await w.settle();
    expect(events.filter((e) => e.type === 'chat.monitored' && e.chatId === one.chatId).map((e) => (e as { change: string }).change)).toContain('message');
    const whisper = await after.whisper(sam(), one.chatId, 'WHISPER after the restart');
    expect(whisper).toMatchObject({ chatId: one.chatId, agentId: w.aliceId, text: 'WHISPER after the restart' });
    const view = await after.monitored(sam(), one.chatId, 0);
    expect(view.messages.map((m) => m.text)).toContain('Back again');
    expect(view.whispers.map((x) => x.text)).toEqual(['WHISPER after the restart']);
    await expect(after.monitored(sam(), two.chatId, 0)).rejects.toMatchObject({ code: 'CHAT_NOT_MONITORED' });

    // Stopping after the restart works, and is kept: the next start finds nobody monitoring.
    await after.stopMonitoring(sam(), one.chatId);
    expect(after.isMonitoring(w.sam.userId, one.chatId)).toBe(false);
    await expect(after.whisper(sam(), one.chatId, 'too late')).rejects.toMatchObject({ code: 'CHAT_NOT_MONITORED' });
    expect(await rows()).toEqual([]);
    expect((await restarted()).isMonitoring(w.sam.userId, one.chatId)).toBe(false);
  });

  it('given a monitored chat when it ends or the supervisor takes it over while the daemon runs then its row goes, and a restart monitors nothing', async () => {
    const one = await w.startChat('Vera');
    const two = await w.startChat('Walt');
    for (const { chatId } of [one, two]) expect((await w.call('POST', `/api/supervisor/chats/${chatId}/monitor`, w.sam.headers)).statusCode).toBe(200);
    // Monitoring a chat one monitors already keeps the one row.
    expect((await w.call('POST', `/api/supervisor/chats/${one.chatId}/monitor`, w.sam.headers)).statusCode).toBe(200);
    expect(await rows()).toHaveLength(2);

    expect((await w.call('POST', `/api/chats/${one.chatId}/end`, w.alice, { outcome: 'solved' })).statusCode).toBe(200);
    expect((await w.call('POST', `/api/supervisor/chats/${two.chatId}/take-over`, w.sam.headers)).statusCode).toBe(200);
    await w.settle();
    await cc().background.idle();
    expect(await rows()).toEqual([]);
    const after = await restarted();
    expect([one, two].map(({ chatId }) => after.isMonitoring(w.sam.userId, chatId))).toEqual([false, false]);
  });
});
