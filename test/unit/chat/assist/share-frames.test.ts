import { describe, expect, it } from 'vitest';
import { parseVisitorFrame } from '../../../../src/api/ws/widget-frames.js';

describe('the widget socket reads share frames', () => {
  it('given an offer, an ICE candidate, an answer to an invitation and an end when parsed then each is accepted as sent', () => {
    const frames = [
      { type: 'share_signal', shareId: 's1', peer: 'p1', signal: { kind: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } },
      { type: 'share_signal', shareId: 's1', peer: 'p1', signal: { kind: 'ice', candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 } },
      { type: 'share_answer', shareId: 's1', accept: false },
      { type: 'share_end', shareId: 's1' },
    ];
    for (const f of frames) expect(parseVisitorFrame(JSON.stringify(f))).toEqual(f);
  });

  it('given a signal of an unknown kind, an offer without its SDP or a candidate with one when parsed then VALIDATION_FAILED names the place', () => {
    const bad = [
      { type: 'share_signal', shareId: 's1', peer: 'p1', signal: { kind: 'bye' } },
      { type: 'share_signal', shareId: 's1', peer: 'p1', signal: { kind: 'offer' } },
      { type: 'share_signal', shareId: 's1', peer: 'p1', signal: { kind: 'ice', candidate: 'c', sdp: 'v=0' } },
      { type: 'share_answer', shareId: 's1' },
      { type: 'share_signal', shareId: 's1', peer: 'p1', signal: { kind: 'offer', sdp: 'v=0\u0000' } },
    ];
    for (const f of bad) expect(parseVisitorFrame(JSON.stringify(f))).toMatchObject({ type: 'error', code: 'VALIDATION_FAILED', where: expect.stringMatching(/^\//) });
  });
});
