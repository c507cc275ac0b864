import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../src/core/clock.js';
import { AppError, isAppError } from '../../../../src/core/errors.js';
import { InProcessEventBus } from '../../../../src/core/events.js';
import { silentLogger } from '../../../../src/core/log.js';
import type { ChatRecord } from '../../../../src/chat/chat-state.js';
import type { AssistNote, ServerFrame } from '../../../../src/chat/protocol.js';
import type { StaffShareFrame } from '../../../../src/chat/assist/assist-protocol.js';
import { ShareService, type ShareStore } from '../../../../src/chat/assist/share-service.js';
import type { ScreenShare } from '../../../../src/chat/assist/share-state.js';

const OFFER = { kind: 'offer', sdp: 'v=0 offer' } as const;
const ANSWER = { kind: 'answer', sdp: 'v=0 answer' } as const;

function world() {
  const clock = new FakeClock();
  const bus = new InProcessEventBus();
  const chats = new Map<string, ChatRecord>([
    ['c1', { id: 'c1', visitorId: 'v1', state: 'active', agentId: 'a1' } as ChatRecord],
    ['c2', { id: 'c2', visitorId: 'v2', state: 'active', agentId: 'a2' } as ChatRecord],
    ['c3', { id: 'c3', visitorId: 'v3', state: 'ended', agentId: 'a1' } as ChatRecord],
  ]);
  const rows = new Map<string, ScreenShare>();
  const store: ShareStore = {
    insert: async (s) => void rows.set(s.id, s),
    save: async (s) => void rows.set(s.id, s),
    ofChat: async (chatId) => [...rows.values()].filter((s) => s.chatId === chatId),
    unfinished: async () => [...rows.values()].filter((s) => ['invited', 'accepted', 'live'].includes(s.state)),
  };
  const toVisitor: { chatId: string; frame: ServerFrame }[] = [];
  const toStaff: { userId: string; frame: StaffShareFrame }[] = [];
  const notes: { chatId: string; text: string; assist: AssistNote }[] = [];
  let n = 0;
  const shares = new ShareService({
    chats: {
      servedBy: async (agentId, chatId) => {
        const c = chats.get(chatId);
        if (!c || c.agentId !== agentId) throw new AppError('CHAT_NOT_YOURS', undefined, { chatId });
        return c;
      },
      seenBy: async (chatId, viewer) => {
        if (!viewer.supervise) throw new AppError('CHAT_NOT_YOURS', undefined, { chatId });
        return chats.get(chatId);
      },
      tellVisitor: (chatId, frame) => toVisitor.push({ chatId, frame }),
      assistNote: async (chatId, text, assist) => notes.push({ chatId, text, assist }),
    },
    store,
    staff: { send: (userId, frame) => toStaff.push({ userId, frame }) },
    names: { displayName: async (id) => (id === 'a1' ? 'Alice Wang' : id) },
    clock,
    bus,
    log: silentLogger,
    newId: () => `id${++n}`,
  });
  return { clock, bus, shares, rows, toVisitor, toStaff, notes };
}

async function refusal(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    if (isAppError(err)) return err.code;
    throw err;
  }
  throw new Error('not refused');
}

