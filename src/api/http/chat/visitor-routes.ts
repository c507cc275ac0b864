/**
 * Visitors before any chat (chat.visitors; agents and up): who is on the site now with the
 * widget, and one visitor's trail. Live updates: `visitor.changed` on /api/ws (topic `visitor`).
 * Not team-scoped: a visitor without a chat belongs to no queue or team yet.
 */
import type { FastifyInstance } from 'fastify';
import type { ChatService } from '../../../chat/chat-service.js';
import type { VisitService, VisitView } from '../../../chat/visit-service.js';
import { INVITATION_MESSAGE_MAX, type InvitationService } from '../../../chat/invitation-service.js';
import type { Clock } from '../../../core/clock.js';
import { AppError } from '../../../core/errors.js';
import { errorBodySchema } from '../schemas.js';
import { invitationSchema, visitorDetailSchema, visitorListSchema } from './visitor-schemas.js';

export interface VisitorRouteDeps {
  visits: VisitService;
  invitations: InvitationService;
  chat: ChatService;
  clock: Clock;
}

export async function registerVisitorRoutes(app: FastifyInstance, deps: VisitorRouteDeps): Promise<void> {
  const config = { permission: 'chat.visitors' } as const;
  const tags = ['chat'];

  // A visit on the site now is held in memory (the automatic invitations read it too); an old one is read once.
  const lastInvitation = async (visitId: string, online: boolean) => {
    const last = (await deps.invitations.ofVisit(visitId, { keep: online })).at(-1);
    return last ? { invitationId: last.id, agentName: last.agentName, ruleName: last.ruleName, createdAt: last.createdAt, answer: last.answer, answeredAt: last.answeredAt } : null;
  };

  const summary = async (v: VisitView) => ({
    visitorId: v.visit.visitorId,
    visitId: v.visit.id,
    online: v.online,
    startedAt: v.visit.startedAt,
    endedAt: v.visit.endedAt,
    timeOnSiteMs: v.timeOnSiteMs,
    returning: v.visit.returning,
    currentPage: v.currentPage ? { url: v.currentPage.url, title: v.currentPage.title } : null,
    pagesViewed: v.pages.length,
    landingPage: v.visit.landingPage,
    referrer: v.visit.referrer,
    searchEngine: v.visit.searchEngine,
    searchKeywords: v.visit.searchKeywords,
    device: v.visit.device,
    region: v.visit.region,
    chatId: deps.chat.openChatOfVisitor(v.visit.visitorId)?.id ?? null,
    lastInvitation: await lastInvitation(v.visit.id, v.online),
  });

  app.get(
    '/api/visitors',
    { config, schema: { summary: 'Widget visitors on the site now, newest visit first', tags, response: { 200: visitorListSchema, 403: errorBodySchema } } },
    async () => ({ visitors: await Promise.all(deps.visits.online().sort((a, b) => b.visit.startedAt - a.visit.startedAt).map(summary)) }),
  );

  app.get<{ Params: { visitorId: string } }>(
    '/api/visitors/:visitorId',
    {
      config,
      schema: {
        summary: "One visitor's visit (the latest when not on the site now) with the pages viewed and the time on each",
        tags,
        params: { type: 'object', required: ['visitorId'], additionalProperties: false, properties: { visitorId: { type: 'string', minLength: 1, maxLength: 100 } } },
        response: { 200: visitorDetailSchema, 403: errorBodySchema, 404: errorBodySchema },
      },
    },
    async (request) => {
      const v = await deps.visits.visitOf(request.params.visitorId);
      if (!v) throw new AppError('VISITOR_NOT_FOUND', undefined, { visitorId: request.params.visitorId });
      return { ...(await summary(v)), pages: v.pages.map((p) => ({ seq: p.seq, url: p.url, title: p.title, enteredAt: p.enteredAt, leftAt: p.leftAt, durationMs: p.durationMs })) };
    },
  );

  app.post<{ Params: { visitorId: string }; Body: { message?: string } }>(
    '/api/visitors/:visitorId/invite',
    {
      config,
      schema: {
        summary: 'Invite a visitor on the site to chat with me (the widget shows my name and the message); stored and audited visitor.invited; VISITOR_GONE, VISITOR_CHATTING, VISITOR_INVITED',
        tags,
        params: { type: 'object', required: ['visitorId'], additionalProperties: false, properties: { visitorId: { type: 'string', minLength: 1, maxLength: 100 } } },
        body: { type: 'object', additionalProperties: false, properties: { message: { type: 'string', maxLength: INVITATION_MESSAGE_MAX, 'x-free-text': true } } },
        response: { 200: invitationSchema, 400: errorBodySchema, 403: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (request) => {
      const agentId = request.principal?.agentId;
      if (!agentId) throw new AppError('NOT_AN_AGENT', 'You are not set up as an agent');
      const actor = { userId: request.principal?.userId ?? 'unknown', ip: request.ip };
      const inv = await deps.invitations.invite(request.params.visitorId, { agentId, actor }, request.body?.message ?? '');
      return { invitationId: inv.id, visitorId: inv.visitorId, agentId: inv.agentId, message: inv.message, expiresAt: inv.expiresAt };
    },
  );
}
