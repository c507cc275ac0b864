/**
 * The bot's decisions, pure: given its session with one chat, the channel's hand-over rules and
 * what the visitor just did (a text with its sentiment score, hand-over phrase and matching
 * articles; or a button: solved / not solved / person), what it says and whether the chat goes
 * to a person now. The service (bot-service.ts) does the searching, storing and sending.
 *
 * The session's life:
 *
 *            handover (asked, unhelpful, negative, vip, supervisor)
 *     bot ──────────────────────────────────────────────▶ handed_over
 *      │  ▲                                                    │
 *      │  └── handover refused (nobody serves: queue closed)   │ end
 *      │ end (visitor left or went quiet)                      ▼
 *      └─────────────────────────────────────────────────▶  ended
 *
 *   from \ event     text/choice     handover        refused     end
 *   bot              bot             handed_over     -           ended
 *   handed_over      (bot silent)    -               bot         ended (kept as handed_over for reports)
 *   ended            (bot silent)    -               -           -
 */
import type { ArticleCard, BotChoice, BotSay } from '../protocol.js';
import type { HandoverRules } from './bot-settings.js';
import { explainSentiment, type SentimentScore } from './sentiment.js';

/** supervisor: a supervisor watching the chat handed it to a person (chat-supervision.ts). */
export const HANDOVER_REASONS = ['asked', 'unhelpful', 'negative', 'vip', 'supervisor'] as const;
export type HandoverReason = (typeof HANDOVER_REASONS)[number];

/** Why a chat went from the bot to a person, as the agent sees it. */
export interface HandoverInfo {
  reason: HandoverReason;
  at: number;
  /** asked: the phrase or "button"; unhelpful: the turns; negative: each message's score and its words. */
  detail: { phrase?: string; turns?: number; scores?: { score: number; words: string }[] };
}

export type CardArticle = ArticleCard;
export type { BotChoice, BotSay };

export interface BotSession {
  chatId: string;
  status: 'bot' | 'handed_over' | 'ended';
  /** Questions the bot answered with articles. */
  turns: number;
  /** Turns with nothing found, plus "did not help" answers, since the last "solved". */
  unhelpful: number;
  /** The consecutive negative messages up to now (cleared by a message that is not negative). */
  negative: { score: number; words: string }[];
  /** The articles of the last answer, best first. */
  shown: string[];
  /** One of `shown` the visitor opened (it gets the credit for a "solved"). */
  opened: string | null;
  /** The article the visitor said solved it. */
  solvedArticleId: string | null;
  /** "Did this solve it?" is open. */
  asking: boolean;
  handover: HandoverInfo | null;
}

export type BotAction = { kind: 'say'; say: BotSay } | { kind: 'cards'; articles: CardArticle[] } | { kind: 'handover'; info: HandoverInfo };

export interface BotDecision {
  session: BotSession;
  actions: BotAction[];
}

export const MAX_CARDS = 3;

export function newSession(chatId: string): BotSession {
  return { chatId, status: 'bot', turns: 0, unhelpful: 0, negative: [], shown: [], opened: null, solvedArticleId: null, asking: false, handover: null };
}

/** How a chat starts: with the bot, or with the queue (a VIP: with the reason for the agent). */
export function admit(mode: 'off' | 'always' | 'outside_hours', rules: HandoverRules, facts: { open: boolean; vip: boolean }): 'queue' | 'bot' | 'vip' {
  const botWouldAnswer = mode === 'always' || (mode === 'outside_hours' && !facts.open);
  if (!botWouldAnswer) return 'queue';
  return facts.vip && rules.vip ? 'vip' : 'bot';
}

function handover(session: BotSession, info: HandoverInfo): BotDecision {
  return { session: { ...session, status: 'handed_over', asking: false, handover: info }, actions: [{ kind: 'handover', info }, { kind: 'say', say: 'handing_over' }] };
}

function unhelpfulTurn(session: BotSession, rules: HandoverRules, at: number, otherwise: BotSay): BotDecision {
  const s = { ...session, unhelpful: session.unhelpful + 1, asking: false };
  if (rules.unhelpfulTurns !== null && s.unhelpful >= rules.unhelpfulTurns) return handover(s, { reason: 'unhelpful', at, detail: { turns: s.unhelpful } });
  return { session: s, actions: [{ kind: 'say', say: otherwise }] };
}

