/**
 * Video guidance (issue 20) through the real routes and widget socket: a video call is a chat
 * assistance session of kind video, with the screen share's refusals (coded, nothing changed).
 * The media go browser to browser; here only the consent, signalling and record are exercised
 * (the browsers' side: test/e2e/chat/remote-assist-page.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Visitor } from './chat-world.js';
import { startTransferWorld, type TransferWorld } from './transfer-world.js';

type Share = { id: string; kind: string; state: string; endedBy: string | null };
const OFFER = { kind: 'offer', sdp: 'v=0 offer' } as const;
const ANSWER = { kind: 'answer', sdp: 'v=0 answer' } as const;

describe('video calls over the share routes and the widget socket', () => {
  let w: TransferWorld;
  const visitors: Visitor[] = [];

  beforeEach(async () => {
    w = await startTransferWorld();
  });
  afterEach(async () => {
    for (const v of visitors.splice(0)) await v.close();
    await w.close();
  });

  const post = (url: string, body?: Record<string, unknown>, headers = w.alice.headers) => w.t.inject({ method: 'POST', url, headers, ...(body ? { payload: body } : {}) });
  const sharesOf = async (chatId: string) => (await w.t.inject({ method: 'GET', url: `/api/chats/${chatId}/shares`, headers: w.alice.headers })).json().shares as Share[];
  const startChat = async (name: string) => {
    const v = await Visitor.connect(w.wsUrl);
    visitors.push(v);
    await v.request({ type: 'hello' }, 'welcome');
    const started = (await v.request({ type: 'start', queue: w.webQueue, name }, 'started')) as { chatId: string };
    await v.next('assigned');
    return { v, chatId: started.chatId };
  };

  it('given a served chat when the agent asks for a video call and the visitor accepts then the visitor is asked with kind video, signalling passes, and the call ends as a video call on the timeline', async () => {
    const { v, chatId } = await startChat('Vera');
    const asked = await post(`/api/chats/${chatId}/shares`, { kind: 'video' });
    expect(asked.statusCode, asked.body).toBe(200);
    const share = asked.json().share as Share;
    expect(share).toMatchObject({ kind: 'video', state: 'invited' });
    expect(await v.next('share_invite')).toMatchObject({ shareId: share.id, kind: 'video', agentName: 'Alice' });
    v.send({ type: 'share_answer', shareId: share.id, accept: true });
    const peer = (await v.next('share_peer')).peer;
    v.send({ type: 'share_signal', shareId: share.id, peer, signal: OFFER });
    expect((await post(`/api/shares/${share.id}/signal`, { peer, signal: ANSWER })).statusCode).toBe(204);
    expect(await v.next('share_signal')).toMatchObject({ peer, signal: ANSWER });
    expect((await sharesOf(chatId))[0]).toMatchObject({ kind: 'video', state: 'live' });
    v.send({ type: 'share_end', shareId: share.id });
    expect(await v.next('share_ended')).toMatchObject({ shareId: share.id, by: 'visitor' });
    const note = await v.next('message', (m) => m.from === 'system' && m.assist !== undefined);
    expect(note.assist).toMatchObject({ what: 'video_call', outcome: 'ended', endedBy: 'visitor' });
    expect((await sharesOf(chatId))[0]).toMatchObject({ kind: 'video', state: 'ended', endedBy: 'visitor' });
  });

  it('given a live screen share when a video call is asked then ASSIST_SHARE_BUSY; given a video call when steps come out of order, from another visitor, or a supervisor asks to watch then each is refused with its code and the call is unchanged', async () => {
    const { v, chatId } = await startChat('Vera');
    const screen = (await post(`/api/chats/${chatId}/shares`, {})).json().share as Share;
    expect(screen.kind).toBe('screen');
    v.send({ type: 'share_answer', shareId: screen.id, accept: true });
    const peer = (await v.next('share_peer')).peer;
    expect((await post(`/api/shares/${screen.id}/signal`, { peer, signal: ANSWER })).statusCode).toBe(204);
    const busy = await post(`/api/chats/${chatId}/shares`, { kind: 'video' });
    expect([busy.statusCode, busy.json().code]).toEqual([409, 'ASSIST_SHARE_BUSY']);
    expect((await sharesOf(chatId)).map((s) => [s.kind, s.state])).toEqual([['screen', 'live']]);
    expect((await post(`/api/shares/${screen.id}/end`)).statusCode).toBe(200);

    const call = (await post(`/api/chats/${chatId}/shares`, { kind: 'video' })).json().share as Share;
    // Out of order: an offer before consent.
    expect(await v.request({ type: 'share_signal', shareId: call.id, peer: 'p', signal: OFFER }, 'error')).toMatchObject({ code: 'ASSIST_SHARE_STATE' });
    // Another visitor's token.
    const other = await startChat('Otto');
    expect(await other.v.request({ type: 'share_answer', shareId: call.id, accept: true }, 'error')).toMatchObject({ code: 'ASSIST_WRONG_CHAT' });
    expect(await other.v.request({ type: 'share_end', shareId: call.id }, 'error')).toMatchObject({ code: 'ASSIST_WRONG_CHAT' });
    // A colleague who does not serve the chat.
    expect((await post(`/api/chats/${chatId}/shares`, { kind: 'video' }, w.bob.headers)).json().code).toBe('CHAT_NOT_YOURS');
    v.send({ type: 'share_answer', shareId: call.id, accept: true });
    await v.next('share_peer', (f) => f.shareId === call.id);
    const watch = await post(`/api/shares/${call.id}/watch`, undefined, w.sam);
    expect([watch.statusCode, watch.json().code]).toEqual([409, 'ASSIST_NOT_WATCHABLE']);
    // An unknown kind is bad input, named where.
    const bad = await post(`/api/chats/${other.chatId}/shares`, { kind: 'hologram' });
    expect([bad.statusCode, bad.json().code, bad.json().details.problems.map((p: { where: string }) => p.where)]).toEqual([400, 'VALIDATION_FAILED', ['/body/kind']]);
    expect((await sharesOf(chatId)).at(-1)).toMatchObject({ id: call.id, kind: 'video', state: 'accepted' });
  });

  it('given a video call of a chat that then ends when it is asked again then ASSIST_CHAT_NOT_ACTIVE; the open call was ended by the system', async () => {
    const { v, chatId } = await startChat('Vera');
    const call = (await post(`/api/chats/${chatId}/shares`, { kind: 'video' })).json().share as Share;
    expect((await post(`/api/chats/${chatId}/end`, { outcome: 'solved' })).statusCode).toBeLessThan(300);
    await w.settle();
    expect(await v.next('share_ended', (f) => f.shareId === call.id)).toMatchObject({ by: 'system' });
    const again = await post(`/api/chats/${chatId}/shares`, { kind: 'video' });
    expect([again.statusCode, again.json().code]).toEqual([409, 'ASSIST_CHAT_NOT_ACTIVE']);
    expect((await sharesOf(chatId)).map((s) => [s.kind, s.state, s.endedBy])).toEqual([['video', 'ended', 'system']]);
  });

  it("given a live screen share when team leads ask to watch it then the lead of the agent's team may and a lead of no team of the chat is refused (CHAT_NOT_YOURS)", async () => {
    const { v, chatId } = await startChat('Wen');
    const share = (await post(`/api/chats/${chatId}/shares`, { kind: 'screen' })).json().share as Share;
    await v.next('share_invite');
    v.send({ type: 'share_answer', shareId: share.id, accept: true });
    const peer = (await v.next('share_peer')).peer;
    v.send({ type: 'share_signal', shareId: share.id, peer, signal: OFFER });
    expect((await post(`/api/shares/${share.id}/signal`, { peer, signal: ANSWER })).statusCode).toBe(204);

    await w.t.deps.users.create({ username: 'lonely', roles: ['team_lead'], password: w.t.password }, {});
    const lonely = (await w.t.login('team_lead', 'lonely')).headers;
    const refused = await post(`/api/shares/${share.id}/watch`, undefined, lonely);
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().code).toBe('CHAT_NOT_YOURS');
    const watched = await post(`/api/shares/${share.id}/watch`, undefined, w.lena);
    expect(watched.statusCode, watched.body).toBe(200);
    expect(await v.next('share_peer', (f) => f.peer !== peer)).toMatchObject({ shareId: share.id });
  });
});
