import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../../src/pbx/asterisk/backoff.js';
import { ariHangupReason, callerIdString, causeFromDialStatus, dialString, mediaSegments } from '../../../../src/pbx/asterisk/event-map.js';
import { presenceFromContactStatus, presenceFromDeviceState, presenceFromEndpointList } from '../../../../src/pbx/asterisk/presence.js';

describe('Asterisk mappings', () => {
  it('given media refs when turned into ARI URIs then prompts, digits, numbers and files map one to one, and silences become timed pauses', () => {
    expect(
      mediaSegments([
        { kind: 'sound', name: 'hello-world' },
        { kind: 'file', path: '/var/lib/switchboard/prompts/welcome' },
        { kind: 'silence', ms: 250 },
        { kind: 'silence', ms: 100 },
        { kind: 'digits', value: '42#' },
        { kind: 'number', value: 34 },
      ]),
    ).toEqual([
      { kind: 'uris', uris: ['sound:hello-world', 'sound:/var/lib/switchboard/prompts/welcome'] },
      { kind: 'pause', ms: 350 },
      { kind: 'uris', uris: ['digits:42#', 'number:34'] },
    ]);
  });

  it('given endpoints when dialed then phones are PJSIP endpoints and numbers go through the trunk', () => {
    expect(dialString({ kind: 'phone', name: 'agent1' }, 'trunk')).toBe('PJSIP/agent1');
    expect(dialString({ kind: 'number', number: '+33123456789' }, 'trunk')).toBe('PJSIP/+33123456789@trunk');
    expect(dialString({ kind: 'number', number: '100', trunk: 'other' }, 'trunk')).toBe('PJSIP/100@other');
    expect(() => dialString({ kind: 'number', number: '100' }, undefined)).toThrow(/trunk/);
    expect(() => dialString({ kind: 'phone', name: 'a&b' }, 'trunk')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('given caller id parts when formatted then quotes and brackets cannot break the header', () => {
    expect(callerIdString('CTI Queue', '100')).toBe('"CTI Queue" <100>');
    expect(callerIdString('Evil" <1>', '2')).toBe('"Evil 1" <2>');
    expect(callerIdString(undefined, undefined)).toBeUndefined();
  });

  it('given dial statuses and our causes then they map to port causes and ARI hang-up reasons', () => {
    expect(causeFromDialStatus('BUSY')).toBe('busy');
    expect(causeFromDialStatus('NOANSWER')).toBe('no_answer');
    expect(causeFromDialStatus('CHANUNAVAIL')).toBe('unreachable');
    expect(causeFromDialStatus('ANSWER')).toBeUndefined();
    expect(ariHangupReason('busy')).toBe('busy');
    expect(ariHangupReason(undefined)).toBe('normal');
    expect(ariHangupReason('unreachable')).toBe('unallocated');
  });

  it('given AMI presence data then registered, unregistered and unknown are told apart', () => {
    expect(presenceFromDeviceState('NOT_INUSE')).toBe('registered');
    expect(presenceFromDeviceState('UNAVAILABLE')).toBe('unregistered');
    expect(presenceFromDeviceState('UNKNOWN')).toBe('unknown');
    expect(presenceFromContactStatus('Reachable')).toBe('registered');
    expect(presenceFromContactStatus('Removed')).toBe('unregistered');
    expect(presenceFromEndpointList({ Contacts: 'agent1/sip:agent1@127.0.0.1:5180,', DeviceState: 'Not in use' })).toBe('registered');
    expect(presenceFromEndpointList({ Contacts: '', DeviceState: 'Unavailable' })).toBe('unregistered');
  });

  it('given repeated failures when back-off grows then it doubles up to the cap and jitter stays within the upper half', () => {
    const fixed = (r: number) => ({ initialMs: 250, maxMs: 10_000, random: () => r });
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, fixed(1)))).toEqual([250, 500, 1_000, 2_000]);
    expect(backoffDelay(30, fixed(1))).toBe(10_000);
    expect(backoffDelay(3, fixed(0))).toBe(1_000);
  });
});
