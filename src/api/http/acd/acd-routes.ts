import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditLog } from '../../../accounts/audit.js';
import type { Clock } from '../../../core/clock.js';
import { AppError } from '../../../core/errors.js';
import type { RealtimeStats } from '../../../acd/realtime-stats.js';
import type { RoutingService } from '../../../acd/routing-service.js';
import type { AgentSnapshot, QueueSnapshot } from '../../../acd/routing-api.js';
import { forceTransferContact, type CallMover } from '../../../supervision/contact-transfer.js';
import { requireAgentInScope, type TeamsOfAgent } from '../../team-scope.js';
import { deskSchema, idParams, offerViewSchema, queueLiveSchema, realtimeSchema, reasonField, SETTABLE_STATES, WAITING_PAGE, waitingListQuery, waitingListSchema } from './acd-schemas.js';

export interface AcdRouteDeps {
  acd: RoutingService;
  realtime: RealtimeStats;
  clock: Clock;
  audit?: AuditLog;
  /** Teams of an agent (default: the routing engine's agent profile); team leads act within theirs. */
  teamsOfAgent?: TeamsOfAgent;
  /** The agent's fixed or browser phone when configured so (it wins over a phone chosen at login). */
  fixedPhone?: (agentId: string) => Promise<string | undefined>;
  /** The call a voice or callback contact belongs to, so a reloaded toolbar can wrap it up. */
  callOfContact?: (contactId: string) => Promise<string | undefined>;
  /** Moves a voice contact's live call (a supervisor's force-transfer); the engine alone moves the rest. */
  calls?: CallMover;
}

type Settable = (typeof SETTABLE_STATES)[number];

/**
 * What the toolbar needs to draw itself after a reload: the state and since when, each contact on
 * the desk with its call and wrap-up deadline, and the server's clock to count from (the
 * browser's may be off by seconds).
 */
function desk(a: AgentSnapshot, now: number, callIds: ReadonlyMap<string, string>) {
  const wrapEnds = a.work.flatMap((w) => (w.phase === 'wrap_up' && w.wrapUpEndsAt !== null ? [w.wrapUpEndsAt] : []));
  return {
    agentId: a.id,
    state: a.state,
    presence: a.presence,
    reason: a.reason,
    phone: a.phone,
    chatCapacity: a.chatCapacity,
    stateSince: a.stateSince,
    // The state leaves wrap_up when the last of its wrap-ups ends.
    wrapUpEndsAt: a.state === 'wrap_up' && wrapEnds.length > 0 ? Math.max(...wrapEnds) : null,
    serverTime: now,
    loginAt: a.loginAt,
    missedOffers: a.missedOffers,
    work: a.work.map((w) => {
      const callId = callIds.get(w.contactId);
      return callId ? { ...w, callId } : w;
    }),
    offers: a.openOffers,
  };
}

/** The caller's own agent id; a user who is not an agent has no desk. */
function selfAgent(request: FastifyRequest): string {
  const agentId = request.principal?.agentId;
  if (!agentId) throw new AppError('NOT_AN_AGENT', 'You are not set up as an agent', { userId: request.principal?.userId });
  return agentId;
}

/** The offer must be one of the caller's: another agent's offer id is simply not found. */
function ownOffer(deps: AcdRouteDeps, agentId: string, offerId: string): void {
  if (!deps.acd.openOffers(agentId).some((o) => o.id === offerId)) throw new AppError('OFFER_NOT_FOUND', `offer ${offerId} is not open for you`, { offerId });
}

/**
 * Agent desk (agent.self), supervisor commands on agents and contacts (agent.force_state) and the
 * real-time view (realtime.view). Errors leave through the server's handler as {code, message, details}.
 */
