import { describe, expect, it } from 'vitest';
import type { Desk, LiveCall } from '../../../src/web/api/types.js';
import { CALLS_REMEMBERED, isMarked, kbCallId, marked, type CallUses } from '../../../src/web/toolbar/call-kb.js';

const call = { id: 'call-1' } as LiveCall;
const desk = (state: Desk['state'], work: Partial<Desk['work'][number]>[] = []) => ({ state, work }) as unknown as Desk;
const last = { id: 'call-0', from: '+4930111', to: '+15550100', direction: 'inbound' as const, callerName: '' };

describe('the call the toolbar knowledge-base panel serves', () => {
  it('given a call on screen when nothing rings then it is that call', () => {
    expect(kbCallId({ call, ringing: false, desk: desk('on_contact'), lastCall: null })).toBe('call-1');
  });

  it('given a call when an offer rings then none: the offer card has the screen', () => {
    expect(kbCallId({ call, ringing: true, desk: desk('on_contact'), lastCall: null })).toBeUndefined();
  });

  it('given wrap-up of a voice contact then the call the desk names, not the last one seen', () => {
    expect(kbCallId({ call: null, ringing: false, desk: desk('wrap_up', [{ phase: 'wrap_up', callId: 'call-7' }]), lastCall: last })).toBe('call-7');
  });

  it("given wrap-up of a chat (no call on the desk's entry) then none", () => {
    expect(kbCallId({ call: null, ringing: false, desk: desk('wrap_up', [{ phase: 'wrap_up' }]), lastCall: last })).toBeUndefined();
  });

  it('given wrap-up with no entry on the desk then the last call', () => {
    expect(kbCallId({ call: null, ringing: false, desk: desk('wrap_up'), lastCall: last })).toBe('call-0');
  });

  it('given an idle agent then none', () => {
    expect(kbCallId({ call: null, ringing: false, desk: desk('available'), lastCall: last })).toBeUndefined();
  });
});

describe('articles marked as used on a call', () => {
  it('given an article marked on a call then it is marked there only, and marking it again changes nothing', () => {
    const once = marked([], 'call-1', 'a');
    expect(isMarked(once, 'call-1', 'a')).toBe(true);
    expect(isMarked(once, 'call-2', 'a')).toBe(false);
    expect(isMarked(once, 'call-1', 'b')).toBe(false);
    expect(marked(once, 'call-1', 'a')).toBe(once);
    expect(marked(once, 'call-1', 'b')).toEqual([['call-1', ['a', 'b']]]);
  });

  it(`given marks on more than ${CALLS_REMEMBERED} calls then the oldest calls are forgotten and the newest kept`, () => {
    let uses: CallUses = [];
    for (let i = 0; i <= CALLS_REMEMBERED; i++) uses = marked(uses, `call-${i}`, 'a');
    expect(uses).toHaveLength(CALLS_REMEMBERED);
    expect(isMarked(uses, 'call-0', 'a')).toBe(false);
    expect(isMarked(uses, `call-${CALLS_REMEMBERED}`, 'a')).toBe(true);
  });
});
