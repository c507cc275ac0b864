/**
 * The chat bot, application layer: decides at the start of a chat whether the bot answers first
 * (the channel's mode, business hours, a VIP), answers each visitor message from the published
 * knowledge base (up to three article cards and "did this solve it?"), and hands the chat to the
 * queue when a rule says so (bot-rules.ts). Work for one chat runs in order (one lane per chat),
 * so two quick messages are answered in the order they were stored.
 */
import type { AuditLog } from '../../accounts/audit.js';
import type { BackgroundTasks } from '../../core/background-tasks.js';
import type { Clock } from '../../core/clock.js';
import { AppError, isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { ChatLanes } from '../chat-lanes.js';
import type { ChatRecord } from '../chat-state.js';
import type { ChatFrontDoor, StoredMessage } from '../ports.js';
import type { BotChoice, ChatChannel } from '../protocol.js';
import { BOT_TEXT, MAX_CARDS, admit, articleOpened, decideChoice, decideText, handoverRefused, newSession, sessionEnded, supervisorHandover, type BotDecision, type BotSession } from './bot-rules.js';
import { BOT_CHANNELS, EMPTY_WORDS, checkChannel, checkChannelSettings, checkWords, defaultChannelSettings, type BotChannelSettings, type BotWords } from './bot-settings.js';
import { askedForPerson } from './handover-phrases.js';
import { searchTextOf } from './bot-query.js';
import type { BotChat, BotCustomers, BotHours, BotKnowledge, BotReportRow, BotStore } from './ports.js';
import { scoreSentiment, type SentimentLexicon } from './sentiment.js';
import { DEFAULT_NEGATORS, DEFAULT_SENTIMENT_WORDS } from './sentiment-words.js';

export interface BotServiceDeps {
  store: BotStore;
  knowledge: BotKnowledge;
  hours: BotHours;
  customers: BotCustomers;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  background: BackgroundTasks;
}

/** Refusals of the queue that mean "nobody can serve now": the bot keeps the chat and offers a message. */
const NOBODY_SERVES = new Set(['QUEUE_CLOSED', 'QUEUE_FULL', 'QUEUE_DISABLED']);

/** A weaker match than this share of the best one is not shown (an OR search also finds articles sharing one common word). */
const RELATIVE_RANK = 0.3;

export class BotService implements ChatFrontDoor {
  private chat: BotChat | undefined;
  private readonly lanes = new ChatLanes();

  constructor(private readonly d: BotServiceDeps) {}

  /** Built before the chat service's front door is bound; the chat service is the way out. */
  bind(chat: BotChat): void {
    this.chat = chat;
  }

  idle(): Promise<void> {
    return this.lanes.idle();
  }

  // ---- settings (admin) ---------------------------------------------------------------------

  async allSettings(): Promise<BotChannelSettings[]> {
    const stored = await this.d.store.settings();
    return BOT_CHANNELS.map((c) => stored.find((s) => s.channel === c) ?? defaultChannelSettings(c));
  }

  async channelSettings(channel: ChatChannel): Promise<BotChannelSettings> {
    return (await this.d.store.settings()).find((s) => s.channel === channel) ?? defaultChannelSettings(channel);
  }

  async saveChannel(channel: string, input: Omit<BotChannelSettings, 'channel'>, actorId: string): Promise<BotChannelSettings> {
    const c = checkChannel(channel);
    const calendarId = input.calendarId;
    const exists = calendarId === null ? true : await this.d.hours.calendarExists(calendarId);
    const settings = checkChannelSettings({ ...input, channel: c }, () => exists);
    await this.d.store.saveSettings(settings, actorId, this.d.clock.now(), { actorId, action: 'chat_bot.settings', target: `chat_channel:${c}`, details: { ...settings } }, this.d.audit);
    return settings;
  }

  async words(): Promise<BotWords> {
    return (await this.d.store.words()) ?? EMPTY_WORDS;
  }

  async saveWords(input: BotWords, actorId: string): Promise<BotWords> {
    const words = checkWords(input);
    const counts = { sentiment: words.sentiment.length, negators: words.negators.length, handoverPhrases: words.handoverPhrases.length };
    await this.d.store.saveWords(words, actorId, this.d.clock.now(), { actorId, action: 'chat_bot.words', target: 'chat_bot', details: counts }, this.d.audit);
    return words;
  }

  async report(from: number, to: number, queueIds: readonly string[] | undefined, limit = 10): Promise<BotReportRow> {
    if (from > to) throw new AppError('INVALID_RANGE', 'from is after to', { problems: [{ where: '/from', reason: 'must not be after to' }, { where: '/to', reason: 'must not be before from' }] });
    if (queueIds?.length === 0) return { chats: 0, solved: 0, handedOver: { asked: 0, unhelpful: 0, negative: 0, vip: 0, supervisor: 0 }, articles: [] };
    return this.d.store.report(from, to, limit, queueIds);
  }

  // ---- ChatFrontDoor --------------------------------------------------------------------------

  async admit(chat: { visitorId: string; queueId: string; channel: ChatChannel }): Promise<{ kind: 'queue' } | { kind: 'bot' } | { kind: 'handover'; info: NonNullable<ChatRecord['handover']> }> {
    const s = await this.channelSettings(chat.channel);
    if (s.mode === 'off') return { kind: 'queue' };
    const at = this.d.clock.now();
    const open = s.calendarId === null ? await this.d.hours.queueOpen(chat.queueId, at) : ((await this.d.hours.calendarOpen(s.calendarId, at)) ?? true);
    const level = s.handover.vip ? await this.d.customers.levelOf(chat.visitorId) : '';
    const door = admit(s.mode, s.handover, { open, vip: level === 'vip' });
    if (door === 'queue') return { kind: 'queue' };
    if (door === 'bot') return { kind: 'bot' };
    return { kind: 'handover', info: { reason: 'vip', at, detail: {} } };
  }

  started(chat: ChatRecord): void {
    this.inLane(chat.id, 'chat_bot.greet', async () => {
      const at = this.d.clock.now();
      if (chat.handover) {
        const passed: BotSession = { ...newSession(chat.id), status: 'handed_over', handover: chat.handover };
        await this.d.store.saveSession({ session: passed, channel: chat.channel, startedAt: chat.createdAt }, at);
        return;
      }
      await this.d.store.saveSession({ session: newSession(chat.id), channel: chat.channel, startedAt: chat.createdAt }, at);
      const s = await this.channelSettings(chat.channel);
      const open = s.calendarId === null ? await this.d.hours.queueOpen(chat.queueId, at) : ((await this.d.hours.calendarOpen(s.calendarId, at)) ?? true);
      await this.say(chat.id, open ? 'greeting' : 'greeting_closed');
    });
  }

  visitorSaid(chat: ChatRecord, message: StoredMessage, choice: BotChoice | undefined): void {
    this.inLane(chat.id, 'chat_bot.answer', async () => {
      const row = await this.d.store.session(chat.id);
      if (!row) return;
      const s = await this.channelSettings(chat.channel);
      const at = this.d.clock.now();
      let decision: BotDecision;
      if (choice !== undefined) {
        decision = decideChoice(row.session, choice, at, s.handover);
      } else {
        const words = await this.words();
        const lexicon: SentimentLexicon = { entries: [...DEFAULT_SENTIMENT_WORDS, ...words.sentiment], negators: [...DEFAULT_NEGATORS, ...words.negators] };
        const phrase = askedForPerson(message.text, words.handoverPhrases);
        const articles = phrase === undefined ? await this.articlesFor(message.text) : [];
        decision = decideText(row.session, { at, sentiment: scoreSentiment(message.text, lexicon), phrase, articles }, s.handover);
      }
      await this.apply(chat, row.channel, row.startedAt, decision);
    });
  }

  ended(chatId: string): void {
    this.inLane(chatId, 'chat_bot.ended', async () => {
      const row = await this.d.store.session(chatId);
      if (row) await this.d.store.saveSession({ ...row, session: sessionEnded(row.session) }, this.d.clock.now());
    });
  }

  /** The visitor opened an article of the bot's last answer: a "solved" credits it. */
  opened(chatId: string, articleId: string): void {
    this.inLane(chatId, 'chat_bot.opened', async () => {
      const row = await this.d.store.session(chatId);
      if (row?.session.status === 'bot') await this.d.store.saveSession({ ...row, session: articleOpened(row.session, articleId) }, this.d.clock.now());
    });
  }

  // ---- supervision (src/chat/chat-supervision.ts) ---------------------------------------------

  /** The questions the bot answered in the chat so far (undefined: no bot session). */
  async turnsOf(chatId: string): Promise<number | undefined> {
    return (await this.d.store.session(chatId))?.session.turns;
  }

  /**
   * A supervisor hands the chat to a person: the bot's own hand-over (session, queue, its
   * "connecting you" line) with the reason 'supervisor', in the chat's lane after any answer under
   * way. A queue that refuses (closed, full) leaves the chat with the bot and the refusal goes back
   * to the supervisor; the visitor is told nothing, since they did not ask.
   */
  handOverBySupervisor(chatId: string): Promise<void> {
    return this.lanes.run(chatId, async () => {
      const row = await this.d.store.session(chatId);
      const decision = row ? supervisorHandover(row.session, this.d.clock.now()) : undefined;
      if (!row || !decision) throw new AppError('CHAT_NOT_WITH_BOT', undefined, { chatId, where: '/id' });
      await this.d.store.saveSession({ ...row, session: decision.session }, this.d.clock.now());
      for (const action of decision.actions) {
        if (action.kind === 'handover') {
          try {
            await this.out().handOver(chatId, action.info);
          } catch (err) {
            await this.d.store.saveSession(row, this.d.clock.now());
            throw err;
          }
        } else if (action.kind === 'say') await this.say(chatId, action.say);
      }
    });
  }

  // ---- internals ------------------------------------------------------------------------------

  private async articlesFor(text: string) {
    const query = searchTextOf(text);
    if (query === '') return [];
    const hits = await this.d.knowledge.search(query, MAX_CARDS);
    const best = hits[0]?.rank ?? 0;
    return hits.filter((h) => h.rank >= best * RELATIVE_RANK).map(({ articleId, title, excerpt }) => ({ articleId, title, excerpt }));
  }

  /** Stores the session first (the reports and a restart see the decision), then speaks and acts. */
  private async apply(chat: ChatRecord, channel: ChatChannel, startedAt: number, decision: BotDecision): Promise<void> {
    let session: BotSession = decision.session;
    await this.d.store.saveSession({ session, channel, startedAt }, this.d.clock.now());
    for (const action of decision.actions) {
      if (action.kind === 'say') await this.say(chat.id, action.say);
      else if (action.kind === 'cards') for (const card of action.articles) await this.out().botMessage(chat.id, { text: card.title, card });
      else {
        try {
          await this.out().handOver(chat.id, action.info);
        } catch (err) {
          if (!isAppError(err) || !NOBODY_SERVES.has(err.code)) throw err;
          this.d.log.info({ chatId: chat.id, code: err.code }, 'bot hand-over refused by the queue: the bot keeps the chat');
          const refused = handoverRefused(session);
          session = refused.session;
          await this.d.store.saveSession({ session, channel, startedAt }, this.d.clock.now());
          // What followed the hand-over ("connecting you") is not said: nobody is there.
          for (const a of refused.actions) if (a.kind === 'say') await this.say(chat.id, a.say);
          return;
        }
      }
    }
  }

  private say(chatId: string, say: keyof typeof BOT_TEXT): Promise<unknown> {
    return this.out().botMessage(chatId, { text: BOT_TEXT[say], botSay: say });
  }

  private out(): BotChat {
    if (!this.chat) throw new Error('the bot is not bound to the chat service');
    return this.chat;
  }

  private inLane(chatId: string, task: string, work: () => Promise<void>): void {
    this.d.background.run(task, this.lanes.run(chatId, work), { chatId });
  }
}
