/**
 * Chat uploads over HTTP (docs/chat-protocol.md, "Uploads"): the visitor with their token, the
 * agent with their session; what each may read; the headers a download carries; and every
 * refusal coded with nothing stored (rows counted, the attachments folder listed).
 */
import { readdir } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthHeaders } from '../../helpers/test-app.js';
import { exe, html, pdf, png, svgWithScript, wav } from '../../fixtures/upload-samples.js';
import { startChatWorld, Visitor, type ChatWorld } from './chat-world.js';

interface Opened {
  v: Visitor;
  token: string;
  chatId: string;
}

async function openChat(w: ChatWorld, sockets: Visitor[]): Promise<Opened> {
  const v = await Visitor.connect(w.wsUrl);
  sockets.push(v);
  const token = ((await v.request({ type: 'hello' }, 'welcome')) as { visitorToken: string }).visitorToken;
  const chatId = ((await v.request({ type: 'start', queue: w.queueId }, 'started')) as { chatId: string }).chatId;
  await v.next('assigned');
  return { v, token, chatId };
}

const visitorUpload = (w: ChatWorld, o: { token: string; chatId: string }, q: { clientId: string; kind: string; name?: string }, body: Buffer, contentType = 'application/octet-stream') =>
  w.t.inject({
    method: 'POST',
    url: `/api/widget/chats/${o.chatId}/uploads?${new URLSearchParams({ ...q })}`,
    headers: { 'x-visitor-token': o.token, 'content-type': contentType },
    payload: body,
  });

const agentUpload = (w: ChatWorld, headers: AuthHeaders, chatId: string, q: { clientId: string; kind: string; name?: string }, body: Buffer) =>
  w.t.inject({ method: 'POST', url: `/api/chats/${chatId}/uploads?${new URLSearchParams({ ...q })}`, headers: { ...headers, 'content-type': 'application/octet-stream' }, payload: body });

