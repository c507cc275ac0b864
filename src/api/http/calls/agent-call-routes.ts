/** The agent toolbar's call controls: every route acts on the caller's own call (agent.self). */
import type { FastifyInstance } from 'fastify';
import type { ConsultTarget, TransferTarget } from '../../../calls/call-control.js';
import { errorBodySchema } from '../schemas.js';
import { agentOf, type CallRouteDeps } from './call-route-deps.js';
import { bodyErrors as inBody } from '../config/body-errors.js';
import { callIdParams, callResponse, consultBody, dialBody, dtmfBody, liveCallSchema, muteBody, recordingBody, transferBody } from './call-schemas.js';

const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
type Params = { Params: { id: string } };

export async function registerAgentCallRoutes(app: FastifyInstance, deps: CallRouteDeps): Promise<void> {
  const { control } = deps;

  app.get(
    '/api/calls/mine',
    {
      config: { permission: 'agent.self' },
      schema: {
        summary: "The caller's current call (ringing, talking, consulting), or null",
        tags: ['calls'],
        response: { 200: { type: 'object', required: ['call'], properties: { call: { anyOf: [liveCallSchema, { type: 'null' }] } } }, 403: errorBodySchema },
      },
    },
    async (request) => ({ call: control.callOfAgent(agentOf(request)) ?? null }),
  );

  app.post<{ Body: { number: string; callerId?: string } }>(
    '/api/calls/dial',
    {
      config: { permission: 'agent.self' },
      schema: {
        summary: "Click-to-dial: the agent's phone rings first, then the number, which sees `callerId` (one of the configured caller ids) as the caller",
        tags: ['calls'],
        body: dialBody,
        response: { 201: callResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { number, callerId } = request.body;
      const call = await inBody(() => control.dial(agentOf(request), number, callerId !== undefined ? { callerId } : {}));
      return reply.status(201).send({ call });
    },
  );

  app.post<Params & { Body: { digits: string } }>(
    '/api/calls/:id/dtmf',
    {
      config: { permission: 'agent.self' },
      schema: {
        summary: 'Send keypad tones to the party the agent talks with (an IVR they called); 409 unless the call is connected',
        tags: ['calls'],
        params: callIdParams,
        body: dtmfBody,
        response: { 200: callResponse, ...errors },
      },
    },
    async (request) => {
      await inBody(() => control.sendDtmf(request.params.id, agentOf(request), request.body.digits));
      return { call: control.view(request.params.id) };
    },
  );

  /** A control without a body: run it, answer with the call as it is now. */
  const simple = (path: string, summary: string, act: (callId: string, agentId: string) => void | Promise<void>): void => {
    app.post<Params>(
      `/api/calls/:id/${path}`,
      { config: { permission: 'agent.self' }, schema: { summary, tags: ['calls'], params: callIdParams, response: { 200: callResponse, ...errors } } },
      async (request) => {
        await act(request.params.id, agentOf(request));
        return { call: control.view(request.params.id) };
      },
    );
  };
  simple('hold', 'Put the customer on hold (music)', (c, a) => control.hold(c, a));
  simple('unhold', 'Take the customer off hold', (c, a) => control.unhold(c, a));
  simple('consult/complete', 'Attended transfer: hand the customer to the consulted party', (c, a) => control.completeTransfer(c, a));
  simple('consult/cancel', 'Attended transfer: drop the consulted party, back to the customer', (c, a) => control.cancelConsult(c, a));
  simple('conference', 'Join customer, agent and consulted party in a three-way call', (c, a) => control.conference(c, a));

  app.post<Params & { Body: { muted: boolean } }>(
    '/api/calls/:id/mute',
    {
      config: { permission: 'agent.self' },
      schema: { summary: "Mute or unmute the agent's microphone", tags: ['calls'], params: callIdParams, body: muteBody, response: { 200: callResponse, ...errors } },
    },
    async (request) => {
      await control.mute(request.params.id, agentOf(request), request.body.muted);
      return { call: control.view(request.params.id) };
    },
  );

  app.post<Params & { Body: { paused: boolean } }>(
    '/api/calls/:id/recording',
    {
      config: { permission: 'agent.self' },
      schema: { summary: "Pause or resume the call's recording (card details)", tags: ['calls'], params: callIdParams, body: recordingBody, response: { 200: callResponse, ...errors } },
    },
    async (request) => {
      await control.setRecordingPaused(request.params.id, agentOf(request), request.body.paused);
      return { call: control.view(request.params.id) };
    },
  );

  app.post<Params & { Body: { target: TransferTarget } }>(
    '/api/calls/:id/transfer',
    {
      config: { permission: 'agent.self' },
      schema: { summary: 'Blind transfer to a queue, an agent or an external number', tags: ['calls'], params: callIdParams, body: transferBody, response: { 204: { type: 'null' }, ...errors } },
    },
    async (request, reply) => {
      control.transferBlind(request.params.id, agentOf(request), request.body.target);
      return reply.status(204).send();
    },
  );

  app.post<Params & { Body: { target: ConsultTarget } }>(
    '/api/calls/:id/consult',
    {
      config: { permission: 'agent.self' },
      schema: { summary: 'Attended transfer, first step: call an agent or a number while the customer waits', tags: ['calls'], params: callIdParams, body: consultBody, response: { 200: callResponse, ...errors } },
    },
    async (request) => {
      control.consult(request.params.id, agentOf(request), request.body.target);
      return { call: control.view(request.params.id) };
    },
  );

  app.post<Params>(
    '/api/calls/:id/hangup',
    {
      config: { permission: 'agent.self' },
      schema: { summary: "Hang up the agent's own leg", tags: ['calls'], params: callIdParams, response: { 204: { type: 'null' }, ...errors } },
    },
    async (request, reply) => {
      await control.hangup(request.params.id, agentOf(request));
      return reply.status(204).send();
    },
  );
}
