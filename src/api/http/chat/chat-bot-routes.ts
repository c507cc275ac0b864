/**
 * The chat bot's routes and article cards (issues 21 and 12):
 * - POST /api/chats/:id/cards (chat.handle): the agent sends a published article as a card.
 * - GET /api/widget/articles/:id (public: the visitor token in x-visitor-token): the published
 *   text of an article that was sent to this visitor as a card; anything else is 404.
 * - GET /api/chat-bot/settings, /words (config.view); PUT .../settings/:channel, /words (config.edit).
 * - GET /api/reports/chat-bot (reports.view; a team lead: their teams' queues' chats only).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../../../accounts/principal.js';
import type { BotService } from '../../../chat/bot/bot-service.js';
import type { BotChannelSettings, BotWords } from '../../../chat/bot/bot-settings.js';
import type { ChatService } from '../../../chat/chat-service.js';
import { AppError } from '../../../core/errors.js';
import type { KbService } from '../../../kb/kb-service.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { seesAllTeams } from '../../team-scope.js';
import { botReportQuerySchema, botReportSchema, botSettingsBodySchema, botSettingsListSchema, botSettingsSchema, botWordsSchema, sendCardBodySchema, visitorArticleSchema } from './chat-bot-schemas.js';
import { sendMessageReplySchema } from './chat-schemas.js';

export interface ChatBotRouteDeps {
  chat: ChatService;
  bot: BotService;
  kb: KbService;
  /** Queues served by each team (a team lead's report scope). */
  queuesOfTeams: () => ReadonlyMap<string, readonly string[]>;
}

type Id = { Params: { id: string } };
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const tokenHeaders = { type: 'object', required: ['x-visitor-token'], properties: { 'x-visitor-token': { type: 'string', minLength: 20, maxLength: 200 } } } as const;
/** Characters of a card's excerpt: the start of the article, enough to tell it is the right one. */
const EXCERPT = 160;

function selfAgent(request: FastifyRequest): string {
  const agentId = request.principal?.agentId;
  if (!agentId) throw new AppError('NOT_AN_AGENT', 'You are not set up as an agent', { userId: request.principal?.userId });
  return agentId;
}

function excerptOf(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1)}…` : flat;
}

function queueScope(p: Principal | undefined, ofTeam: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  if (seesAllTeams(p)) return undefined;
  return [...new Set((p?.ledTeamIds ?? []).flatMap((t) => ofTeam.get(t) ?? []))];
}

export async function registerChatBotRoutes(app: FastifyInstance, deps: ChatBotRouteDeps): Promise<void> {
  const tags = ['chat'];
  /** Readers of the knowledge base through the chat see the published version only. */
  const published = (userId: string) => ({ userId, canEdit: false });

  app.post<Id & { Body: { clientId: string; articleId: string } }>(
    '/api/chats/:id/cards',
    {
      config: { permission: 'chat.handle' },
      schema: { summary: 'Send a published knowledge-base article to the visitor as a card; a resend with the same clientId stores nothing', tags, params: idParamsSchema, body: sendCardBodySchema, response: { 200: sendMessageReplySchema, ...errors } },
    },
    async (request) => {
      const agentId = selfAgent(request);
      const userId = request.principal?.userId ?? '';
      const view = await deps.kb.get(request.body.articleId, published(userId));
      const card = { articleId: view.article.id, title: view.version.title, excerpt: excerptOf(view.version.body) };
      const m = await deps.chat.agentCard(agentId, request.params.id, request.body.clientId, card);
      await deps.kb.recordUsage(card.articleId, { kind: 'sent_in_chat', chatId: request.params.id }, published(userId));
      return { clientId: request.body.clientId, seq: m.seq, at: m.at };
    },
  );

  // The widget runs on customers' sites: the article route answers any origin; its credential is a header, never a cookie.
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/api/widget/articles/')) void reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
  });
  app.options('/api/widget/articles/:id', { config: { access: 'public' }, schema: { summary: "CORS preflight of the widget (customers' sites)", tags, params: idParamsSchema } }, async (_request, reply) =>
    reply.code(204).header('access-control-allow-methods', 'GET').header('access-control-allow-headers', 'x-visitor-token').header('access-control-max-age', '600').send(),
  );
  app.get<Id>(
    '/api/widget/articles/:id',
    {
      // Public on purpose: the visitor widget; the token covers articles sent to that visitor only.
      config: { access: 'public', rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: { summary: 'The published text of an article sent to this visitor as a card (visitor token in x-visitor-token)', tags, params: idParamsSchema, headers: tokenHeaders, response: { 200: visitorArticleSchema, ...errors } },
    },
    async (request) => {
      const visitorId = await deps.chat.visitorByToken(String(request.headers['x-visitor-token']));
      const { openChatId } = await deps.chat.visitorMayRead(visitorId, request.params.id);
      const view = await deps.kb.get(request.params.id, published(`visitor:${visitorId}`));
      if (openChatId) deps.bot.opened(openChatId, view.article.id);
      return { articleId: view.article.id, title: view.version.title, body: view.version.body, language: view.version.language };
    },
  );

  app.get(
    '/api/chat-bot/settings',
    { config: { permission: 'config.view' }, schema: { summary: 'The bot settings of every channel (a channel never set: off)', tags, response: { 200: botSettingsListSchema, 403: errorBodySchema } } },
    async () => ({ channels: await deps.bot.allSettings() }),
  );
  app.put<{ Params: { channel: string }; Body: Omit<BotChannelSettings, 'channel'> }>(
    '/api/chat-bot/settings/:channel',
    {
      config: { permission: 'config.edit' },
      schema: {
        summary: "Set a channel's bot: mode (off, always, outside_hours), whose business hours, hand-over rules; audited chat_bot.settings",
        tags,
        params: { type: 'object', required: ['channel'], properties: { channel: { type: 'string', maxLength: 40 } } },
        body: botSettingsBodySchema,
        response: { 200: botSettingsSchema, ...errors },
      },
    },
    async (request) => deps.bot.saveChannel(request.params.channel, request.body, request.principal?.userId ?? ''),
  );
  app.get('/api/chat-bot/words', { config: { permission: 'config.view' }, schema: { summary: 'Words added to the sentiment lists, negators and hand-over phrases', tags, response: { 200: botWordsSchema, 403: errorBodySchema } } }, async () =>
    deps.bot.words(),
  );
  app.put<{ Body: BotWords }>(
    '/api/chat-bot/words',
    { config: { permission: 'config.edit' }, schema: { summary: 'Replace the added words and phrases (the built-in lists stay); audited chat_bot.words', tags, body: botWordsSchema, response: { 200: botWordsSchema, ...errors } } },
    async (request) => deps.bot.saveWords(request.body, request.principal?.userId ?? ''),
  );

  app.get<{ Querystring: { from: number; to: number; limit?: number } }>(
    '/api/reports/chat-bot',
    {
      config: { permission: 'reports.view' },
      schema: { summary: 'Chats the bot answered in [from, to): solved by the bot, handed over by reason, the articles that solved most', tags: ['reports'], querystring: botReportQuerySchema, response: { 200: botReportSchema, ...errors } },
    },
    async (request) => {
      const { from, to, limit } = request.query;
      return { from, to, ...(await deps.bot.report(from, to, queueScope(request.principal, deps.queuesOfTeams()), limit ?? 10)) };
    },
  );
}