async function stored(w: ChatWorld): Promise<{ messages: number; attachments: number; files: string[]; staged: string[] }> {
  await w.settle();
  const n = async (table: 'chat_messages' | 'attachments') => Number((await w.t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const dir = path.join(w.dataDir, 'attachments');
  const list = async (d: string) => (await readdir(d).catch(() => [] as string[])).filter((f) => f !== '.staged').sort();
  return { messages: await n('chat_messages'), attachments: await n('attachments'), files: await list(dir), staged: await list(path.join(dir, '.staged')) };
}

describe('chat uploads', () => {
  let w: ChatWorld;
  let vera: Opened;
  const sockets: Visitor[] = [];

  beforeAll(async () => {
    w = await startChatWorld({ chatCapacity: 4, config: { attachments: { maxBytes: { image: 4096, file: 8192, video: 8192, voice: 4096 }, uploadsPerMinute: 50 } } });
    vera = await openChat(w, sockets);
  });
  afterAll(async () => {
    for (const s of sockets) await s.close();
    await w.close();
  });

  it('given a visitor image and an agent PDF when exchanged then both sides get the message with its attachment and download it with its detected type, nosniff and the right disposition', async () => {
    const up = await visitorUpload(w, vera, { clientId: 'img-1', kind: 'image', name: '假期/beach.png' }, png(), 'text/html');
    expect(up.statusCode).toBe(200);
    const ack = up.json() as { seq: number; attachment: { id: string } };
    expect(ack).toEqual({ clientId: 'img-1', seq: 1, at: expect.any(Number), attachment: { id: expect.any(String), kind: 'image', name: 'beach.png', size: png().length, contentType: 'image/png' } });
    const frame = await vera.v.next('message', (f) => f.clientId === 'img-1');
    expect(frame.attachment).toEqual(ack.attachment);

    const page = (await w.t.inject({ method: 'GET', url: `/api/chats/${vera.chatId}/messages?after=0`, headers: w.alice })).json() as { messages: { attachment?: unknown }[] };
    expect(page.messages.map((m) => m.attachment)).toContainEqual(ack.attachment);

    const byAgent = await w.t.inject({ method: 'GET', url: `/api/chats/${vera.chatId}/attachments/${ack.attachment.id}`, headers: w.alice });
    expect(byAgent.statusCode).toBe(200);
    expect(byAgent.rawPayload.equals(png())).toBe(true);
    expect(byAgent.headers['content-type']).toBe('image/png');
    expect(byAgent.headers['x-content-type-options']).toBe('nosniff');
    expect(byAgent.headers['content-disposition']).toBe(`inline; filename="beach.png"; filename*=UTF-8''beach.png`);
    // A player seeking asks for a range: that part only; past the end, 416.
    const part = await w.t.inject({ method: 'GET', url: `/api/chats/${vera.chatId}/attachments/${ack.attachment.id}`, headers: { ...w.alice, range: 'bytes=1-3' } });
    expect([part.statusCode, part.headers['content-range'], part.rawPayload.toString('latin1')]).toEqual([206, `bytes 1-3/${png().length}`, 'PNG']);
    expect(part.headers['x-content-type-options']).toBe('nosniff');
    const past = await w.t.inject({ method: 'GET', url: `/api/chats/${vera.chatId}/attachments/${ack.attachment.id}`, headers: { ...w.alice, range: 'bytes=99999-' } });
    expect([past.statusCode, past.json().code]).toEqual([416, 'RANGE_NOT_SATISFIABLE']);

    const file = await agentUpload(w, w.alice, vera.chatId, { clientId: 'pdf-1', kind: 'file', name: 'invoice.pdf' }, pdf());
    expect(file.statusCode).toBe(200);
    const pdfAck = file.json() as { attachment: { id: string } };
    const agentFrame = await vera.v.next('message', (f) => f.from === 'agent' && f.attachment !== undefined);
    expect(agentFrame).toMatchObject({ agentName: 'Alice', text: '', attachment: { kind: 'file', name: 'invoice.pdf', contentType: 'application/pdf' } });
    const byVisitor = await w.t.inject({ method: 'GET', url: `/api/widget/attachments/${pdfAck.attachment.id}`, headers: { 'x-visitor-token': vera.token } });
    expect(byVisitor.statusCode).toBe(200);
    expect(byVisitor.rawPayload.equals(pdf())).toBe(true);
    expect(byVisitor.headers['content-type']).toBe('application/pdf');
    expect(byVisitor.headers['x-content-type-options']).toBe('nosniff');
    expect(byVisitor.headers['content-disposition']).toMatch(/^attachment; filename="invoice.pdf"/);

    const voice = await visitorUpload(w, vera, { clientId: 'voice-1', kind: 'voice', name: 'clip.wav' }, wav(400));
    expect(voice.json()).toMatchObject({ attachment: { kind: 'voice', contentType: 'audio/wav' } });
  });

  it('given an upload resent with the same clientId then the same ack and one row and one file', async () => {
    const before = await stored(w);
    const first = await visitorUpload(w, vera, { clientId: 'img-again', kind: 'image', name: 'a.png' }, png());
    const again = await visitorUpload(w, vera, { clientId: 'img-again', kind: 'image', name: 'a.png' }, png());
    expect(again.json()).toEqual(first.json());
    const after = await stored(w);
    expect({ messages: after.messages - before.messages, attachments: after.attachments - before.attachments, files: after.files.length - before.files.length, staged: after.staged }).toEqual({ messages: 1, attachments: 1, files: 1, staged: [] });
  });

  it('given bad uploads when sent then each gets its coded error naming where, and nothing is stored, not even a file', async () => {
    const other = await openChat(w, sockets);
    const ended = await openChat(w, sockets);
    await ended.v.request({ type: 'end' }, 'ended');
    await w.settle();
    const before = await stored(w);
    const cases: [string, Promise<{ statusCode: number; json(): unknown }>, number, string, string?][] = [
      ['html named .png', visitorUpload(w, vera, { clientId: 'b1', kind: 'image', name: 'cat.png' }, html(), 'image/png'), 415, 'ATTACHMENT_TYPE_REFUSED', '/body'],
      ['exe named .pdf', visitorUpload(w, vera, { clientId: 'b2', kind: 'file', name: 'invoice.pdf' }, exe(), 'application/pdf'), 415, 'ATTACHMENT_TYPE_REFUSED', '/body'],
      ['svg with a script', visitorUpload(w, vera, { clientId: 'b3', kind: 'image', name: 'logo.svg' }, svgWithScript(), 'image/svg+xml'), 415, 'ATTACHMENT_TYPE_REFUSED', '/body'],
      ['over the image limit', visitorUpload(w, vera, { clientId: 'b4', kind: 'image', name: 'big.png' }, Buffer.concat([png(), Buffer.alloc(5000)])), 413, 'ATTACHMENT_TOO_LARGE', '/body'],
      ['empty', visitorUpload(w, vera, { clientId: 'b5', kind: 'file', name: 'empty.txt' }, Buffer.alloc(0)), 400, 'ATTACHMENT_EMPTY', '/body'],
      ['unknown kind', visitorUpload(w, vera, { clientId: 'b6', kind: 'sticker', name: 'a.png' }, png()), 400, 'ATTACHMENT_KIND_UNKNOWN', '/kind'],
      ["another visitor's chat", visitorUpload(w, { token: other.token, chatId: vera.chatId }, { clientId: 'b7', kind: 'image', name: 'a.png' }, png()), 403, 'CHAT_TOKEN_NOT_FOR_CHAT', '/chatId'],
      ['unknown token', visitorUpload(w, { token: 'x'.repeat(40), chatId: vera.chatId }, { clientId: 'b8', kind: 'image' }, png()), 401, 'CHAT_TOKEN_INVALID', '/headers/x-visitor-token'],
      ['closed chat', visitorUpload(w, ended, { clientId: 'b9', kind: 'image', name: 'a.png' }, png()), 409, 'CHAT_CLOSED'],
      ['bad clientId', visitorUpload(w, vera, { clientId: 'has spaces', kind: 'image' }, png()), 400, 'VALIDATION_FAILED'],
      ['agent: html as image', agentUpload(w, w.alice, vera.chatId, { clientId: 'b10', kind: 'image', name: 'x.png' }, html()), 415, 'ATTACHMENT_TYPE_REFUSED', '/body'],
    ];
    for (const [label, pending, status, code, where] of cases) {
      const res = await pending;
      const body = res.json() as { code: string; details?: { where?: string } };
      expect({ label, status: res.statusCode, code: body.code }).toEqual({ label, status, code });
      if (where) expect({ label, where: body.details?.where }).toEqual({ label, where });
    }
    expect(await stored(w)).toEqual(before);
    // A clientId a text message holds is not an upload's: refused, the text untouched.
    await vera.v.request({ type: 'message', clientId: 'text-1', kind: 'text', text: 'a line' }, 'ack');
    const reused = await visitorUpload(w, vera, { clientId: 'text-1', kind: 'image', name: 'a.png' }, png());
    expect([reused.statusCode, reused.json().code, reused.json().details.problems[0].where]).toEqual([400, 'VALIDATION_FAILED', '/clientId']);
    expect((await stored(w)).files).toEqual(before.files);
    // A refused clientId stays free.
    expect((await visitorUpload(w, vera, { clientId: 'b1', kind: 'image', name: 'cat.png' }, png())).statusCode).toBe(200);

    // The visitor's refusals that matter are audited, once per address and code a minute, without the bytes or names sent:
    // three types refused make one entry; too large one; an empty file or an unknown kind (a broken client) none.
    const refusals = async () => (await w.t.deps.auditReader.query({})).filter((e) => e.action.startsWith('widget.upload_'));
    for (let tries = 0; (await refusals()).length < 2 && tries < 1000; tries++) await new Promise((r) => setImmediate(r));
    const audited = await refusals();
    expect(audited.map((e) => e.action).sort()).toEqual(['widget.upload_too_large', 'widget.upload_type_refused']);
    // The cases were sent together: whichever type refusal came first is the one recorded.
    expect(audited.find((e) => e.action === 'widget.upload_type_refused')?.details).toEqual({ chatId: vera.chatId, kind: expect.stringMatching(/^(image|file)$/) });
    expect(JSON.stringify(audited)).not.toMatch(/cat\.png|invoice|logo\.svg/);
  });

  it('given a body declared far over the kind limit when it starts to arrive then it is refused from its Content-Length without waiting for the bytes', async () => {
    const url = new URL(`${w.wsUrl.replace(/^ws/, 'http').replace(/\/api\/widget\/ws$/, '')}/api/widget/chats/${vera.chatId}/uploads?clientId=huge&kind=image`);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(url, { method: 'POST', headers: { 'x-visitor-token': vera.token, 'content-type': 'application/octet-stream', 'content-length': String(40 * 1024 * 1024) } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => {
          // The rest of the declared body will never come: drop the connection.
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body });
        });
      });
      req.on('error', reject);
      // Only the first bytes are ever sent: an answer can only come from the declared length.
      req.write(png());
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE', details: { where: '/body', kind: 'image' } });
  });

  it('given attachments of one chat then another visitor, another agent and another chat id cannot read them', async () => {
    const up = (await visitorUpload(w, vera, { clientId: 'scope-1', kind: 'image', name: 'a.png' }, png())).json() as { attachment: { id: string } };
    const id = up.attachment.id;
    const other = await openChat(w, sockets);
    const byOther = await w.t.inject({ method: 'GET', url: `/api/widget/attachments/${id}`, headers: { 'x-visitor-token': other.token } });
    expect([byOther.statusCode, byOther.json().code]).toEqual([404, 'ATTACHMENT_NOT_FOUND']);
    const noToken = await w.t.inject({ method: 'GET', url: `/api/widget/attachments/${id}` });
    expect(noToken.statusCode).toBe(400);
    const bob = await w.t.deps.users.create({ username: 'bob', roles: ['agent'], password: w.t.password }, {});
    const made = await w.t.inject({ method: 'POST', url: '/api/agents', headers: w.admin, payload: { userId: bob.user.id, number: '1002', displayName: 'Bob', phone: { mode: 'fixed', extension: 'agent2' } } });
    expect(made.statusCode).toBe(201);
    const bobHeaders = (await w.t.login('agent', 'bob')).headers;
    const byBob = await w.t.inject({ method: 'GET', url: `/api/chats/${vera.chatId}/attachments/${id}`, headers: bobHeaders });
    expect([byBob.statusCode, byBob.json().code]).toEqual([403, 'CHAT_NOT_YOURS']);
    const bobUpload = await agentUpload(w, bobHeaders, vera.chatId, { clientId: 'bob-1', kind: 'image' }, png());
    expect([bobUpload.statusCode, bobUpload.json().code]).toEqual([403, 'CHAT_NOT_YOURS']);
    const wrongChat = await w.t.inject({ method: 'GET', url: `/api/chats/${other.chatId}/attachments/${id}`, headers: w.alice });
    expect([wrongChat.statusCode, wrongChat.json().code]).toEqual([404, 'ATTACHMENT_NOT_FOUND']);
    const supervisor = await w.t.loginAs('supervisor');
    expect((await w.t.inject({ method: 'GET', url: `/api/chats/${vera.chatId}/attachments/${id}`, headers: supervisor })).statusCode).toBe(200);
  });
});