describe('screen share signalling rules', () => {
  it('given an active chat when its agent invites and the visitor accepts then the visitor is asked, told a viewer peer, and the offer and answer reach the other side; the first answer makes it live', async () => {
    const w = world();
    await w.shares.start();
    const s = await w.shares.invite('a1', 'u1', 'c1', 'picture');
    expect(w.toVisitor.at(-1)).toEqual({ chatId: 'c1', frame: { type: 'share_invite', shareId: s.id, kind: 'screen', agentName: 'Alice Wang', quality: 'picture' } });
    await w.shares.visitorAnswer('v1', s.id, true);
    const peerFrame = w.toVisitor.at(-1)?.frame;
    expect(peerFrame).toMatchObject({ type: 'share_peer', shareId: s.id, quality: 'picture' });
    const peer = (peerFrame as { peer: string }).peer;
    w.shares.visitorSignal('v1', s.id, peer, OFFER);
    expect(w.toStaff.at(-1)).toEqual({ userId: 'u1', frame: { type: 'share_signal', shareId: s.id, peer, signal: OFFER } });
    w.clock.advance(1_000);
    await w.shares.staffSignal('u1', s.id, peer, ANSWER);
    expect(w.toVisitor.at(-1)?.frame).toEqual({ type: 'share_signal', shareId: s.id, peer, signal: ANSWER });
    expect(w.rows.get(s.id)?.state).toBe('live');
    w.clock.advance(42_000);
    await w.shares.visitorEnd('v1', s.id);
    expect(w.rows.get(s.id)).toMatchObject({ state: 'ended', endedBy: 'visitor' });
    expect(w.notes).toEqual([{ chatId: 'c1', text: expect.stringContaining('Screen shared with Alice Wang for 0 min 42 s'), assist: expect.objectContaining({ outcome: 'ended', durationMs: 42_000, endedBy: 'visitor' }) }]);
    expect(w.toVisitor.at(-1)?.frame).toEqual({ type: 'share_ended', shareId: s.id, by: 'visitor' });
  });

  it('given a closed chat when its agent invites then ASSIST_CHAT_NOT_ACTIVE and nothing is stored or sent', async () => {
    const w = world();
    expect(await refusal(w.shares.invite('a1', 'u1', 'c3', 'speed'))).toBe('ASSIST_CHAT_NOT_ACTIVE');
    expect([w.rows.size, w.toVisitor.length]).toEqual([0, 0]);
  });

  it('given a share under way when a second is offered in the same chat then ASSIST_SHARE_BUSY and the first stands', async () => {
    const w = world();
    const s = await w.shares.invite('a1', 'u1', 'c1', 'speed');
    expect(await refusal(w.shares.invite('a1', 'u1', 'c1', 'speed'))).toBe('ASSIST_SHARE_BUSY');
    expect([...w.rows.keys()]).toEqual([s.id]);
  });

  it("given a share of chat c1 when visitor v2's token answers, signals or ends it then ASSIST_WRONG_CHAT and it is still invited", async () => {
    const w = world();
    const s = await w.shares.invite('a1', 'u1', 'c1', 'speed');
    expect(await refusal(w.shares.visitorAnswer('v2', s.id, true))).toBe('ASSIST_WRONG_CHAT');
    expect(await refusal(() => w.shares.visitorSignal('v2', s.id, 'p', OFFER))).toBe('ASSIST_WRONG_CHAT');
    expect(await refusal(w.shares.visitorEnd('v2', s.id))).toBe('ASSIST_WRONG_CHAT');
    expect(w.rows.get(s.id)?.state).toBe('invited');
  });

  it('given an invitation not yet accepted when the visitor sends an offer then ASSIST_SHARE_STATE; given another user when they answer as the viewer then ASSIST_NOT_A_VIEWER', async () => {
    const w = world();
    const s = await w.shares.invite('a1', 'u1', 'c1', 'speed');
    expect(await refusal(() => w.shares.visitorSignal('v1', s.id, 'p', OFFER))).toBe('ASSIST_SHARE_STATE');
    await w.shares.visitorAnswer('v1', s.id, true);
    const peer = (w.toVisitor.at(-1)?.frame as { peer: string }).peer;
    expect(await refusal(w.shares.staffSignal('u-mallory', s.id, peer, ANSWER))).toBe('ASSIST_NOT_A_VIEWER');
    expect(await refusal(w.shares.staffSignal('u1', s.id, peer, OFFER))).toBe('ASSIST_SHARE_STATE');
    expect(w.rows.get(s.id)?.state).toBe('accepted');
  });

  it('given a declined invitation when the visitor answers again then ASSIST_SHARE_OVER; the timeline notes the decline and a new share may be offered', async () => {
    const w = world();
    const s = await w.shares.invite('a1', 'u1', 'c1', 'speed');
    await w.shares.visitorAnswer('v1', s.id, false);
    expect(await refusal(w.shares.visitorAnswer('v1', s.id, true))).toBe('ASSIST_SHARE_OVER');
    expect(w.notes.map((n) => n.assist.outcome)).toEqual(['declined']);
    expect((await w.shares.invite('a1', 'u1', 'c1', 'speed')).state).toBe('invited');
  });

  it('given a live share when a supervisor watches then the visitor is told a second peer and the offer for it goes to the supervisor only; when the chat ends the share ends by the system', async () => {
    const w = world();
    await w.shares.start();
    const s = await w.shares.invite('a1', 'u1', 'c1', 'speed');
    await w.shares.visitorAnswer('v1', s.id, true);
    const agentPeer = (w.toVisitor.at(-1)?.frame as { peer: string }).peer;
    await w.shares.staffSignal('u1', s.id, agentPeer, ANSWER);
    expect(await refusal(w.shares.watch('u-agent', { agentId: 'a2', supervise: false }, s.id))).toBe('CHAT_NOT_YOURS');
    const watched = await w.shares.watch('u-sup', { supervise: true }, s.id);
    expect(w.toVisitor.at(-1)?.frame).toEqual({ type: 'share_peer', shareId: s.id, peer: watched.peer, quality: 'speed' });
    w.shares.visitorSignal('v1', s.id, watched.peer, OFFER);
    expect(w.toStaff.at(-1)).toEqual({ userId: 'u-sup', frame: { type: 'share_signal', shareId: s.id, peer: watched.peer, signal: OFFER } });
    w.bus.publish({ type: 'chat.ended', at: w.clock.now(), scope: {}, chatId: 'c1', agentId: 'a1', reason: 'visitor_left' } as never);
    await expect.poll(() => w.rows.get(s.id)?.endedBy).toBe('system');
  });

  it("given a team lead (who does not see every chat) when they watch a live share then they may exactly when the chat is one of their teams'", async () => {
    const w = world();
    await w.shares.start();
    const s = await w.shares.invite('a1', 'u1', 'c1', 'speed');
    await w.shares.visitorAnswer('v1', s.id, true);
    const agentPeer = (w.toVisitor.at(-1)?.frame as { peer: string }).peer;
    await w.shares.staffSignal('u1', s.id, agentPeer, ANSWER);
    const asked: string[] = [];
    const otherTeam = async (chatId: string) => {
      asked.push(chatId);
      return false;
    };
    expect(await refusal(w.shares.watch('u-lead-b', { agentId: 'a9', supervise: false }, s.id, otherTeam))).toBe('CHAT_NOT_YOURS');
    expect(asked).toEqual(['c1']);
    const watched = await w.shares.watch('u-lead-a', { supervise: false }, s.id, async (chatId) => chatId === 'c1');
    expect(w.toVisitor.at(-1)?.frame).toEqual({ type: 'share_peer', shareId: s.id, peer: watched.peer, quality: 'speed' });
  });

  it('given a supervisor watching a live share when the supervisor ends then only their peer leaves: the visitor is told that peer, the share stays live for the agent', async () => {
    const w = world();
    const s = await w.shares.invite('a1', 'u1', 'c1', 'speed');
    await w.shares.visitorAnswer('v1', s.id, true);
    const agentPeer = (w.toVisitor.at(-1)?.frame as { peer: string }).peer;
    await w.shares.staffSignal('u1', s.id, agentPeer, ANSWER);
    const watched = await w.shares.watch('u-sup', { supervise: true }, s.id);
    await w.shares.staffEnd(undefined, 'u-sup', s.id);
    expect(w.toVisitor.at(-1)?.frame).toEqual({ type: 'share_ended', shareId: s.id, by: 'agent', peer: watched.peer });
    expect(w.rows.get(s.id)?.state).toBe('live');
    expect(await refusal(() => w.shares.visitorSignal('v1', s.id, watched.peer, OFFER))).toBe('ASSIST_NOT_A_VIEWER');
  });

  it('given shares a stopped daemon left open when the service starts then they are stored as ended by the system', async () => {
    const w = world();
    const s = await w.shares.invite('a1', 'u1', 'c1', 'speed');
    const again = world();
    await again.rows.set(s.id, w.rows.get(s.id) as ScreenShare);
    await again.shares.start();
    expect(again.rows.get(s.id)).toMatchObject({ state: 'ended', endedBy: 'system' });
  });
});

