import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../../src/core/errors.js';
import { channelVariables, dialString, mediaApplication } from '../../../../src/pbx/freeswitch/commands.js';
import {
  causeFromFreeSwitch, causeToFreeSwitch, channelInfoFromHeaders, isNoSuchChannel, parseShowChannels,
} from '../../../../src/pbx/freeswitch/event-map.js';
import { EslParser, decodeHeaderValues, type EslFrame } from '../../../../src/pbx/freeswitch/esl-parser.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/freeswitch');
const dial = { phoneDialString: 'user/{name}@pbx.test', defaultTrunk: 'carrier', sayLanguage: 'en' };

function frames(path: string): EslFrame[] {
  const out: EslFrame[] = [];
  new EslParser((f) => out.push(f)).push(readFileSync(join(FIXTURES, path)));
  return out;
}

describe('hang-up causes', () => {
  it.each([
    ['USER_BUSY', 'busy', 17],
    ['NO_ANSWER', 'no_answer', 19],
    ['NO_USER_RESPONSE', 'no_answer', 18],
    ['CALL_REJECTED', 'rejected', 21],
    ['NORMAL_CLEARING', 'normal', 16],
    ['USER_NOT_REGISTERED', 'unreachable', 606],
    ['ORIGINATOR_CANCEL', 'normal', 487],
  ] as const)('given FreeSWITCH cause %s then it maps to %s with Q.850 %d', (name, cause, code) => {
    expect(causeFromFreeSwitch(name)).toEqual({ cause, causeCode: code, causeText: name });
  });

  it('given an unknown cause then it is failed and keeps the text', () => {
    expect(causeFromFreeSwitch('SOMETHING_NEW')).toEqual({ cause: 'failed', causeText: 'SOMETHING_NEW' });
  });

  it('given our causes then uuid_kill gets the FreeSWITCH names', () => {
    expect(['normal', 'busy', 'no_answer', 'rejected', undefined].map((c) => causeToFreeSwitch(c as never))).toEqual([
      'NORMAL_CLEARING', 'USER_BUSY', 'NO_ANSWER', 'CALL_REJECTED', 'NORMAL_CLEARING',
    ]);
  });

  it('given the recorded uuid_kill error then it reads as no such channel, and other errors do not', () => {
    const reply = frames('inbound/04-api-basic.server.txt').map((f) => f.body?.toString() ?? '').find((b) => b.startsWith('-ERR No such'))!;
    expect(isNoSuchChannel(reply)).toBe(true);
    expect(isNoSuchChannel('-ERR invalid session id [abc]')).toBe(true);
    expect(isNoSuchChannel('-ERR nosuchcommand Command not found!\n')).toBe(false);
    expect(isNoSuchChannel('+OK\n')).toBe(false);
  });
});

describe('channel data', () => {
  it('given the recorded outbound connect reply then the ChannelInfo carries caller, DID and variables', () => {
    const [frame] = frames('outbound/20-connect-reply.txt');
    const info = channelInfoFromHeaders(decodeHeaderValues(frame!.headers), 'inbound');
    expect(info).toMatchObject({ id: 'd2bbd71e-c3ca-42dd-8a4a-f7fc17ec7076', direction: 'inbound', callerNumber: '15551230000', dialedNumber: '8084', state: 'ringing' });
    expect(info.variables['current_application']).toBe('socket');
  });

  it('given show channels as json with and without rows then rows are read and the empty form is empty', () => {
    const bodies = frames('inbound/07-bgapi-originate-and-channels.server.txt')
      .filter((f) => f.headers['Content-Type'] === 'api/response')
      .map((f) => f.body!.toString())
      .filter((b) => b.startsWith('{"row_count"'));
    expect(parseShowChannels(bodies[0]!).map((r) => [r.uuid, r.callstate])).toEqual([['5a5f4ba3-67eb-44ce-b102-1015adcc6af4', 'ACTIVE']]);
    expect(parseShowChannels('{"row_count": 0}\n')).toEqual([]);
  });
});

describe('command text', () => {
  it('given variables then originate brackets quote spaces, escape commas and refuse braces and quotes', () => {
    expect(channelVariables({ a: 'b', name: 'Sales Queue', list: 'x,y' })).toBe("{a=b,name='Sales Queue',list=x\\,y}");
    for (const bad of ["it's", 'a}b', 'a{b', 'line\nbreak']) {
      let err: unknown;
      try {
        channelVariables({ v: bad });
      } catch (e) {
        err = e;
      }
      expect(isAppError(err, 'VALIDATION_FAILED'), bad).toBe(true);
    }
  });

  it('given endpoints then dial strings follow the configuration and bad input is refused where it is', () => {
    expect(dialString({ kind: 'phone', name: 'agent1' }, dial)).toBe('user/agent1@pbx.test');
    expect(dialString({ kind: 'number', number: '+15551234567' }, dial)).toBe('sofia/gateway/carrier/+15551234567');
    expect(dialString({ kind: 'number', number: '123', trunk: 'backup' }, dial)).toBe('sofia/gateway/backup/123');
    expect(() => dialString({ kind: 'phone', name: 'agent1 &hangup' }, dial)).toThrow(/\/endpoint\/name/);
    expect(() => dialString({ kind: 'dial', dialString: 'sofia/x {a=b}' }, dial)).toThrow(/spaces/);
  });

  it('given media then each kind maps to the dialplan application that renders it', () => {
    expect(mediaApplication({ kind: 'sound', name: 'ivr/ivr-welcome' }, dial)).toEqual({ app: 'playback', arg: 'ivr/ivr-welcome.wav' });
    expect(mediaApplication({ kind: 'file', path: '/srv/prompts/x' }, dial)).toEqual({ app: 'playback', arg: '/srv/prompts/x.wav' });
    expect(mediaApplication({ kind: 'silence', ms: 500 }, dial)).toEqual({ app: 'playback', arg: 'silence_stream://500' });
    expect(mediaApplication({ kind: 'digits', value: '42' }, dial)).toEqual({ app: 'say', arg: 'en number iterated 42' });
    expect(mediaApplication({ kind: 'digits', value: '4#' }, dial)).toEqual({ app: 'say', arg: 'en name_spelled iterated 4#' });
    expect(mediaApplication({ kind: 'number', value: 34 }, dial)).toEqual({ app: 'say', arg: 'en number pronounced 34' });
  });
});