export async function registerAcdRoutes(app: FastifyInstance, deps: AcdRouteDeps): Promise<void> {
  const self = { permission: 'agent.self' } as const;
  const force = { permission: 'agent.force_state' } as const;
  const tags = ['acd'];
  const ok = { 200: deskSchema };
  const by = (r: FastifyRequest) => r.principal?.userId ?? 'unknown';
  // An unknown agent is in no team; the command itself then answers NOT_FOUND for supervisors.
  const teamsOfAgent: TeamsOfAgent = deps.teamsOfAgent ?? ((id) => deps.acd.teamsOf(id));
  const scopeAgent = (r: FastifyRequest, agentId: string, where: string) => requireAgentInScope(r, agentId, teamsOfAgent, where);
  /** A contact handled by an agent outside the lead's teams is as out of reach as that agent. */
  const scopeContact = (r: FastifyRequest, contactId: string) => {
    const agentId = deps.acd.contact(contactId).agentId;
    if (agentId) scopeAgent(r, agentId, '/params/id');
  };
  const deskOf = async (a: AgentSnapshot) => {
    const callIds = new Map<string, string>();
    for (const w of a.work) {
      if (w.media === 'chat' || !deps.callOfContact) continue;
      const callId = await deps.callOfContact(w.contactId);
      if (callId) callIds.set(w.contactId, callId);
    }
    return desk(a, deps.clock.now(), callIds);
  };
  const audit = async (r: FastifyRequest, action: string, target: string, details: Record<string, unknown>) => {
    await deps.audit?.record({ actorId: by(r), action, target, details, ip: r.ip });
  };

  app.get('/api/agent/desk', { config: self, schema: { summary: 'My agent state, contacts and ringing offers', tags, response: ok } }, async (r) =>
    deskOf(deps.acd.agentSnapshot(selfAgent(r))),
  );

  app.post<{ Body: { phone?: string; state?: 'available' | 'not_ready'; reason?: string; chatCapacity?: number } }>(
    '/api/agent/login',
    {
      config: self,
      schema: {
        summary: 'Log in, choosing the phone to ring and whether to start ready or not ready',
        tags,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            phone: { type: 'string', minLength: 1, maxLength: 100 },
            state: { type: 'string', enum: ['available', 'not_ready'] },
            reason: reasonField,
            chatCapacity: { type: 'integer', minimum: 0, maximum: 50 },
          },
        },
        response: ok,
      },
    },
    async (r) => {
      const agentId = selfAgent(r);
      const fixed = await deps.fixedPhone?.(agentId);
      const phone = fixed ?? r.body.phone;
      return deskOf(deps.acd.login(agentId, { ...r.body, ...(phone ? { phone } : {}), by: by(r) }));
    },
  );

  app.post('/api/agent/logout', { config: self, schema: { summary: 'Log out (not while on a live contact)', tags, response: ok } }, async (r) =>
    deskOf(deps.acd.logout(selfAgent(r), { by: by(r) })),
  );

  app.post<{ Body: { state: Settable; reason?: string } }>(
    '/api/agent/state',
    {
      config: self,
      schema: {
        summary: 'Become available, not ready (with a reason) or outbound',
        tags,
        body: { type: 'object', required: ['state'], additionalProperties: false, properties: { state: { type: 'string', enum: SETTABLE_STATES }, reason: reasonField } },
        response: ok,
      },
    },
    async (r) => deskOf(deps.acd.setState(selfAgent(r), r.body.state, { ...(r.body.reason ? { reason: r.body.reason } : {}), by: by(r) })),
  );

  app.post<{ Body: { capacity: number } }>(
    '/api/agent/chat-capacity',
    {
      config: self,
      schema: {
        summary: 'How many chats at once (0: none)',
        tags,
        body: { type: 'object', required: ['capacity'], additionalProperties: false, properties: { capacity: { type: 'integer', minimum: 0, maximum: 50 } } },
        response: ok,
      },
    },
    async (r) => deskOf(deps.acd.setChatCapacity(selfAgent(r), r.body.capacity)),
  );

  app.post<{ Params: { id: string } }>(
    '/api/agent/offers/:id/accept',
    { config: self, schema: { summary: 'Accept a ringing offer', tags, params: idParams, response: { 200: offerViewSchema } } },
    async (r) => {
      const agentId = selfAgent(r);
      ownOffer(deps, agentId, r.params.id);
      return deps.acd.acceptOffer(r.params.id);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/agent/offers/:id/reject',
    { config: self, schema: { summary: 'Reject a ringing offer (the contact keeps its place)', tags, params: idParams, response: ok } },
    async (r) => {
      const agentId = selfAgent(r);
      ownOffer(deps, agentId, r.params.id);
      deps.acd.declineOffer(r.params.id);
      return deskOf(deps.acd.agentSnapshot(agentId));
    },
  );

  app.get<{ Querystring: { limit?: number } }>(
    '/api/agent/waiting',
    {
      config: self,
      schema: {
        summary: `Contacts waiting in my queues, in line order, queue after queue: the first \`limit\` (default ${WAITING_PAGE.default}) and how many wait in all`,
        tags,
        querystring: waitingListQuery,
        response: { 200: waitingListSchema },
      },
    },
    async (r) => {
      const agentId = selfAgent(r);
      // A page, not the whole line: a queue may hold 100,000 callers, and rows cost ~1 µs each.
      let room = r.query.limit ?? WAITING_PAGE.default;
      let total = 0;
      const contacts: QueueSnapshot['contacts'] = [];
      for (const q of deps.acd.memberQueues(agentId)) {
        total += deps.acd.queueFigures(q).waiting.total;
        if (room <= 0) continue;
        const page = deps.acd.waitingPage(q, room);
        room -= page.length;
        contacts.push(...page);
      }
      return { contacts, total };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/agent/contacts/:id/take',
    { config: self, schema: { summary: 'Take a specific waiting contact (it is offered to me)', tags, params: idParams, response: { 200: offerViewSchema } } },
    async (r) => {
      const agentId = selfAgent(r);
      if (!deps.acd.memberQueues(agentId).includes(deps.acd.contact(r.params.id).queueId)) {
        throw new AppError('FORBIDDEN', 'That contact waits in a queue you do not serve', { contactId: r.params.id });
      }
      return deps.acd.takeContact(agentId, r.params.id);
    },
  );

  app.post<{ Body: { contactId?: string } }>(
    '/api/agent/wrap-up/finish',
    {
      config: self,
      schema: { summary: 'Finish after-contact work now', tags, body: { type: 'object', additionalProperties: false, properties: { contactId: { type: 'string', minLength: 1 } } }, response: ok },
    },
    async (r) => deskOf(deps.acd.finishWrapUp(selfAgent(r), r.body?.contactId)),
  );

  app.post<{ Body: { ms: number; contactId?: string } }>(
    '/api/agent/wrap-up/extend',
    {
      config: self,
      schema: {
        summary: 'Take more time for after-contact work',
        tags,
        body: { type: 'object', required: ['ms'], additionalProperties: false, properties: { ms: { type: 'integer', minimum: 1000, maximum: 3_600_000 }, contactId: { type: 'string', minLength: 1 } } },
        response: ok,
      },
    },
    async (r) => deskOf(deps.acd.extendWrapUp(selfAgent(r), r.body.ms, r.body.contactId)),
  );

  // ---- supervisors ----

  app.post<{ Params: { id: string }; Body: { state: Settable; reason?: string } }>(
    '/api/agents/:id/state',
    {
      config: force,
      schema: {
        summary: "Force an agent's state",
        tags,
        params: idParams,
        body: { type: 'object', required: ['state'], additionalProperties: false, properties: { state: { type: 'string', enum: SETTABLE_STATES }, reason: reasonField } },
        response: ok,
      },
    },
    async (r) => {
      scopeAgent(r, r.params.id, '/params/id');
      const out = deps.acd.forceState(r.params.id, r.body.state, r.body.reason, by(r));
      await audit(r, 'agent.force_state', `agent:${r.params.id}`, { state: r.body.state, ...(r.body.reason ? { reason: r.body.reason } : {}) });
      return deskOf(out);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/agents/:id/logout',
    { config: force, schema: { summary: 'Log an agent out (ringing offers are withdrawn; live contacts finish)', tags, params: idParams, response: ok } },
    async (r) => {
      scopeAgent(r, r.params.id, '/params/id');
      const out = deps.acd.forceLogout(r.params.id, by(r));
      await audit(r, 'agent.force_logout', `agent:${r.params.id}`, {});
      return deskOf(out);
    },
  );

  app.post<{ Params: { id: string }; Body: { agentId: string } }>(
    '/api/contacts/:id/assign',
    {
      config: force,
      schema: {
        summary: 'Offer a waiting contact to a chosen agent',
        tags,
        params: idParams,
        body: { type: 'object', required: ['agentId'], additionalProperties: false, properties: { agentId: { type: 'string', minLength: 1 } } },
        response: { 200: offerViewSchema },
      },
    },
    async (r) => {
      scopeContact(r, r.params.id);
      scopeAgent(r, r.body.agentId, '/body/agentId');
      const offer = deps.acd.assignContact(r.params.id, r.body.agentId, by(r));
      await audit(r, 'contact.assign', `contact:${r.params.id}`, { agentId: r.body.agentId });
      return offer;
    },
  );

  app.post<{ Params: { id: string }; Body: { agentId?: string; queueId?: string } }>(
    '/api/contacts/:id/transfer',
    {
      config: force,
      schema: {
        summary: 'Move an active contact to another agent or back into a queue',
        tags,
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          maxProperties: 1,
          properties: { agentId: { type: 'string', minLength: 1 }, queueId: { type: 'string', minLength: 1 } },
        },
        response: { 200: { type: 'object', required: ['offer'], properties: { offer: { anyOf: [offerViewSchema, { type: 'null' }] } } } },
      },
    },
    async (r) => {
      scopeContact(r, r.params.id);
      if (r.body.agentId) scopeAgent(r, r.body.agentId, '/body/agentId');
      const target = r.body.agentId ? { agentId: r.body.agentId } : { queueId: r.body.queueId as string };
      const offer = forceTransferContact(deps.acd, deps.calls, r.params.id, target, by(r));
      await audit(r, 'contact.force_transfer', `contact:${r.params.id}`, target);
      return { offer };
    },
  );

  // ---- real-time view ----

  app.get(
    '/api/realtime',
    { config: { permission: 'realtime.view' }, schema: { summary: 'Live queue and team figures (folded from the event stream); team leads see their own teams', tags, response: { 200: realtimeSchema } } },
    async (r) => {
      const view = deps.realtime.view(deps.clock.now());
      const p = r.principal;
      const seesAll = p !== undefined && (p.roles.includes('supervisor') || p.roles.includes('admin'));
      if (seesAll) return view;
      const led = new Set(p?.ledTeamIds ?? []);
      return { ...view, teams: view.teams.filter((t) => led.has(t.teamId)) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/realtime/queues/:id',
    { config: { permission: 'realtime.view' }, schema: { summary: 'One queue live: contacts in line order, staffing, estimated wait', tags, params: idParams, response: { 200: queueLiveSchema } } },
    async (r) => deps.acd.queueSnapshot(r.params.id),
  );
}
