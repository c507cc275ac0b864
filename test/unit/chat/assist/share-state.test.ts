import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../../src/core/errors.js';
import { SHARE_STATES, SHARE_TRANSITIONS, shareReducer, sharedMs, type ScreenShare, type ShareEvent, type ShareEventKind } from '../../../../src/chat/assist/share-state.js';
import { captureConstraints } from '../../../../src/chat/assist/assist-protocol.js';

const invited: ScreenShare = { id: 's1', chatId: 'c1', agentId: 'a1', byUserId: 'u1', kind: 'screen', quality: 'speed', state: 'invited', invitedAt: 1_000, acceptedAt: null, liveAt: null, endedAt: null, endedBy: null, recorded: false };
const KINDS: ShareEventKind[] = ['accept', 'decline', 'live', 'end'];
const ev = (kind: ShareEventKind, at: number): ShareEvent => (kind === 'end' ? { kind, at, by: 'agent' } : { kind, at });

describe('the screen share state machine', () => {
  it('given an invitation when the visitor accepts, the viewer answers and the visitor ends then it runs invited, accepted, live, ended with every time kept', () => {
    const accepted = shareReducer(invited, { kind: 'accept', at: 2_000 });
    const live = shareReducer(accepted, { kind: 'live', at: 3_000 });
    const ended = shareReducer(live, { kind: 'end', at: 63_500, by: 'visitor' });
    expect([accepted.state, live.state, ended.state]).toEqual(['accepted', 'live', 'ended']);
    expect(ended).toMatchObject({ acceptedAt: 2_000, liveAt: 3_000, endedAt: 63_500, endedBy: 'visitor' });
    expect(sharedMs(ended)).toBe(60_500);
  });

  it('given an invitation when the visitor declines then it is declined by the visitor and nothing was shared', () => {
    const declined = shareReducer(invited, { kind: 'decline', at: 1_500 });
    expect(declined).toMatchObject({ state: 'declined', endedAt: 1_500, endedBy: 'visitor' });
    expect(sharedMs(declined)).toBe(0);
  });

  it('given the table when every state meets every event then each allowed pair moves as the table says and every other is refused with a code, leaving the share as it was', () => {
    for (const state of SHARE_STATES) {
      for (const kind of KINDS) {
        const from: ScreenShare = { ...invited, state, kind: kind === 'live' ? 'video' : 'screen' };
        const to = SHARE_TRANSITIONS[state][kind];
        if (to) {
          expect(shareReducer(from, ev(kind, 5_000)).state).toBe(to);
        } else {
          let refused: unknown;
          try {
            shareReducer(from, ev(kind, 5_000));
          } catch (err) {
            refused = err;
          }
          const code = state === 'ended' || state === 'declined' ? 'ASSIST_SHARE_OVER' : 'ASSIST_SHARE_STATE';
          expect(isAppError(refused, code), `${state} -${kind}->`).toBe(true);
          expect(from.state).toBe(state);
        }
      }
    }
  });

  it('given the two qualities when the sender asks its capture then speed first is 720p at 15 fps and picture first 1080p at 5 fps', () => {
    expect(captureConstraints('speed')).toEqual({ video: { width: { max: 1280 }, height: { max: 720 }, frameRate: { ideal: 15, max: 15 } }, hint: 'motion' });
    expect(captureConstraints('picture')).toEqual({ video: { width: { max: 1920 }, height: { max: 1080 }, frameRate: { ideal: 5, max: 5 } }, hint: 'detail' });
  });

  it('given a video call when it runs the same steps as a screen share then it moves through the same states and keeps its kind', () => {
    const call: ScreenShare = { ...invited, kind: 'video' };
    const live = shareReducer(shareReducer(call, { kind: 'accept', at: 2_000 }), { kind: 'live', at: 3_000 });
    const ended = shareReducer(live, { kind: 'end', at: 9_000, by: 'agent' });
    expect([live.state, ended.state, ended.kind]).toEqual(['live', 'ended', 'video']);
    expect(sharedMs(ended)).toBe(6_000);
    let refused: unknown;
    try {
      shareReducer(call, { kind: 'live', at: 2_000 });
    } catch (err) {
      refused = err;
    }
    expect(isAppError(refused, 'ASSIST_SHARE_STATE')).toBe(true);
  });
});