describe('video calls: the same session rules with kind video', () => {
  it('given a live screen share when the agent asks for a video call in the same chat then ASSIST_SHARE_BUSY and the share stays live; given a video call invited when a screen share is asked then ASSIST_SHARE_BUSY too', async () => {
    const w = world();
    const s = await w.shares.invite('a1', 'u1', 'c1', 'speed');
    await w.shares.visitorAnswer('v1', s.id, true);
    const peer = (w.toVisitor.at(-1)?.frame as { peer: string }).peer;
    await w.shares.staffSignal('u1', s.id, peer, ANSWER);
    const sent = w.toVisitor.length;
    expect(await refusal(w.shares.invite('a1', 'u1', 'c1', 'speed', 'video'))).toBe('ASSIST_SHARE_BUSY');
    expect([w.rows.size, w.rows.get(s.id)?.state, w.toVisitor.length]).toEqual([1, 'live', sent]);
    await w.shares.staffEnd('a1', 'u1', s.id);

    const v = await w.shares.invite('a1', 'u1', 'c1', 'speed', 'video');
    expect(await refusal(w.shares.invite('a1', 'u1', 'c1', 'speed'))).toBe('ASSIST_SHARE_BUSY');
    expect(w.rows.get(v.id)).toMatchObject({ kind: 'video', state: 'invited' });
  });

  it('given a video call when the visitor accepts, offers, the agent answers and the agent ends then the visitor was asked for a video call and the timeline says video call, not screen share', async () => {
    const w = world();
    const s = await w.shares.invite('a1', 'u1', 'c1', 'speed', 'video');
    expect(w.toVisitor.at(-1)?.frame).toEqual({ type: 'share_invite', shareId: s.id, kind: 'video', agentName: 'Alice Wang', quality: 'speed' });
    await w.shares.visitorAnswer('v1', s.id, true);
    const peer = (w.toVisitor.at(-1)?.frame as { peer: string }).peer;
    w.shares.visitorSignal('v1', s.id, peer, OFFER);
    await w.shares.staffSignal('u1', s.id, peer, ANSWER);
    expect(w.rows.get(s.id)?.state).toBe('live');
    w.clock.advance(65_000);
    await w.shares.staffEnd('a1', 'u1', s.id);
    expect(w.notes).toEqual([{ chatId: 'c1', text: expect.stringMatching(/^Video call with Alice Wang for 1 min 5 s from .+, ended by the agent$/), assist: expect.objectContaining({ what: 'video_call', outcome: 'ended', durationMs: 65_000, endedBy: 'agent' }) }]);
  });

  it('given a video call invitation when the visitor declines then the note says the agent asked for a video call and the visitor declined', async () => {
    const w = world();
    const s = await w.shares.invite('a1', 'u1', 'c1', 'speed', 'video');
    await w.shares.visitorAnswer('v1', s.id, false);
    expect(w.notes.map((n) => [n.text, n.assist.what, n.assist.outcome])).toEqual([['Alice Wang asked the visitor for a video call; the visitor declined', 'video_call', 'declined']]);
  });

  it('given a live video call when a supervisor asks to watch then ASSIST_NOT_WATCHABLE and the visitor is told no second peer', async () => {
    const w = world();
    const s = await w.shares.invite('a1', 'u1', 'c1', 'speed', 'video');
    await w.shares.visitorAnswer('v1', s.id, true);
    const sent = w.toVisitor.length;
    expect(await refusal(w.shares.watch('sup', { supervise: true }, s.id))).toBe('ASSIST_NOT_WATCHABLE');
    expect(w.toVisitor.length).toBe(sent);
  });
});
