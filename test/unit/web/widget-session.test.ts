/**
 * The widget's side of the chat protocol against a fake socket and fake timers: a drop while a
 * message waits for its ack, a resume with the last held seq, replays that repeat what the widget
 * already shows. Nothing may be lost or shown twice.
 */
import { describe, expect, it } from 'vitest';
import type { ServerFrame, VisitorFrame } from '../../../src/chat/protocol.js';
import { WidgetSession, type SessionEnv } from '../../../src/web/widget/session.js';

class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: VisitorFrame[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: ((c: { code: number; reason: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as VisitorFrame);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  frame(f: ServerFrame) {
    this.onmessage?.({ data: JSON.stringify(f) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({ code: 1006, reason: '' });
  }
  messages() {
    return this.sent.filter((f): f is Extract<VisitorFrame, { type: 'message' }> => f.type === 'message');
  }
}

function fakeEnv(): SessionEnv & { advance(ms: number): void } {
  let now = 1_000_000;
  let id = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    WebSocket: FakeSocket as unknown as SessionEnv['WebSocket'],
    setTimeout: (fn, ms) => {
      timers.set(++id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (i) => void timers.delete(i),
    random: () => 0.5,
    now: () => now,
    page: () => 'https://shop.example/bikes',
    advance(ms: number) {
      const target = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = target;
    },
  };
}

function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    clear: () => data.clear(),
    key: () => null,
    get length() {
      return data.size;
    },
  };
}

const TOKEN = 'visitor-token-0123456789abcdef';
const last = () => FakeSocket.all[FakeSocket.all.length - 1] as FakeSocket;

function startedChat(storage = memoryStorage()) {
  FakeSocket.all = [];
  const env = fakeEnv();
  const session = new WidgetSession({ origin: 'http://cc.example:8080', queue: 'q-chat', storage, env });
  session.start();
  const s = last();
  s.open();
  s.frame({ type: 'welcome', visitorToken: TOKEN, chatId: null, state: null, lastSeq: 0, limits: { maxTextLength: 4000, maxFrameBytes: 20000 } });
  s.frame({ type: 'started', chatId: 'chat-1' });
  s.frame({ type: 'queued', position: 2, estimatedWaitSec: 90 });
  return { env, session, storage, s };
}

describe('the widget session', () => {
  it('given a new visitor when they start a chat then the widget says hello without a token, starts in its queue on its page, and shows the queue position with the wait in minutes', () => {
    const { session, s, storage } = startedChat();
    expect(s.url).toBe('ws://cc.example:8080/api/widget/ws');
    expect(s.sent).toEqual([{ type: 'hello' }, { type: 'start', queue: 'q-chat', page: 'https://shop.example/bikes' }]);
    expect(session.view()).toMatchObject({ phase: 'waiting', link: 'open', position: 2, etaMinutes: 2 });
    expect(JSON.parse(storage.getItem('switchboard.chat:http://cc.example:8080') ?? '{}')).toEqual({ visitorToken: TOKEN, chatId: 'chat-1', outbox: [] });
  });

  it('given a message written when its ack comes then it turns from sending to sent, and the outbox is empty', () => {
    const { session, s } = startedChat();
    session.send('hello 👋');
    const [sent] = s.messages();
    expect(sent).toMatchObject({ type: 'message', kind: 'text', text: 'hello 👋' });
    expect(session.view().timeline.lines).toEqual([expect.objectContaining({ clientId: sent?.clientId, status: 'sending' })]);
    s.frame({ type: 'ack', clientId: sent?.clientId as string, seq: 1, at: 5 });
    expect(session.view().timeline.lines).toEqual([expect.objectContaining({ clientId: sent?.clientId, status: 'sent', seq: 1 })]);
  });

  it('given the connection drops before the ack while the agent also writes when the widget reconnects then it resumes from its last seq, resends the same client id, and every message shows once', () => {
    const { env, session, s } = startedChat();
    s.frame({ type: 'assigned', agentName: 'Alice' });
    s.frame({ type: 'message', seq: 1, from: 'agent', agentName: 'Alice', text: 'Hi, how can I help?', at: 1 });
    session.send('my bike is broken');
    const clientId = s.messages()[0]?.clientId as string;
    s.drop();
    expect(session.view().link).toBe('reconnecting');
    // Written while offline: kept, not sent anywhere.
    session.send('🙏');
    env.advance(1000);
    const again = last();
    expect(again).not.toBe(s);
    again.open();
    expect(again.sent[0]).toEqual({ type: 'hello', visitorToken: TOKEN, chatId: 'chat-1', resume: 1 });
    again.frame({ type: 'welcome', visitorToken: TOKEN, chatId: 'chat-1', state: 'active', lastSeq: 3, limits: { maxTextLength: 4000, maxFrameBytes: 20000 } });
    // The server stored the first line before the drop (seq 2) and an agent line after it (seq 3).
    again.frame({ type: 'message', seq: 2, from: 'visitor', text: 'my bike is broken', at: 2, clientId });
    again.frame({ type: 'message', seq: 3, from: 'agent', agentName: 'Alice', text: 'Which model?', at: 3 });
    // The outbox goes again right after the welcome, before the replay: both lines, same ids.
    const resent = again.messages();
    expect(resent.map((m) => m.text)).toEqual(['my bike is broken', '🙏']);
    expect(resent[0]?.clientId).toBe(clientId);
    // The server answers the duplicate with the ack it gave before (seq 2), the new line with seq 4.
    again.frame({ type: 'ack', clientId, seq: 2, at: 2 });
    again.frame({ type: 'ack', clientId: resent[1]?.clientId as string, seq: 4, at: 4 });
    // A replay of something already shown changes nothing.
    again.frame({ type: 'message', seq: 1, from: 'agent', agentName: 'Alice', text: 'Hi, how can I help?', at: 1 });
    const lines = session.view().timeline.lines;
    expect(lines.map((l) => [l.author, l.text, l.status, l.seq])).toEqual([
      ['agent', 'Hi, how can I help?', 'sent', 1],
      ['visitor', 'my bike is broken', 'sent', 2],
      ['visitor', '🙏', 'sent', 4],
      ['agent', 'Which model?', 'sent', 3],
    ]);
    expect(session.view().timeline.lastSeq).toBe(4);
    expect(session.view()).toMatchObject({ phase: 'connected', link: 'open' });
  });

  it('given a message without an ack in time (a dead link that never closed) when the time passes then the widget reconnects and resends it under the same client id', () => {
    const { env, session, s } = startedChat();
    session.send('anyone there?');
    const clientId = s.messages()[0]?.clientId;
    env.advance(10_000);
    env.advance(1000);
    const again = last();
    expect(again).not.toBe(s);
    again.open();
    again.frame({ type: 'welcome', visitorToken: TOKEN, chatId: 'chat-1', state: 'waiting', lastSeq: 0, limits: { maxTextLength: 4000, maxFrameBytes: 20000 } });
    expect(again.messages().map((m) => m.clientId)).toEqual([clientId]);
  });

  it('given a page reload with an unsent line when the widget loads again then the chat resumes and the line is sent with its client id', () => {
    const storage = memoryStorage();
    const { s, session } = startedChat(storage);
    session.send('sent just before the reload');
    const clientId = s.messages()[0]?.clientId;
    FakeSocket.all = [];
    const reloaded = new WidgetSession({ origin: 'http://cc.example:8080', queue: 'q-chat', storage, env: fakeEnv() });
    reloaded.resume();
    expect(reloaded.view().timeline.lines).toEqual([expect.objectContaining({ clientId, status: 'sending' })]);
    last().open();
    expect(last().sent[0]).toEqual({ type: 'hello', visitorToken: TOKEN, chatId: 'chat-1', resume: 0 });
    last().frame({ type: 'welcome', visitorToken: TOKEN, chatId: 'chat-1', state: 'waiting', lastSeq: 0, limits: { maxTextLength: 4000, maxFrameBytes: 20000 } });
    expect(last().messages().map((m) => m.clientId)).toEqual([clientId]);
  });

  it('given the agent ends the chat when the widget hears it then it shows ended, forgets the chat but keeps the token, and does not reconnect', () => {
    const { env, session, s, storage } = startedChat();
    s.frame({ type: 'ended', reason: 'agent_ended' });
    expect(session.view()).toMatchObject({ phase: 'ended', link: 'offline' });
    expect(JSON.parse(storage.getItem('switchboard.chat:http://cc.example:8080') ?? '{}')).toEqual({ visitorToken: TOKEN, outbox: [] });
    const count = FakeSocket.all.length;
    env.advance(60_000);
    expect(FakeSocket.all.length).toBe(count);
  });

  it('given a coded refusal of one message when it comes then that line is marked failed, the error is shown, and it is not resent', () => {
    const { session, s } = startedChat();
    session.send('x'.repeat(10));
    const clientId = s.messages()[0]?.clientId as string;
    s.frame({ type: 'error', code: 'CHAT_MESSAGE_TOO_LARGE', message: 'The chat message is too large', clientId });
    expect(session.view().timeline.lines[0]?.status).toBe('failed');
    expect(session.view().error).toEqual({ code: 'CHAT_MESSAGE_TOO_LARGE', message: 'The chat message is too large' });
  });

  it('given a queue outside its hours when the visitor starts then the widget goes back to the start button with the refusal, and tries no more', () => {
    FakeSocket.all = [];
    const env = fakeEnv();
    const session = new WidgetSession({ origin: 'http://cc.example:8080', queue: 'q-chat', storage: memoryStorage(), env });
    session.start();
    last().open();
    last().frame({ type: 'welcome', visitorToken: TOKEN, chatId: null, state: null, lastSeq: 0, limits: { maxTextLength: 4000, maxFrameBytes: 20000 } });
    last().frame({ type: 'error', code: 'QUEUE_CLOSED', message: 'The queue is closed' });
    expect(session.view()).toMatchObject({ phase: 'idle', error: { code: 'QUEUE_CLOSED' } });
    last().drop();
    const count = FakeSocket.all.length;
    env.advance(60_000);
    expect(FakeSocket.all.length).toBe(count);
  });
});

describe('the pre-chat form', () => {
  it('given start pressed before the socket opened on a channel that asks a form when the form and the welcome arrive then the form shows and no start is sent until it is answered', () => {
    FakeSocket.all = [];
    const session = new WidgetSession({ origin: 'http://cc.example:8080', queue: 'q-chat', storage: memoryStorage(), env: fakeEnv() });
    session.start();
    last().open();
    last().frame({ type: 'prechat_form', formId: 'f-1', version: 2, kind: 'form', title: { en: 'Before we start', zh: '开始咨询前' }, fields: [{ name: 'name', kind: 'text', label: { en: 'Name', zh: '姓名' }, required: true }] });
    last().frame({ type: 'welcome', visitorToken: TOKEN, chatId: null, state: null, lastSeq: 0, limits: { maxTextLength: 4000, maxFrameBytes: 20000 } });
    expect(last().sent.filter((f) => f.type === 'start')).toEqual([]);
    expect(session.view()).toMatchObject({ phase: 'idle', prechat: { formId: 'f-1', version: 2, open: true } });
    session.submitPrechat({ name: '李雷' });
    expect(last().sent.filter((f) => f.type === 'start')).toEqual([
      { type: 'start', queue: 'q-chat', page: 'https://shop.example/bikes', prechat: { formId: 'f-1', version: 2, clientId: expect.any(String), answers: { name: '李雷' } } },
    ]);
  });
});

describe('leaving a message', () => {
  const offer: ServerFrame = {
    type: 'leave_message_offer',
    reason: 'no_agent',
    templates: [{ id: 'tpl-1', name: { en: 'After-sales', zh: '售后' }, businessLine: 'after_sales', fields: [{ name: 'message', label: { en: 'Message', zh: '留言' }, kind: 'long_text', required: true }] }],
  };
  const leaves = (s: FakeSocket) => s.sent.filter((f): f is Extract<VisitorFrame, { type: 'leave_message' }> => f.type === 'leave_message');

  it('given a message left and the link dropped before its answer when the widget reconnects then it is sent again with the same client id and its ticket shows', () => {
    const { env, session, s } = startedChat();
    s.frame(offer);
    expect(session.view().leave).toMatchObject({ open: false, templates: [{ id: 'tpl-1' }] });
    // Offered while the chat waits; the visitor chooses to leave a message.
    session.askLeaveMessage();
    expect(s.sent[s.sent.length - 1]).toEqual({ type: 'leave_message_options' });
    s.frame({ ...offer, reason: 'asked' } as ServerFrame);
    expect(session.view().leave?.open).toBe(true);
    session.leaveMessage('tpl-1', { message: 'Hub clicks' });
    const [first] = leaves(s);
    expect(first).toMatchObject({ templateId: 'tpl-1', fields: { message: 'Hub clicks' } });
    expect(session.view().leave?.sending).toBe(first?.clientId);

    s.drop();
    env.advance(60_000);
    const again = last();
    expect(again).not.toBe(s);
    again.open();
    again.frame({ type: 'welcome', visitorToken: TOKEN, chatId: 'chat-1', state: 'waiting', lastSeq: 0, limits: { maxTextLength: 4000, maxFrameBytes: 20000 } });
    expect(leaves(again).map((f) => f.clientId)).toEqual([first?.clientId]);

    again.frame({ type: 'left_message', clientId: first?.clientId ?? '', ticketId: 'tk-1' });
    expect(session.view().leave).toMatchObject({ ticketId: 'tk-1', sending: undefined });
    expect(again.sent[again.sent.length - 1]).toEqual({ type: 'tickets' });
  });

  it('given a left message refused for a field when the error comes then the form is free again with the code shown, and nothing is resent', () => {
    const { session, s } = startedChat();
    s.frame({ ...offer, reason: 'asked' } as ServerFrame);
    session.leaveMessage('tpl-1', { message: ' ' });
    const clientId = leaves(s)[0]?.clientId ?? '';
    s.frame({ type: 'error', code: 'MESSAGE_FIELD_REQUIRED', message: 'Message is required', where: '/fields/message', clientId });
    expect(session.view().leave?.sending).toBeUndefined();
    expect(session.view().error?.code).toBe('MESSAGE_FIELD_REQUIRED');
    session.leaveMessage('tpl-1', { message: 'Hub clicks' });
    expect(leaves(s).map((f) => f.clientId === clientId)).toEqual([true, false]);
  });

  it('given the agent ends the chat as solved when the visitor answers the survey then it goes on a socket of its own, the ended view stays, and the answer is marked done once stored', () => {
    const { session, s } = startedChat();
    s.frame({ type: 'assigned', agentName: 'Alice' });
    s.frame({ type: 'ended', reason: 'agent_ended', survey: true });
    expect(session.view()).toMatchObject({ phase: 'ended', survey: { chatId: 'chat-1', sending: false, done: false } });
    session.answerSurvey(5, '  很好  ');
    expect(session.view().survey).toMatchObject({ sending: true });
    const again = last();
    expect(again).not.toBe(s);
    again.open();
    expect(again.sent[0]).toEqual({ type: 'hello', visitorToken: TOKEN });
    again.frame({ type: 'welcome', visitorToken: TOKEN, chatId: null, state: null, lastSeq: 0, limits: { maxTextLength: 4000, maxFrameBytes: 20000 } });
    expect(again.sent[1]).toEqual({ type: 'survey', chatId: 'chat-1', score: 5, comment: '很好' });
    expect(session.view().phase).toBe('ended');
    again.frame({ type: 'survey_saved', chatId: 'chat-1' });
    expect(session.view().survey).toEqual({ chatId: 'chat-1', sending: false, done: true });
    // A second answer is not sent.
    session.answerSurvey(1, '');
    expect(again.sent.filter((f) => f.type === 'survey')).toHaveLength(1);
  });

  it('given a colleague invited into the chat when they write then their name is on their line only and the status keeps naming the owner; a new owner writing is named', () => {
    const { session, s } = startedChat();
    s.frame({ type: 'assigned', agentName: 'Alice' });
    s.frame({ type: 'message', seq: 1, from: 'agent', agentName: 'Carol', colleague: true, text: 'Carol here', at: 1 });
    expect(session.view().agentName).toBe('Alice');
    expect(session.view().timeline.lines.at(-1)).toMatchObject({ author: 'agent', name: 'Carol', text: 'Carol here' });
    s.frame({ type: 'message', seq: 2, from: 'agent', agentName: 'Alice', text: 'Thanks', at: 2 });
    expect(session.view().agentName).toBe('Alice');
    // A supervisor took the chat over (no frame for that): the new owner's line names them.
    s.frame({ type: 'message', seq: 3, from: 'agent', agentName: 'Sam', text: 'I will take it from here', at: 3 });
    expect(session.view().agentName).toBe('Sam');
  });

  describe('the survey across a reload', () => {
    const ENDED_WELCOME = { type: 'welcome', visitorToken: TOKEN, chatId: 'chat-1', state: 'ended', lastSeq: 2, limits: { maxTextLength: 4000, maxFrameBytes: 20000 } } as const;
    /** The page loads again on the same storage (main.tsx: resume, then visit). */
    const reload = (storage: Storage) => {
      FakeSocket.all = [];
      const session = new WidgetSession({ origin: 'http://cc.example:8080', queue: 'q-chat', storage, env: fakeEnv() });
      session.resume();
      session.visit();
      const s = last();
      s.open();
      return { session, s };
    };
    const solved = () => {
      const chat = startedChat();
      chat.s.frame({ type: 'assigned', agentName: 'Alice' });
      chat.s.frame({ type: 'ended', reason: 'agent_ended', survey: true });
      return chat;
    };

    it('given a survey offered and not answered when the page reloads then the ended chat is asked after, and the catch-up offering it shows it again', () => {
      const { storage } = solved();
      const { session, s } = reload(storage);
      expect(s.sent[0]).toEqual({ type: 'hello', visitorToken: TOKEN, chatId: 'chat-1', resume: 0 });
      s.frame(ENDED_WELCOME);
      s.frame({ type: 'ended', reason: 'agent_ended', survey: true });
      expect(session.view()).toMatchObject({ phase: 'ended', survey: { chatId: 'chat-1', sending: false, done: false } });
    });

    it('given the survey answered elsewhere when the page reloads then the catch-up without it offers nothing, and the next reload does not ask again', () => {
      const { storage } = solved();
      const first = reload(storage);
      first.s.frame(ENDED_WELCOME);
      first.s.frame({ type: 'ended', reason: 'agent_ended' });
      expect(first.session.view().phase).toBe('ended');
      expect(first.session.view().survey).toBeUndefined();
      const second = reload(storage);
      expect(second.s.sent[0]).toEqual({ type: 'hello', visitorToken: TOKEN });
    });

    it('given the survey answered on this page when the page reloads then it says hello without the ended chat and shows no survey', () => {
      const { session, storage } = solved();
      session.answerSurvey(4, '');
      const answering = last();
      answering.open();
      answering.frame({ type: 'welcome', visitorToken: TOKEN, chatId: null, state: null, lastSeq: 0, limits: { maxTextLength: 4000, maxFrameBytes: 20000 } });
      answering.frame({ type: 'survey_saved', chatId: 'chat-1' });
      const { session: again, s } = reload(storage);
      expect(s.sent[0]).toEqual({ type: 'hello', visitorToken: TOKEN });
      s.frame({ type: 'welcome', visitorToken: TOKEN, chatId: null, state: null, lastSeq: 0, limits: { maxTextLength: 4000, maxFrameBytes: 20000 } });
      expect(again.view()).toMatchObject({ phase: 'idle' });
      expect(again.view().survey).toBeUndefined();
    });

    it('given the survey passed over for a new chat when the page reloads then it is not asked after again', () => {
      const { session, storage } = solved();
      session.newChat();
      expect(reload(storage).s.sent[0]).toEqual({ type: 'hello', visitorToken: TOKEN });
    });

    it('given a chat that ended while the page was away when the reloaded widget catches up then the survey the catch-up offers is shown for that chat', () => {
      const { storage } = startedChat();
      const { session, s } = reload(storage);
      expect(s.sent[0]).toMatchObject({ type: 'hello', chatId: 'chat-1' });
      s.frame(ENDED_WELCOME);
      s.frame({ type: 'ended', reason: 'agent_ended', survey: true });
      expect(session.view().survey).toEqual({ chatId: 'chat-1', sending: false, done: false });
    });
  });

  it('given a chat ended unresolved then no survey is offered', () => {
    const { session, s } = startedChat();
    s.frame({ type: 'ended', reason: 'agent_ended' });
    expect(session.view().survey).toBeUndefined();
    session.answerSurvey(3, '');
    expect(FakeSocket.all).toHaveLength(1);
  });

  describe('uploads', () => {
    type Call = { url: string; init: RequestInit | undefined };
    const attachment = { id: 'att-1', kind: 'image' as const, name: 'tyre.png', size: 75, contentType: 'image/png' };
    /** A fetch that answers each call with the next of `answers` (an Error: the network failed). */
    const fakeFetch = (answers: (Error | { status: number; body: unknown })[], calls: Call[]) =>
      (async (url: string, init?: RequestInit) => {
        calls.push({ url, init });
        const next = answers.shift();
        if (!next || next instanceof Error) throw next ?? new Error('no answer left');
        return new Response(JSON.stringify(next.body), { status: next.status, headers: { 'content-type': 'application/json' } });
      }) as typeof fetch;
    const settle = () => new Promise((resolve) => setImmediate(resolve));

    it('given a file picked when the network fails once then it is sent again with the same client id and the token header, and its line shows the stored attachment', async () => {
      const { session, env } = startedChat();
      const calls: Call[] = [];
      env.fetch = fakeFetch([new Error('offline'), { status: 200, body: { clientId: 'x', seq: 1, at: 5, attachment } }], calls);
      session.upload(Object.assign(new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), { name: 'tyre.png' }));
      expect(session.view().timeline.lines).toEqual([expect.objectContaining({ text: 'tyre.png', uploading: true, status: 'sending' })]);
      await settle();
      env.advance(60_000);
      await settle();
      await settle();
      expect(calls).toHaveLength(2);
      const [first, second] = calls.map((c) => new URL(c.url));
      expect(first?.pathname).toBe('/api/widget/chats/chat-1/uploads');
      expect(first?.searchParams.get('kind')).toBe('image');
      expect(second?.searchParams.get('clientId')).toBe(first?.searchParams.get('clientId'));
      expect((calls[1]?.init?.headers as Record<string, string>)['x-visitor-token']).toBe(TOKEN);
      const [line] = session.view().timeline.lines;
      expect(line).toMatchObject({ status: 'sent', seq: 1, attachment });
      expect(line?.uploading).toBeUndefined();
    });

    it('given a file the server refuses when uploaded then its line is failed, never resent, and the coded error is shown', async () => {
      const { session, env } = startedChat();
      const calls: Call[] = [];
      env.fetch = fakeFetch([{ status: 415, body: { code: 'ATTACHMENT_TYPE_REFUSED', message: 'no', details: { where: '/body' } } }], calls);
      session.upload(Object.assign(new Blob(['<html>'], { type: 'image/png' }), { name: 'cat.png' }));
      await settle();
      await settle();
      env.advance(60_000);
      expect(calls).toHaveLength(1);
      expect(session.view().timeline.lines).toEqual([expect.objectContaining({ text: 'cat.png', status: 'failed' })]);
      expect(session.view().error?.code).toBe('ATTACHMENT_TYPE_REFUSED');
    });
  });
});

describe('the widget session before any chat (visitors)', () => {
  const WELCOME = { type: 'welcome', visitorToken: TOKEN, chatId: null, state: null, lastSeq: 0, limits: { maxTextLength: 4000, maxFrameBytes: 20000 } } as const;

  it('given a page load with a stored token when the widget loads then it says hello with the token and sends the page with its title and referrer; an in-page navigation sends the new page without referrer', () => {
    FakeSocket.all = [];
    const env = fakeEnv();
    let page = 'https://shop.example/bikes';
    const storage = memoryStorage();
    storage.setItem('switchboard.chat:http://cc.example:8080', JSON.stringify({ visitorToken: TOKEN, outbox: [] }));
    const session = new WidgetSession({ origin: 'http://cc.example:8080', queue: 'q-chat', storage, env: { ...env, page: () => page, title: () => 'Bikes', referrer: () => 'https://www.bing.com/search?q=bike' } });
    session.visit();
    const s = last();
    s.open();
    s.frame(WELCOME);
    expect(s.sent).toEqual([
      { type: 'hello', visitorToken: TOKEN },
      { type: 'page_view', url: 'https://shop.example/bikes', title: 'Bikes', referrer: 'https://www.bing.com/search?q=bike' },
    ]);
    expect(session.view()).toMatchObject({ phase: 'idle', link: 'open' });
    session.pageChanged(); // same address: nothing
    page = 'https://shop.example/bikes/42';
    session.pageChanged();
    expect(s.sent.at(-1)).toEqual({ type: 'page_view', url: 'https://shop.example/bikes/42', title: 'Bikes' });
    expect(s.sent).toHaveLength(3);

    // The link drops: the visit socket comes back and tells the page again.
    s.drop();
    env.advance(60_000);
    const again = last();
    expect(again).not.toBe(s);
    again.open();
    again.frame(WELCOME);
    expect(again.sent).toEqual([
      { type: 'hello', visitorToken: TOKEN },
      { type: 'page_view', url: 'https://shop.example/bikes/42', title: 'Bikes' },
    ]);
  });
});

describe('the widget session and invitations', () => {
  const WELCOME = { type: 'welcome', visitorToken: TOKEN, chatId: null, state: null, lastSeq: 0, limits: { maxTextLength: 4000, maxFrameBytes: 20000 } } as const;

  it('given an invitation while browsing when the visitor accepts then the answer goes, the chat starts waiting, and started/assigned connect it', () => {
    FakeSocket.all = [];
    const env = fakeEnv();
    const session = new WidgetSession({ origin: 'http://cc.example:8080', queue: 'q-chat', storage: memoryStorage(), env });
    session.visit();
    const s = last();
    s.open();
    s.frame(WELCOME);
    s.frame({ type: 'invitation', invitationId: 'inv-1', agentName: 'Alice', message: 'Hi!', expiresAt: 0 });
    expect(session.view().invitation).toEqual({ id: 'inv-1', agentName: 'Alice', message: 'Hi!' });
    session.answerInvitation(true);
    expect(s.sent.at(-1)).toEqual({ type: 'invitation_answer', invitationId: 'inv-1', accept: true });
    expect(session.view().phase).toBe('waiting');
    expect(session.view().invitation).toBeUndefined();
    s.frame({ type: 'started', chatId: 'chat-9' });
    s.frame({ type: 'assigned', agentName: 'Alice' });
    expect(session.view()).toMatchObject({ phase: 'connected', agentName: 'Alice', link: 'open' });
  });

  it('given an invitation when the visitor declines, or accepts too late, then it goes away, and a late acceptance returns to the start button with the reason', () => {
    FakeSocket.all = [];
    const session = new WidgetSession({ origin: 'http://cc.example:8080', queue: 'q-chat', storage: memoryStorage(), env: fakeEnv() });
    session.visit();
    const s = last();
    s.open();
    s.frame(WELCOME);
    s.frame({ type: 'invitation', invitationId: 'inv-1', agentName: null, message: '', expiresAt: 0 });
    session.answerInvitation(false);
    expect(s.sent.at(-1)).toEqual({ type: 'invitation_answer', invitationId: 'inv-1', accept: false });
    expect(session.view().phase).toBe('idle');
    expect(session.view().invitation).toBeUndefined();
    s.frame({ type: 'invitation', invitationId: 'inv-2', agentName: null, message: '', expiresAt: 0 });
    session.answerInvitation(true);
    s.frame({ type: 'error', code: 'INVITATION_EXPIRED', message: 'The invitation has expired', where: '/invitationId' });
    expect(session.view()).toMatchObject({ phase: 'idle', error: { code: 'INVITATION_EXPIRED' } });
  });
});
