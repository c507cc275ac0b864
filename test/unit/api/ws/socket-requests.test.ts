import { describe, expect, it } from 'vitest';
import { permissionsOf } from '../../../../src/accounts/permissions.js';
import type { Principal } from '../../../../src/accounts/principal.js';
import type { StoredMessage } from '../../../../src/chat/ports.js';
import { AppError } from '../../../../src/core/errors.js';
import { parseClientMessage, type ChatSendRequest, type ServerMessage } from '../../../../src/api/ws/messages.js';
import { MAX_IN_FLIGHT, SocketRequests } from '../../../../src/api/ws/socket-requests.js';
import { CHAT_LIMITS } from '../../../../src/chat/protocol.js';
import { recordingLogger, type LogLine } from '../../../helpers/recording-logger.js';

type Reply = Extract<ServerMessage, { type: 'reply' }>;

const agent: Principal = { userId: 'u1', username: 'alice', roles: ['agent'], permissions: permissionsOf(['agent']), agentId: 'a1', ledTeamIds: [], sessionId: 's1' };
const send = (n: number): ChatSendRequest => ({ type: 'chat.send', id: `r${n}`, chatId: 'c1', clientId: `m-${n}`, text: 'hello' });

/** A chat service whose sends wait until the test settles them. */
function world(principal: () => Promise<Principal>) {
  const calls: { agentId: string; chatId: string; clientId: string; text: string; settle: (m: StoredMessage | Error) => void }[] = [];
  const replies: Reply[] = [];
  const lines: LogLine[] = [];
  const requests = new SocketRequests(
    {
      chat: {
        agentMessage: (agentId, chatId, clientId, text) =>
          new Promise<StoredMessage>((resolve, reject) => calls.push({ agentId, chatId, clientId, text, settle: (m) => (m instanceof Error ? reject(m) : resolve(m)) })),
      },
    },
    principal,
    'token',
    recordingLogger(lines),
    (r) => replies.push(r),
  );
  return { requests, calls, replies, lines };
}
const stored = (seq: number): StoredMessage => ({ chatId: 'c1', seq, from: 'agent', agentId: 'a1', clientId: 'm-1', text: 'hello', at: 1000 + seq }) as StoredMessage;
const flush = () => new Promise((r) => setImmediate(r));

describe('chat.send requests on the event socket', () => {
  it('given an agent when the send is committed then, and only then, the reply carries the seq', async () => {
    const w = world(async () => agent);
    w.requests.chatSend(send(1));
    await flush();
    expect(w.calls.map((c) => [c.agentId, c.chatId, c.clientId, c.text])).toEqual([['a1', 'c1', 'm-1', 'hello']]);
    expect(w.replies).toEqual([]);
    w.calls[0]?.settle(stored(7));
    await flush();
    expect(w.replies).toEqual([{ type: 'reply', id: 'r1', ok: true, result: { chatId: 'c1', clientId: 'm-1', seq: 7, at: 1007 } }]);
  });

  it('given each send authenticates again when the session has ended then the reply is its code and nothing is sent', async () => {
    let ended = false;
    const w = world(async () => {
      if (ended) throw new AppError('UNAUTHENTICATED');
      return agent;
    });
    ended = true;
    w.requests.chatSend(send(1));
    await flush();
    expect(w.calls).toEqual([]);
    expect(w.replies).toEqual([{ type: 'reply', id: 'r1', ok: false, error: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }]);
  });

  it('given a principal without chat.handle, a wall display or no agent when it sends then FORBIDDEN or NOT_AN_AGENT and nothing is sent', async () => {
    const cases: [Principal, string][] = [
      [{ ...agent, permissions: new Set() }, 'FORBIDDEN'],
      [{ ...agent, roles: [], permissions: new Set(), wallboard: { tokenId: 'w1' } }, 'FORBIDDEN'],
      [{ ...agent, roles: ['admin'], permissions: permissionsOf(['admin']), agentId: undefined } as Principal, 'NOT_AN_AGENT'],
    ];
    for (const [p, code] of cases) {
      const w = world(async () => p);
      w.requests.chatSend(send(1));
      await flush();
      expect(w.calls).toEqual([]);
      expect(w.replies.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([code]);
    }
  });

  it('given the chat service refuses or fails when a send is answered then the refusal keeps its code and a failure is INTERNAL and logged', async () => {
    const w = world(async () => agent);
    w.requests.chatSend(send(1));
    w.requests.chatSend(send(2));
    await flush();
    w.calls[0]?.settle(new AppError('CHAT_NOT_YOURS', undefined, { chatId: 'c1' }));
    w.calls[1]?.settle(new Error('disk on fire'));
    await flush();
    expect(w.replies).toEqual([
      { type: 'reply', id: 'r1', ok: false, error: { code: 'CHAT_NOT_YOURS', message: expect.any(String), details: { chatId: 'c1' } } },
      { type: 'reply', id: 'r2', ok: false, error: { code: 'INTERNAL', message: 'Internal error', details: { clientId: 'm-2' } } },
    ]);
    expect(w.lines.filter((l) => l.level === 'error').map((l) => l.obj.clientId)).toEqual(['m-2']);
  });

  it('given a socket with the most sends unanswered when it sends one more then RATE_LIMITED; once one is answered it may send again', async () => {
    const w = world(async () => agent);
    for (let i = 0; i < MAX_IN_FLIGHT; i++) w.requests.chatSend(send(i));
    w.requests.chatSend(send(MAX_IN_FLIGHT));
    await flush();
    expect(w.calls).toHaveLength(MAX_IN_FLIGHT);
    expect(w.replies.map((r) => (r.ok ? 'ok' : `${r.id} ${r.error.code}`))).toEqual([`r${MAX_IN_FLIGHT} RATE_LIMITED`]);
    w.calls[0]?.settle(stored(1));
    await flush();
    w.requests.chatSend(send(MAX_IN_FLIGHT + 1));
    await flush();
    expect(w.calls).toHaveLength(MAX_IN_FLIGHT + 1);
  });
});

describe('parsing chat.send', () => {
  it('given a well-formed chat.send then it is the request', () => {
    expect(parseClientMessage(JSON.stringify(send(1)))).toEqual(send(1));
  });

  it('given a bad chat.send with an id then the error names the id and where; without an id it names none', () => {
    const too = parseClientMessage(JSON.stringify({ ...send(1), text: 'x'.repeat(CHAT_LIMITS.maxTextLength + 1) }));
    expect(too).toMatchObject({ type: 'error', code: 'CHAT_MESSAGE_TOO_LARGE', id: 'r1', details: { where: '/text' } });
    expect(parseClientMessage(JSON.stringify({ ...send(1), clientId: 'has space' }))).toMatchObject({ type: 'error', code: 'VALIDATION_FAILED', id: 'r1', details: { where: '/clientId' } });
    expect(parseClientMessage(JSON.stringify({ ...send(1), chatId: 5 }))).toMatchObject({ code: 'VALIDATION_FAILED', id: 'r1', details: { where: '/chatId' } });
    const noId = parseClientMessage(JSON.stringify({ type: 'chat.send', chatId: 'c1', clientId: 'm', text: 'hi' }));
    expect(noId).toMatchObject({ type: 'error', code: 'VALIDATION_FAILED' });
    expect(noId).not.toHaveProperty('id');
  });
});
