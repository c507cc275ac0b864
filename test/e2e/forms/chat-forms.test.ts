/**
 * Issue 21: forms and surveys in chat over the real widget socket and the agent's routes. A form
 * sent by the agent is answered by the visitor and shows on the chat and on the customer (and,
 * when chosen, on a ticket); bad answers are refused with coded errors and nothing stored; a
 * survey answered twice is refused; a channel's pre-chat form is required before the chat starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatWorld, Visitor, type ChatWorld } from '../chat/chat-world.js';
import { CONTACT_FORM, PRECHAT_FORM, SATISFACTION_SURVEY } from './forms-fixtures.js';

describe('forms and surveys in chat', () => {
  let w: ChatWorld;
  let formId: string;
  let surveyId: string;
  const sockets: Visitor[] = [];

  beforeAll(async () => {
    w = await startChatWorld({ chatCapacity: 10 });
    formId = (await w.t.inject({ method: 'POST', url: '/api/forms', headers: w.admin, payload: { name: 'Contact details', definition: CONTACT_FORM } })).json().id as string;
    surveyId = (await w.t.inject({ method: 'POST', url: '/api/forms', headers: w.admin, payload: { name: 'Satisfaction', definition: SATISFACTION_SURVEY } })).json().id as string;
  }, 60_000);
  afterAll(async () => {
    for (const s of sockets) await s.close();
    await w?.close();
  });

  async function activeChat(channel?: string): Promise<{ visitor: Visitor; chatId: string }> {
    const visitor = await Visitor.connect(w.wsUrl);
    sockets.push(visitor);
    await visitor.request({ type: 'hello', ...(channel ? { channel } : {}) }, 'welcome');
    const chatId = ((await visitor.request({ type: 'start', queue: w.queueId }, 'started')) as { chatId: string }).chatId;
    await visitor.next('assigned');
    return { visitor, chatId };
  }
  const send = (chatId: string, payload: Record<string, unknown>) => w.t.inject({ method: 'POST', url: `/api/chats/${chatId}/forms`, headers: w.alice, payload });
  const answers = async (chatId: string) => w.t.db.selectFrom('chat_form_answers').select(['answers', 'client_id']).where('chat_id', '=', chatId).execute();

  it('given an agent sends a form when the visitor fills it in then the answers show on the chat, the customer and the chosen ticket', async () => {
    const { visitor, chatId } = await activeChat();
    expect((await send(chatId, { formId: surveyId, toChatTicket: true })).json()).toMatchObject({ code: 'FORM_CHAT_NO_TICKET', details: { where: '/toChatTicket' } });
    const ticket = await w.t.inject({ method: 'POST', url: '/api/tickets', headers: w.alice, payload: { subject: 'Bike repair', chatId } });
    expect(ticket.statusCode, ticket.body).toBe(201);
    const ticketId = ticket.json().id as string;
    const linked = await w.t.inject({ method: 'POST', url: `/api/tickets/${ticketId}/chats`, headers: w.alice, payload: { chatId } });
    expect(linked.statusCode, linked.body).toBe(200);
    const sent = await send(chatId, { formId, toChatTicket: true });
    expect(sent.statusCode, sent.body).toBe(201);
    const frame = await visitor.next('form');
    expect(frame).toMatchObject({ requestId: sent.json().requestId, kind: 'form', title: CONTACT_FORM.title, answered: false });

    const saved = await visitor.request({ type: 'form_answer', clientId: 'f1', requestId: frame.requestId, answers: { full_name: ' 王小明 ', phone: '+86 138 0013 8000', bikes: 2, bought_on: '2026-03-01', topic: 'repair' } }, 'form_saved');
    expect(saved).toEqual({ type: 'form_saved', clientId: 'f1', requestId: frame.requestId });
    // A resend after a reconnect: the same answer, stored once.
    expect(await visitor.request({ type: 'form_answer', clientId: 'f1', requestId: frame.requestId, answers: { full_name: '王小明', phone: '+86 138 0013 8000', topic: 'repair' } }, 'form_saved')).toMatchObject({ type: 'form_saved' });
    expect(await answers(chatId)).toEqual([{ client_id: 'f1', answers: { full_name: '王小明', phone: '+86 138 0013 8000', bikes: 2, bought_on: '2026-03-01', topic: 'repair' } }]);

    const onChat = await w.t.inject({ method: 'GET', url: `/api/chats/${chatId}/forms`, headers: w.alice });
    expect(onChat.json().forms).toMatchObject([{ formId, version: 1, ticketId, answer: { answers: { full_name: '王小明', topic: 'repair' } } }]);

    const visitorId = (await w.t.db.selectFrom('chats').select('visitor_id').where('id', '=', chatId).executeTakeFirstOrThrow()).visitor_id;
    const customer = await w.t.inject({ method: 'POST', url: '/api/customers', headers: w.admin, payload: { name: 'Wang Xiaoming', chatVisitors: [visitorId] } });
    expect(customer.statusCode, customer.body).toBe(201);
    const onCustomer = await w.t.inject({ method: 'GET', url: `/api/customers/${customer.json().id}/form-answers`, headers: w.alice });
    expect(onCustomer.json().forms).toMatchObject([{ chatId, name: 'Contact details', answer: { answers: { phone: '+86 138 0013 8000' } } }]);

    const detail = await w.t.inject({ method: 'GET', url: `/api/tickets/${ticketId}`, headers: w.alice });
    const notes = (detail.json().replies as { visibility: string; body: string }[]).filter((r) => r.visibility === 'internal');
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toContain('Name / 姓名: 王小明');
    expect(notes[0]?.body).toContain('Topic / 咨询类型: Repair');
  });

  it('given invalid answers then each is refused with a coded error naming the field and nothing is stored', async () => {
    const { visitor, chatId } = await activeChat();
    const requestId = (await send(chatId, { formId })).json().requestId as string;
    await visitor.next('form');
    const cases: [Record<string, string | number>, string, string][] = [
      [{ phone: '+86 138 0013 8000', topic: 'repair' }, 'FORM_FIELD_REQUIRED', '/answers/full_name'],
      [{ full_name: 'A', phone: '+86 138 0013 8000', topic: 'repair', bikes: 'two' }, 'FORM_FIELD_INVALID', '/answers/bikes'],
      [{ full_name: 'A', phone: '+86 138 0013 8000', topic: 'repair', bikes: 21 }, 'FORM_FIELD_INVALID', '/answers/bikes'],
      [{ full_name: 'A', phone: 'call me', topic: 'repair' }, 'FORM_FIELD_INVALID', '/answers/phone'],
      [{ full_name: 'A', phone: '+86 138 0013 8000', topic: 'refund', bought_on: '2026-02-30' }, 'FORM_FIELD_INVALID', '/answers/bought_on'],
      [{ full_name: 'A', phone: '+86 138 0013 8000', topic: 'other' }, 'FORM_FIELD_INVALID', '/answers/topic'],
      [{ full_name: 'A', phone: '+86 138 0013 8000', topic: 'repair', colour: 'red' }, 'FORM_FIELD_UNKNOWN', '/answers/colour'],
    ];
    for (const [i, [given, code, where]] of cases.entries()) {
      const refused = await visitor.request({ type: 'form_answer', clientId: `bad${i}`, requestId, answers: given }, 'form_saved');
      expect(refused, JSON.stringify(given)).toMatchObject({ type: 'error', code, where, clientId: `bad${i}` });
    }
    const wrongShape = await visitor.request({ type: 'form_answer', clientId: 'bad-shape', requestId, answers: { full_name: true } } as Record<string, unknown>, 'form_saved');
    expect(wrongShape).toMatchObject({ type: 'error', code: 'VALIDATION_FAILED' });
    expect(await answers(chatId)).toEqual([]);

    const stranger = await Visitor.connect(w.wsUrl);
    sockets.push(stranger);
    await stranger.request({ type: 'hello' }, 'welcome');
    expect(await stranger.request({ type: 'form_answer', clientId: 'x1', requestId, answers: { full_name: 'A', phone: '+8613800138000', topic: 'repair' } }, 'form_saved')).toMatchObject({ type: 'error', code: 'FORM_REQUEST_NOT_FOUND', where: '/requestId' });
    expect(await answers(chatId)).toEqual([]);
  });

  it('given a survey answered once when it is answered again then SURVEY_ALREADY_ANSWERED and the first answer stands', async () => {
    const { visitor, chatId } = await activeChat();
    const requestId = (await send(chatId, { formId: surveyId })).json().requestId as string;
    await visitor.next('form');
    expect(await visitor.request({ type: 'form_answer', clientId: 's1', requestId, answers: { score: 5, recommend: 10, comment: '很好' } }, 'form_saved')).toMatchObject({ type: 'form_saved' });
    const again = await visitor.request({ type: 'form_answer', clientId: 's2', requestId, answers: { score: 1 } }, 'form_saved');
    expect(again).toMatchObject({ type: 'error', code: 'SURVEY_ALREADY_ANSWERED', where: '/requestId', clientId: 's2' });
    expect(await answers(chatId)).toEqual([{ client_id: 's1', answers: { score: 5, recommend: 10, comment: '很好' } }]);
  });

  it('given a reconnecting widget then the chat’s forms come back with whether each was answered', async () => {
    const { visitor, chatId } = await activeChat();
    const requestId = (await send(chatId, { formId: surveyId })).json().requestId as string;
    await visitor.next('form');
    await visitor.request({ type: 'form_answer', clientId: 'r1', requestId, answers: { score: 4 } }, 'form_saved');
    const token = (visitor.frames.find((f) => f.type === 'welcome') as { visitorToken: string }).visitorToken;
    const again = await Visitor.connect(w.wsUrl);
    sockets.push(again);
    await again.request({ type: 'hello', visitorToken: token, chatId }, 'welcome');
    expect(await again.next('form')).toMatchObject({ requestId, answered: true });
  });

  it('given the agent does not serve the chat or the form is unknown then the send is refused', async () => {
    const { chatId } = await activeChat();
    expect((await send(chatId, { formId: 'nope' })).json()).toMatchObject({ code: 'FORM_NOT_FOUND' });
    const bob = await w.t.deps.users.create({ username: 'bob-forms', roles: ['agent'], password: w.t.password }, {});
    expect(bob.user.id).toBeTruthy();
    const bobHeaders = (await w.t.login('agent', 'bob-forms')).headers;
    const refused = await w.t.inject({ method: 'POST', url: `/api/chats/${chatId}/forms`, headers: bobHeaders, payload: { formId } });
    expect(refused.statusCode).toBe(403);
    expect((await w.t.inject({ method: 'GET', url: `/api/chats/${chatId}/forms`, headers: bobHeaders })).statusCode).toBe(403);
    expect((await w.t.inject({ method: 'POST', url: '/api/forms', headers: w.alice, payload: { name: 'x', definition: CONTACT_FORM } })).statusCode).toBe(403);
  });

  it('given a channel asks a pre-chat form then start without it is refused, with it the chat starts named and the agent sees the answers', async () => {
    const prechatId = (await w.t.inject({ method: 'POST', url: '/api/forms', headers: w.admin, payload: { name: 'Pre-chat', definition: PRECHAT_FORM } })).json().id as string;
    const set = await w.t.inject({ method: 'PUT', url: '/api/forms-prechat/mobile_web', headers: w.admin, payload: { formId: prechatId } });
    expect(set.json()).toEqual({ channels: { mobile_web: prechatId } });

    const visitor = await Visitor.connect(w.wsUrl);
    sockets.push(visitor);
    await visitor.request({ type: 'hello', channel: 'mobile_web' }, 'welcome');
    const asked = await visitor.next('prechat_form');
    expect(asked).toMatchObject({ formId: prechatId, version: 1, title: PRECHAT_FORM.title });
    // Before the welcome, so a widget whose start was pressed early shows the form instead.
    expect(visitor.frames.map((f) => f.type).filter((t) => t === 'prechat_form' || t === 'welcome')).toEqual(['prechat_form', 'welcome']);
    const chatsBefore = (await w.t.db.selectFrom('chats').select('id').execute()).length;
    expect(await visitor.request({ type: 'start', queue: w.queueId }, 'started')).toMatchObject({ type: 'error', code: 'FORM_PRECHAT_REQUIRED', where: '/prechat' });
    const bad = await visitor.request({ type: 'start', queue: w.queueId, prechat: { formId: prechatId, version: 1, clientId: 'p1', answers: { name: 'Li', email: 'not-an-email' } } }, 'started');
    expect(bad).toMatchObject({ type: 'error', code: 'FORM_FIELD_INVALID', where: '/prechat/answers/email', clientId: 'p1' });
    expect((await w.t.db.selectFrom('chats').select('id').execute()).length).toBe(chatsBefore);

    const started = await visitor.request({ type: 'start', queue: w.queueId, prechat: { formId: prechatId, version: 1, clientId: 'p2', answers: { name: '李雷', email: 'li@example.cn' } } }, 'started');
    const chatId = (started as { chatId: string }).chatId;
    await visitor.next('assigned');
    await w.settle();
    const summary = (await w.t.inject({ method: 'GET', url: '/api/chats', headers: w.alice })).json().active.find((c: { id: string }) => c.id === chatId);
    expect(summary).toMatchObject({ visitorName: '李雷' });
    const forms = (await w.t.inject({ method: 'GET', url: `/api/chats/${chatId}/forms`, headers: w.alice })).json().forms;
    expect(forms).toMatchObject([{ prechat: true, formId: prechatId, answer: { answers: { name: '李雷', email: 'li@example.cn' } } }]);

    // Another channel asks nothing: its chats start at once.
    const web = await activeChat('web');
    expect(web.chatId).toBeTruthy();
    await w.t.inject({ method: 'PUT', url: '/api/forms-prechat/mobile_web', headers: w.admin, payload: { formId: null } });
  });

  it('given a form is changed after it was answered then the answer is still read against the version it answered', async () => {
    const { visitor, chatId } = await activeChat();
    const requestId = (await send(chatId, { formId: surveyId })).json().requestId as string;
    await visitor.next('form');
    await visitor.request({ type: 'form_answer', clientId: 'v1', requestId, answers: { score: 3 } }, 'form_saved');
    const changed = { ...SATISFACTION_SURVEY, fields: [{ name: 'stars', kind: 'scale', label: { en: 'Stars', zh: '星级' }, required: true, min: 1, max: 10 }] };
    const put = await w.t.inject({ method: 'PUT', url: `/api/forms/${surveyId}`, headers: w.admin, payload: { name: 'Satisfaction', definition: changed } });
    expect(put.json()).toMatchObject({ version: 2 });
    const forms = (await w.t.inject({ method: 'GET', url: `/api/chats/${chatId}/forms`, headers: w.alice })).json().forms;
    expect(forms[0]).toMatchObject({ version: 1, definition: { fields: [{ name: 'score' }, { name: 'recommend' }, { name: 'comment' }] }, answer: { answers: { score: 3 } } });
    const invalid = await w.t.inject({ method: 'PUT', url: `/api/forms/${surveyId}`, headers: w.admin, payload: { name: 'Satisfaction', definition: { ...SATISFACTION_SURVEY, fields: [{ name: 'score', kind: 'scale', label: { en: 'S', zh: '分' }, required: true }] } } });
    expect(invalid.json()).toMatchObject({ code: 'FORM_INVALID', details: { where: '/definition/fields/0/min' } });
  });
});
