/**
 * Leaving a message through the widget's own socket with the visitor token: offered when nobody
 * can serve (or when asked) with the channel's templates; stored once per client id as a ticket
 * the visitor owns; a bad field refused with its code and nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../../src/chat/protocol.js';
import { startChatWorld, Visitor, type ChatWorld } from '../chat/chat-world.js';

const fields = [
  { name: 'name', label: { en: 'Your name', zh: '您的姓名' }, kind: 'text', required: true },
  { name: 'email', label: { en: 'Email', zh: '电子邮件' }, kind: 'email', required: true },
  { name: 'message', label: { en: 'Message', zh: '留言' }, kind: 'long_text', required: true },
];

describe('leaving a message in the chat widget', () => {
  // Alice is logged in with chat capacity 0: nobody can serve a chat.
  let w: ChatWorld;
  let webTemplate = '';
  let salesTemplate = '';
  let appTemplate = '';
  const sockets: Visitor[] = [];
  const connect = async (hello: Record<string, unknown> = {}) => {
    const v = await Visitor.connect(w.wsUrl);
    sockets.push(v);
    const welcome = await v.request({ type: 'hello', ...hello }, 'welcome');
    if (welcome.type !== 'welcome') throw new Error(JSON.stringify(welcome));
    return { v, token: welcome.visitorToken };
  };
  const template = async (channel: string, businessLine: string, name: string) => {
    const res = await w.t.inject({ method: 'POST', url: '/api/leave-message-templates', headers: w.admin, payload: { channel, businessLine, name: { en: name, zh: `${name}（中文）` }, fields } });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().id as string;
  };
  const counts = async () => ({
    tickets: Number((await w.t.db.selectFrom('tickets').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
    left: Number((await w.t.db.selectFrom('left_messages').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
  });
  const good = { name: 'Vera', email: 'vera@example.com', message: 'My order 4711 never came.\nPlease call.' };

  beforeAll(async () => {
    w = await startChatWorld({ chatCapacity: 0 });
    webTemplate = await template('web', 'after_sales', 'After-sales');
    salesTemplate = await template('web', 'pre_sales', 'Pre-sales');
    appTemplate = await template('app', 'after_sales', 'App after-sales');
  });
  afterAll(async () => {
    for (const s of sockets) await s.close();
    await w.close();
  });

  it('given no agent with chat capacity when a web visitor starts a chat then it is started and the web templates are offered (reason no_agent)', async () => {
    const { v } = await connect();
    expect((await v.request({ type: 'start', queue: w.queueId }, 'started')).type).toBe('started');
    const offer = await v.next('leave_message_offer');
    expect(offer.reason).toBe('no_agent');
    expect(offer.templates.map((t) => [t.id, t.name])).toEqual([
      [webTemplate, { en: 'After-sales', zh: 'After-sales（中文）' }],
      [salesTemplate, { en: 'Pre-sales', zh: 'Pre-sales（中文）' }],
    ]);
    expect(offer.templates[0]?.fields).toEqual(fields);
  });

  it('given no queue named and none configured when starting then CHAT_NO_QUEUE and an offer (reason closed)', async () => {
    const { v } = await connect();
    const since = v.frames.length;
    expect(await v.request({ type: 'start' }, 'started')).toMatchObject({ type: 'error', code: 'CHAT_NO_QUEUE' });
    expect((await v.next('leave_message_offer', () => true, since)).reason).toBe('closed');
  });

  it('given an app visitor who asks when offered then only the app channel’s template', async () => {
    const { v } = await connect({ channel: 'app' });
    const offer = await v.request({ type: 'leave_message_options' }, 'leave_message_offer');
    expect(offer).toMatchObject({ type: 'leave_message_offer', reason: 'asked' });
    expect(offer.type === 'leave_message_offer' ? offer.templates.map((t) => t.id) : []).toEqual([appTemplate]);
  });

  it('given a left message sent twice with one client id (the second on a new socket) then one ticket, owned by the visitor, listed in their tickets', async () => {
    const before = await counts();
    const { v, token } = await connect();
    const frame = { type: 'leave_message', clientId: 'lm-1', templateId: webTemplate, fields: good };
    const first = await v.request(frame, 'left_message');
    expect(first).toMatchObject({ type: 'left_message', clientId: 'lm-1' });
    const ticketId = first.type === 'left_message' ? first.ticketId : '';

    const { v: again } = await connect({ visitorToken: token });
    expect(await again.request(frame, 'left_message')).toEqual({ type: 'left_message', clientId: 'lm-1', ticketId });
    expect(await counts()).toEqual({ tickets: before.tickets + 1, left: before.left + 1 });

    const stored = await w.t.db.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ subject: 'After-sales: My order 4711 never came.', status: 'new', description: 'Your name: Vera\nEmail: vera@example.com\nMessage: My order 4711 never came.\nPlease call.' });
    const mine = await again.request({ type: 'tickets' }, 'tickets');
    expect(mine.type === 'tickets' ? mine.tickets.map((t) => [t.id, t.status]) : []).toEqual([[ticketId, 'new']]);
  });

  it('given a customer known by the e-mail the visitor gives when the message is left then the ticket is that customer\'s, and its detail lists the fields with their labels', async () => {
    const made = await w.t.inject({ method: 'POST', url: '/api/customers', headers: w.admin, payload: { name: 'Vera Kowalski', emails: ['Vera.K@example.com'] } });
    expect(made.statusCode).toBe(201);
    const { v } = await connect();
    const left = await v.request({ type: 'leave_message', clientId: 'lm-known', templateId: webTemplate, fields: { ...good, email: 'vera.k@EXAMPLE.com' } }, 'left_message');
    const ticketId = left.type === 'left_message' ? left.ticketId : '';
    const detail = await w.t.inject({ method: 'GET', url: `/api/tickets/${ticketId}`, headers: w.admin });
    expect(detail.statusCode).toBe(200);
    expect(detail.json().ticket.customerId).toBe(made.json().id);
    expect(detail.json().leftMessage).toEqual({
      templateId: webTemplate,
      templateName: { en: 'After-sales', zh: 'After-sales（中文）' },
      fields: [
        { name: 'name', label: fields[0]?.label, value: 'Vera' },
        { name: 'email', label: fields[1]?.label, value: 'vera.k@EXAMPLE.com' },
        { name: 'message', label: fields[2]?.label, value: good.message },
      ],
    });
    // A ticket made otherwise has none.
    const other = await w.t.inject({ method: 'POST', url: '/api/tickets', headers: w.admin, payload: { subject: 'By hand' } });
    expect((await w.t.inject({ method: 'GET', url: `/api/tickets/${other.json().id}`, headers: w.admin })).json().leftMessage).toBeNull();
  });

  it.each([
    ['an unknown field', { ...good, shoeSize: '42' }, 'MESSAGE_FIELD_UNKNOWN', '/fields/shoeSize'],
    ['a required field missing', { name: 'Vera', email: 'vera@example.com' }, 'MESSAGE_FIELD_REQUIRED', '/fields/message'],
    ['a bad email', { ...good, email: 'vera at example' }, 'MESSAGE_FIELD_INVALID', '/fields/email'],
  ])('given %s when leaving a message then its code naming the field, the client id, and nothing stored', async (_case, bad, code, where) => {
    const before = await counts();
    const { v } = await connect();
    const answer: ServerFrame = await v.request({ type: 'leave_message', clientId: 'lm-bad', templateId: webTemplate, fields: bad }, 'left_message');
    expect(answer).toMatchObject({ type: 'error', code, where, clientId: 'lm-bad' });
    expect(await counts()).toEqual(before);
    // The same client id with good fields is then taken: the refusal reserved nothing.
    expect((await v.request({ type: 'leave_message', clientId: 'lm-bad', templateId: webTemplate, fields: good }, 'left_message')).type).toBe('left_message');
  });

  it('given the app channel’s template on a web socket when leaving a message then TEMPLATE_NOT_FOUND and nothing stored', async () => {
    const before = await counts();
    const { v } = await connect();
    expect(await v.request({ type: 'leave_message', clientId: 'lm-x', templateId: appTemplate, fields: good }, 'left_message')).toMatchObject({ type: 'error', code: 'TEMPLATE_NOT_FOUND', where: '/templateId', clientId: 'lm-x' });
    expect(await counts()).toEqual(before);
  });

  it('given an agent with chat capacity when a visitor starts a chat then it is assigned and no leave-a-message offer comes', async () => {
    w.t.deps.contactCenter.acd.setChatCapacity(w.aliceId, 2);
    const { v } = await connect();
    await v.request({ type: 'start', queue: w.queueId }, 'started');
    await v.next('assigned');
    await w.settle();
    expect(v.frames.filter((f) => f.type === 'leave_message_offer')).toEqual([]);
  });

  it('given a leave_message before hello then CHAT_HELLO_REQUIRED', async () => {
    const v = await Visitor.connect(w.wsUrl);
    sockets.push(v);
    expect(await v.request({ type: 'leave_message', clientId: 'lm-y', templateId: webTemplate, fields: good }, 'left_message')).toMatchObject({ type: 'error', code: 'CHAT_HELLO_REQUIRED' });
  });
});
