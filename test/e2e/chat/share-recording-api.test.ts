/**
 * Recording of screen shares and video calls (issue 20) through the real routes and widget
 * socket: the admin switch (off by default), the invitation telling the visitor, the decision
 * fixed at invite time, and the agent's upload of the recording with its refusals (coded, nothing
 * stored) and its reach. The browsers' side (MediaRecorder, the widget's notice):
 * test/e2e/chat/remote-assist-page.test.ts.
 */
import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachmentsDirOf } from '../../../src/config.js';
import { matroska, png, webm } from '../../fixtures/upload-samples.js';
import { Visitor } from './chat-world.js';
import { startTransferWorld, type TransferWorld } from './transfer-world.js';

type Share = { id: string; kind: string; state: string; recorded: boolean; recording?: { size: number; at: number } };
const OFFER = { kind: 'offer', sdp: 'v=0 offer' } as const;
const ANSWER = { kind: 'answer', sdp: 'v=0 answer' } as const;
const LIMIT = 64 * 1024;

describe('recording of shares: the admin switch, the notice and the recording upload', () => {
  let w: TransferWorld;
  const visitors: Visitor[] = [];

  beforeEach(async () => {
    w = await startTransferWorld({ assist: { recordingMaxBytes: LIMIT } });
  });
  afterEach(async () => {
    for (const v of visitors.splice(0)) await v.close();
    await w.close();
  });

  const post = (url: string, body?: Record<string, unknown>, headers = w.alice.headers) => w.t.inject({ method: 'POST', url, headers, ...(body ? { payload: body } : {}) });
  const upload = (shareId: string, bytes: Buffer, headers = w.alice.headers) => w.t.inject({ method: 'POST', url: `/api/shares/${shareId}/recording`, headers: { ...headers, 'content-type': 'video/webm' }, payload: bytes });
  const fetchRecording = (shareId: string, headers: Record<string, string> = w.alice.headers) => w.t.inject({ method: 'GET', url: `/api/shares/${shareId}/recording`, headers });
  const setSwitch = (recordShares: boolean, headers = w.admin) => w.t.inject({ method: 'PUT', url: '/api/chat-assist/settings', headers, payload: { recordShares } });
  const sharesOf = async (chatId: string) => (await w.t.inject({ method: 'GET', url: `/api/chats/${chatId}/shares`, headers: w.alice.headers })).json().shares as Share[];
  const storedFiles = async () => (await readdir(attachmentsDirOf(w.t.deps.config)).catch(() => [] as string[])).filter((n) => !n.startsWith('.'));
  const startChat = async (name: string) => {
    const v = await Visitor.connect(w.wsUrl);
    visitors.push(v);
    const welcome = (await v.request({ type: 'hello' }, 'welcome')) as { visitorToken: string };
    const started = (await v.request({ type: 'start', queue: w.webQueue, name }, 'started')) as { chatId: string };
    await v.next('assigned');
    return { v, chatId: started.chatId, token: welcome.visitorToken };
  };
  /** The agent asks, the visitor consents, the agent's browser answers (live), then the agent ends it. */
  const shareAndEnd = async (v: Visitor, chatId: string, kind: 'screen' | 'video' = 'screen') => {
    const share = (await post(`/api/chats/${chatId}/shares`, { kind })).json().share as Share;
    const invite = await v.next('share_invite', (f) => f.shareId === share.id);
    v.send({ type: 'share_answer', shareId: share.id, accept: true });
    const peer = (await v.next('share_peer', (f) => f.shareId === share.id)).peer;
    v.send({ type: 'share_signal', shareId: share.id, peer, signal: OFFER });
    expect((await post(`/api/shares/${share.id}/signal`, { peer, signal: ANSWER })).statusCode).toBe(204);
    expect((await post(`/api/shares/${share.id}/end`)).statusCode).toBe(200);
    const note = await v.next('message', (m) => m.from === 'system' && m.assist !== undefined && m.text.includes(kind === 'video' ? 'Video call' : 'Screen shared'), 0);
    return { share, invite, note };
  };

  it('given the switch never set when a share is asked, goes live and ends then it is not recorded, the invitation says nothing of recording, and a recording sent for it is refused with ASSIST_NOT_RECORDED and nothing stored', async () => {
    const read = await w.t.inject({ method: 'GET', url: '/api/chat-assist/settings', headers: w.alice.headers });
    expect([read.statusCode, read.json()]).toEqual([200, { recordShares: false, recordingMaxBytes: LIMIT }]);
    const { v, chatId } = await startChat('Vera');
    const { share, invite } = await shareAndEnd(v, chatId);
    expect(share.recorded).toBe(false);
    expect(invite.recorded).toBeUndefined();
    const refused = await upload(share.id, webm());
    expect([refused.statusCode, refused.json().code]).toEqual([409, 'ASSIST_NOT_RECORDED']);
    expect(await storedFiles()).toEqual([]);
    expect((await sharesOf(chatId))[0]).toMatchObject({ recorded: false });
    expect((await sharesOf(chatId))[0]?.recording).toBeUndefined();
    expect((await fetchRecording(share.id)).json().code).toBe('ASSIST_NOT_RECORDED');
  });

  it('given an agent or a bad body when the switch is set then the agent is refused (403) and the body named (VALIDATION_FAILED), and the switch stays off', async () => {
    const agent = await setSwitch(true, w.alice.headers);
    expect(agent.statusCode).toBe(403);
    const bad = await w.t.inject({ method: 'PUT', url: '/api/chat-assist/settings', headers: w.admin, payload: { recordShares: 'yes' } });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await w.t.inject({ method: 'GET', url: '/api/chat-assist/settings', headers: w.admin })).json()).toEqual({ recordShares: false, recordingMaxBytes: LIMIT });
  });

  it('given the switch turned on by an admin when a share is asked then the invitation and the share say recorded; once over the agent sends the WebM once, others cannot, and the timeline note names the recording', async () => {
    const on = await setSwitch(true);
    expect([on.statusCode, on.json()]).toEqual([200, { recordShares: true }]);
    const { v, chatId, token } = await startChat('Vera');

    const share = (await post(`/api/chats/${chatId}/shares`, {})).json().share as Share;
    expect(share.recorded).toBe(true);
    expect(await v.next('share_invite', (f) => f.shareId === share.id)).toMatchObject({ recorded: true, agentName: 'Alice' });
    // Turned off after the visitor was told: this share stays recorded (the decision is the invitation's).
    expect((await setSwitch(false)).statusCode).toBe(200);
    v.send({ type: 'share_answer', shareId: share.id, accept: true });
    const peer = (await v.next('share_peer', (f) => f.shareId === share.id)).peer;
    v.send({ type: 'share_signal', shareId: share.id, peer, signal: OFFER });
    expect((await post(`/api/shares/${share.id}/signal`, { peer, signal: ANSWER })).statusCode).toBe(204);
    // While live nothing is taken: the page sends the whole recording after the end.
    const early = await upload(share.id, webm());
    expect([early.statusCode, early.json().code]).toEqual([409, 'ASSIST_SHARE_STATE']);
    expect((await post(`/api/shares/${share.id}/end`)).statusCode).toBe(200);

    const note = await v.next('message', (m) => m.from === 'system' && m.assist !== undefined, 0);
    expect(note.assist).toMatchObject({ what: 'screen_share', recorded: true, shareId: share.id });

    // Refusals: another agent, not WebM by content, another container, too large (declared and real), empty: nothing stored.
    const bob = await upload(share.id, webm(), w.bob.headers);
    expect([bob.statusCode, bob.json().code]).toEqual([403, 'ASSIST_RECORDING_NOT_YOURS']);
    const image = await upload(share.id, png());
    expect([image.statusCode, image.json().code, image.json().details.where]).toEqual([415, 'ATTACHMENT_TYPE_REFUSED', '/body']);
    const mkv = await upload(share.id, matroska());
    expect([mkv.statusCode, mkv.json().code]).toEqual([415, 'ATTACHMENT_TYPE_REFUSED']);
    const big = await upload(share.id, webm(LIMIT));
    expect([big.statusCode, big.json().code]).toEqual([413, 'ATTACHMENT_TOO_LARGE']);
    const empty = await upload(share.id, Buffer.alloc(0));
    expect([empty.statusCode, empty.json().code]).toEqual([400, 'ATTACHMENT_EMPTY']);
    expect(await storedFiles()).toEqual([]);
    expect((await fetchRecording(share.id)).json().code).toBe('ASSIST_RECORDING_NOT_FOUND');

    const body = webm(4096);
    const stored = await upload(share.id, body);
    expect(stored.statusCode, stored.body).toBe(200);
    expect(stored.json().share).toMatchObject({ id: share.id, recorded: true, recording: { size: body.length } });
    const again = await upload(share.id, webm(10));
    expect([again.statusCode, again.json().code]).toEqual([409, 'ASSIST_RECORDING_EXISTS']);
    expect(await storedFiles()).toHaveLength(1);
    expect((await sharesOf(chatId))[0]).toMatchObject({ recording: { size: body.length } });

    const got = await fetchRecording(share.id);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(body)).toBe(true);
    expect(got.headers['content-type']).toBe('video/webm');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-disposition']).toBe(`inline; filename="screen-share-${share.id}.webm"; filename*=UTF-8''screen-share-${share.id}.webm`);
    // A supervisor reads every chat's files; an agent who neither owns nor joined the chat does not; no session, no file.
    expect((await fetchRecording(share.id, w.sam)).statusCode).toBe(200);
    const other = await fetchRecording(share.id, w.bob.headers);
    expect([other.statusCode, other.json().code]).toEqual([403, 'CHAT_NOT_YOURS']);
    expect((await w.t.inject({ method: 'GET', url: `/api/shares/${share.id}/recording` })).statusCode).toBe(401);
    // The visitor's token reaches their chat's uploads only, never the recording.
    const visitorTry = await w.t.inject({ method: 'GET', url: `/api/widget/attachments/${share.id}`, headers: { 'x-visitor-token': token } });
    expect(visitorTry.statusCode).toBe(404);

    const messages = (await w.t.inject({ method: 'GET', url: `/api/chats/${chatId}/messages`, headers: w.alice.headers })).json().messages as { assist?: { recorded?: boolean; shareId?: string } }[];
    expect(messages.filter((m) => m.assist).map((m) => m.assist)).toEqual([expect.objectContaining({ recorded: true, shareId: share.id })]);
    const audit = await w.t.inject({ method: 'GET', url: '/api/audit?action=chat.', headers: w.admin });
    const actions = (audit.json().entries as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['chat.assist_settings', 'chat.share_recording', 'chat.share_recording_read']));
  });

  it('given the switch turned on while a share is already asked when that share goes live and ends then it stays unrecorded (the visitor was not told) and its recording is refused; the next video call is recorded', async () => {
    const { v, chatId } = await startChat('Vera');
    const share = (await post(`/api/chats/${chatId}/shares`, {})).json().share as Share;
    expect((await setSwitch(true)).statusCode).toBe(200);
    v.send({ type: 'share_answer', shareId: share.id, accept: true });
    const peer = (await v.next('share_peer', (f) => f.shareId === share.id)).peer;
    expect((await post(`/api/shares/${share.id}/signal`, { peer, signal: ANSWER })).statusCode).toBe(204);
    expect((await post(`/api/shares/${share.id}/end`)).statusCode).toBe(200);
    expect((await sharesOf(chatId))[0]).toMatchObject({ id: share.id, recorded: false });
    expect((await upload(share.id, webm())).json().code).toBe('ASSIST_NOT_RECORDED');

    const call = await shareAndEnd(v, chatId, 'video');
    expect(call.invite).toMatchObject({ kind: 'video', recorded: true });
    expect(call.note.assist).toMatchObject({ what: 'video_call', recorded: true, shareId: call.share.id });
    expect((await upload(call.share.id, webm())).statusCode).toBe(200);
    const got = await fetchRecording(call.share.id);
    expect(got.headers['content-disposition']).toMatch(/^inline; filename="video-call-/);
  });
});