function askedForPerson(session: BotSession, rules: HandoverRules, at: number, phrase: string): BotDecision {
  if (!rules.onRequest) return { session, actions: [{ kind: 'say', say: 'no_person' }] };
  return handover(session, { reason: 'asked', at, detail: { phrase } });
}

/** A visitor's text while the bot has the chat. */
export function decideText(session: BotSession, input: { at: number; sentiment: SentimentScore; phrase: string | undefined; articles: CardArticle[] }, rules: HandoverRules): BotDecision {
  if (session.status !== 'bot') return { session, actions: [] };
  if (input.phrase !== undefined) return askedForPerson(session, rules, input.at, input.phrase);
  const mood = { score: input.sentiment.score, words: explainSentiment(input.sentiment) };
  const negative = input.sentiment.score < 0 ? [...session.negative, mood] : [];
  let s: BotSession = { ...session, negative };
  if (rules.negativeStreak !== null && negative.length >= rules.negativeStreak) {
    return handover(s, { reason: 'negative', at: input.at, detail: { scores: negative.slice(-rules.negativeStreak) } });
  }
  const cards = input.articles.slice(0, MAX_CARDS);
  if (cards.length === 0) return unhelpfulTurn(s, rules, input.at, 'no_match');
  s = { ...s, turns: s.turns + 1, shown: cards.map((a) => a.articleId), opened: null, asking: true };
  return { session: s, actions: [{ kind: 'say', say: 'found' }, { kind: 'cards', articles: cards }, { kind: 'say', say: 'ask_solved' }] };
}

/** A button in the widget: solved, not solved, or a person. */
export function decideChoice(session: BotSession, choice: BotChoice, at: number, rules: HandoverRules): BotDecision {
  if (session.status !== 'bot') return { session, actions: [] };
  if (choice === 'person') return askedForPerson(session, rules, at, 'button');
  // A late click on an answered question changes nothing.
  if (!session.asking) return { session, actions: [] };
  if (choice === 'no') return unhelpfulTurn(session, rules, at, 'sorry_retry');
  const credit = session.opened !== null && session.shown.includes(session.opened) ? session.opened : (session.shown[0] ?? null);
  return { session: { ...session, asking: false, unhelpful: 0, solvedArticleId: credit }, actions: [{ kind: 'say', say: 'glad' }] };
}

/**
 * A supervisor hands the chat to a person: the same hand-over as the bot's own, with the reason
 * 'supervisor'. Only while the bot has the chat (undefined otherwise: nothing to hand over).
 */
export function supervisorHandover(session: BotSession, at: number): BotDecision | undefined {
  if (session.status !== 'bot') return undefined;
  return handover(session, { reason: 'supervisor', at, detail: {} });
}

/** The visitor opened one of the articles shown (the "solved" credit goes to it). */
export function articleOpened(session: BotSession, articleId: string): BotSession {
  return session.shown.includes(articleId) ? { ...session, opened: articleId } : session;
}

/** The queue did not take the chat (closed, full): the bot keeps it and says nobody can serve now. */
export function handoverRefused(session: BotSession): BotDecision {
  return { session: { ...session, status: 'bot', handover: null }, actions: [{ kind: 'say', say: 'no_agent' }] };
}

export function sessionEnded(session: BotSession): BotSession {
  return session.status === 'bot' ? { ...session, status: 'ended' } : session;
}

/** The English line stored with each bot message (what agents read in the chat's history). */
export const BOT_TEXT: Record<BotSay, string> = {
  greeting: "Hi, I'm the virtual assistant. Ask me anything; you can talk to a person at any time.",
  greeting_closed: "Hi, I'm the virtual assistant. Our team is away now (outside business hours); I can look up help articles, or you can leave a message.",
  found: 'These articles may help:',
  ask_solved: 'Did this solve it?',
  no_match: 'Sorry, I found no article about that. Try other words, or talk to a person.',
  glad: 'Glad it helped. Anything else?',
  sorry_retry: 'Sorry about that. Try describing it in other words, or talk to a person.',
  handing_over: 'Connecting you with a person. The whole conversation goes along.',
  no_agent: 'Nobody from our team can take the chat now. You can leave a message and we will answer it.',
  no_person: 'A person is not available on this channel. I will keep trying to help.',
};
