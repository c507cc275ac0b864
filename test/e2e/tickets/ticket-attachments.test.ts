/**
 * Ticket attachments (issue 13) over the full app: the same content checks and store as chat
 * uploads; staff read them team-scoped; a visitor reads only the files of their own tickets'
 * public replies; every refusal is coded and stores nothing (rows, audit and files counted).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthHeaders } from '../../helpers/test-app.js';
import { html, pdf, png } from '../../fixtures/upload-samples.js';
import { startChatWorld, Visitor, type ChatWorld } from '../chat/chat-world.js';

describe('ticket attachments', () => {
  let w: ChatWorld;
  let vera: Visitor;
  let veraToken: string;
  let ticketId: string;
  let publicReply: string;
  let internalReply: string;
  const ids: Record<string, string> = {};
  const sockets: Visitor[] = [];

  const attach = (headers: AuthHeaders, id: string, q: Record<string, string>, body: Buffer) =>
    w.t.inject({ method: 'POST', url: `/api/tickets/${id}/attachments?${new URLSearchParams(q)}`, headers: { ...headers, 'content-type': 'application/octet-stream' }, payload: body });
  const post = (url: string, payload: object, headers = w.alice) => w.t.inject({ method: 'POST', url, headers, payload });
  const stored = async () => {
    const n = async (table: 'attachments' | 'audit_log') => Number((await w.t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const files = await readdir(path.join(w.dataDir, 'attachments')).catch(() => [] as string[]);
    return { attachments: await n('attachments'), audit: await n('audit_log'), files: files.sort() };
  };

  beforeAll(async () => {
    w = await startChatWorld({ chatCapacity: 2 });
    vera = await Visitor.connect(w.wsUrl);
    sockets.push(vera);
    veraToken = ((await vera.request({ type: 'hello' }, 'welcome')) as { visitorToken: string }).visitorToken;
    const chatId = ((await vera.request({ type: 'start', queue: w.queueId }, 'started')) as { chatId: string }).chatId;
    await vera.next('assigned');
    ticketId = (await post('/api/tickets', { subject: 'Broken frame', chatId })).json().id as string;
    publicReply = (await post(`/api/tickets/${ticketId}/replies`, { visibility: 'public', body: 'Here is the repair form' })).json().id as string;
    internalReply = (await post(`/api/tickets/${ticketId}/replies`, { visibility: 'internal', body: 'INTERNAL: supplier invoice' })).json().id as string;
  });
  afterAll(async () => {
    for (const s of sockets) await s.close();
    await w.close();
  });

  it('given files added to a public reply, an internal reply and the ticket when the ticket is read then all three are listed and each is audited and served with nosniff', async () => {
    const a = await attach(w.alice, ticketId, { kind: 'image', name: 'frame.png', replyId: publicReply }, png());
    expect(a.statusCode).toBe(201);
    expect(a.json()).toEqual({ id: expect.any(String), kind: 'image', name: 'frame.png', size: png().length, contentType: 'image/png', replyId: publicReply, at: expect.any(Number) });
    ids.public = a.json().id;
    ids.internal = (await attach(w.alice, ticketId, { kind: 'file', name: 'supplier.pdf', replyId: internalReply }, pdf())).json().id;
    ids.ticket = (await attach(w.alice, ticketId, { kind: 'file', name: 'notes.pdf' }, pdf())).json().id;

    const detail = (await w.t.inject({ method: 'GET', url: `/api/tickets/${ticketId}`, headers: w.alice })).json() as { attachments: { id: string; replyId: string | null }[] };
    expect(detail.attachments.map((x) => [x.id, x.replyId])).toEqual([
      [ids.public, publicReply],
      [ids.internal, internalReply],
      [ids.ticket, null],
    ]);
    const audit = await w.t.deps.auditReader.query({ action: 'ticket.attachment_added' });
    expect(audit.filter((e) => e.target === `ticket:${ticketId}`)).toHaveLength(3);

    const file = await w.t.inject({ method: 'GET', url: `/api/tickets/${ticketId}/attachments/${ids.internal}`, headers: w.alice });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(pdf())).toBe(true);
    expect([file.headers['content-type'], file.headers['x-content-type-options']]).toEqual(['application/pdf', 'nosniff']);
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="supplier.pdf"/);
  });

  it('given those files when the visitor asks for their tickets and fetches files then only the public reply carries its file, and only that one is served to them', async () => {
    const answer = await vera.request({ type: 'tickets' }, 'tickets');
    const tickets = answer.type === 'tickets' ? answer.tickets : [];
    expect(tickets[0]?.replies).toEqual([{ id: publicReply, body: 'Here is the repair form', at: expect.any(Number), attachments: [{ id: ids.public, kind: 'image', name: 'frame.png', size: png().length, contentType: 'image/png' }] }]);
    expect(JSON.stringify(answer)).not.toContain('supplier');

    const get = (id: string | undefined, token: string) => w.t.inject({ method: 'GET', url: `/api/widget/attachments/${id}`, headers: { 'x-visitor-token': token } });
    const ok = await get(ids.public, veraToken);
    expect(ok.statusCode).toBe(200);
    expect(ok.rawPayload.equals(png())).toBe(true);
    expect(ok.headers['access-control-allow-origin']).toBe('*');
    for (const hidden of [ids.internal, ids.ticket]) expect((await get(hidden, veraToken)).json().code).toBe('ATTACHMENT_NOT_FOUND');

    const stranger = await Visitor.connect(w.wsUrl);
    sockets.push(stranger);
    const strangerToken = ((await stranger.request({ type: 'hello' }, 'welcome')) as { visitorToken: string }).visitorToken;
    expect((await get(ids.public, strangerToken)).json().code).toBe('ATTACHMENT_NOT_FOUND');
  });

  it('given bad files, a reply of another ticket, a user without tickets.edit and an agent outside the ticket team when attaching then each is refused with its code and nothing is stored', async () => {
    const other = (await post('/api/tickets', { subject: 'Other' })).json().id as string;
    const otherReply = (await post(`/api/tickets/${other}/replies`, { visibility: 'public', body: 'x' })).json().id as string;
    const team = (await post('/api/teams', { name: 'Workshop' }, w.admin)).json().id as string;
    const teamTicket = (await post('/api/tickets', { subject: 'Workshop only', teamId: team }, w.admin)).json().id as string;
    const nobody = await w.t.loginAs([]);
    const before = await stored();
    const cases: [string, Promise<{ statusCode: number; json(): { code: string; details?: { where?: string; problems?: { where: string }[] } } }>, number, string, string?][] = [
      ['html named .png', attach(w.alice, ticketId, { kind: 'image', name: 'x.png' }, html()), 415, 'ATTACHMENT_TYPE_REFUSED', '/body'],
      ['empty', attach(w.alice, ticketId, { kind: 'file', name: 'x.pdf' }, Buffer.alloc(0)), 400, 'ATTACHMENT_EMPTY', '/body'],
      ['unknown kind', attach(w.alice, ticketId, { kind: 'sticker' }, png()), 400, 'ATTACHMENT_KIND_UNKNOWN', '/kind'],
      ["another ticket's reply", attach(w.alice, ticketId, { kind: 'image', replyId: otherReply }, png()), 400, 'VALIDATION_FAILED', '/replyId'],
      ['no tickets.edit', attach(nobody, ticketId, { kind: 'image' }, png()), 403, 'FORBIDDEN'],
      ['outside the team', attach(w.alice, teamTicket, { kind: 'image' }, png()), 404, 'TICKET_NOT_FOUND'],
    ];
    for (const [label, pending, status, code, where] of cases) {
      const res = await pending;
      const body = res.json();
      expect({ label, status: res.statusCode, code: body.code }).toEqual({ label, status, code });
      if (where) expect({ label, where: body.details?.where ?? body.details?.problems?.[0]?.where }).toEqual({ label, where });
    }
    expect(await stored()).toEqual(before);
    const outside = await w.t.inject({ method: 'GET', url: `/api/tickets/${teamTicket}/attachments/${ids.public}`, headers: w.alice });
    expect(outside.json().code).toBe('TICKET_NOT_FOUND');
    const wrongTicket = await w.t.inject({ method: 'GET', url: `/api/tickets/${other}/attachments/${ids.public}`, headers: w.alice });
    expect(wrongTicket.json().code).toBe('ATTACHMENT_NOT_FOUND');
  });
});