describe('chat upload limits', () => {
  let w: ChatWorld;
  const sockets: Visitor[] = [];
  beforeAll(async () => {
    w = await startChatWorld({ chatCapacity: 8, config: { attachments: { maxBytes: { image: 4096, file: 4096, video: 4096, voice: 4096 }, uploadsPerMinute: 2 } } });
  });
  afterAll(async () => {
    for (const s of sockets) await s.close();
    await w.close();
  });

  it('given a visitor over their uploads per minute, then others behind the same address over its budget, then RATE_LIMITED and nothing stored', async () => {
    const first = await openChat(w, sockets);
    for (const id of ['r1', 'r2']) expect((await visitorUpload(w, first, { clientId: id, kind: 'image' }, png())).statusCode).toBe(200);
    const before = await stored(w);
    const over = await visitorUpload(w, first, { clientId: 'r3', kind: 'image' }, png());
    expect([over.statusCode, over.json().code]).toEqual([429, 'RATE_LIMITED']);
    expect(await stored(w)).toEqual(before);
    // The address allows five visitors' worth (10): 3 spent, so 7 more from others, then refused.
    let accepted = 0;
    let refused: { statusCode: number; json(): { code: string } } | undefined;
    for (let i = 0; i < 4 && !refused; i++) {
      const o = await openChat(w, sockets);
      for (const id of ['a', 'b']) {
        const res = await visitorUpload(w, o, { clientId: `${i}${id}`, kind: 'image' }, png());
        if (res.statusCode === 200) accepted++;
        else {
          refused = res;
          break;
        }
      }
    }
    expect(accepted).toBe(7);
    expect([refused?.statusCode, refused?.json().code]).toEqual([429, 'RATE_LIMITED']);
    const throttled = async () => w.t.deps.auditReader.query({ action: 'widget.upload_throttled' });
    for (let tries = 0; (await throttled()).length === 0 && tries < 1000; tries++) await new Promise((r) => setImmediate(r));
    expect(await throttled()).toHaveLength(1);
  });
});
