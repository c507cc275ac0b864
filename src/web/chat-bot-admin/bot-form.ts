/**
 * The bot settings page's pure parts: a channel's settings and the word lists as the form holds
 * them (numbers as typed, so a half-typed "-" or an emptied box is kept and sent for the daemon to
 * refuse at that field), back to the API's shapes, and the daemon's problem paths as the message
 * each field shows. The daemon decides what is valid; the page only shows where it said no.
 */
import type { BotChannelView, BotModeView, BotWordsView } from '../api/chat-bot.js';
import { BOT_LIMITS } from '../../chat/bot/bot-settings.js';
import { t } from '../i18n/i18n.js';

/** The widget's channels and the messaging webhook (its connectors: MessagingConnectors.tsx). */
export const PAGE_CHANNELS = ['web', 'mobile_web', 'app', 'messaging'] as const;
export type PageChannel = (typeof PAGE_CHANNELS)[number];
export const MODES: readonly BotModeView[] = ['off', 'always', 'outside_hours'];

export interface ChannelForm {
  mode: BotModeView;
  calendarId: string;
  onRequest: boolean;
  vip: boolean;
  unhelpfulOn: boolean;
  unhelpful: string;
  negativeOn: boolean;
  negative: string;
}

export function channelForm(s: BotChannelView): ChannelForm {
  const h = s.handover;
  return {
    mode: s.mode,
    calendarId: s.calendarId ?? '',
    onRequest: h.onRequest,
    vip: h.vip,
    unhelpfulOn: h.unhelpfulTurns !== null,
    unhelpful: String(h.unhelpfulTurns ?? 2),
    negativeOn: h.negativeStreak !== null,
    negative: String(h.negativeStreak ?? 3),
  };
}

/**
 * What is typed, as sent: a number when it reads as one, else the text itself. Bodies are not
 * coerced (src/api/validation.ts), so an emptied box is refused by the daemon at that field
 * instead of turning into null ("never") or 0 (a masking weight) on the way.
 */
function typedNumber(text: string): number {
  const s = text.trim();
  const n = Number(s);
  return (s !== '' && Number.isFinite(n) ? n : s) as number;
}

export function channelBody(f: ChannelForm): Omit<BotChannelView, 'channel'> {
  return {
    mode: f.mode,
    calendarId: f.calendarId === '' ? null : f.calendarId,
    handover: { onRequest: f.onRequest, vip: f.vip, unhelpfulTurns: f.unhelpfulOn ? typedNumber(f.unhelpful) : null, negativeStreak: f.negativeOn ? typedNumber(f.negative) : null },
  };
}

export interface WordsForm {
  sentiment: { word: string; weight: string }[];
  negators: string[];
  handoverPhrases: string[];
}

export function wordsForm(w: BotWordsView): WordsForm {
  return { sentiment: w.sentiment.map((e) => ({ word: e.word, weight: String(e.weight) })), negators: [...w.negators], handoverPhrases: [...w.handoverPhrases] };
}

export function wordsBody(f: WordsForm): BotWordsView {
  return { sentiment: f.sentiment.map((e) => ({ word: e.word, weight: typedNumber(e.weight) })), negators: f.negators, handoverPhrases: f.handoverPhrases };
}

/**
 * The field a problem path belongs to, as the page names its fields: `/handover/unhelpfulTurns`
 * -> `unhelpfulTurns`; `/sentiment/3/word` and `/sentiment/3` -> `sentiment/3`; `/sentiment/3/weight` stays.
 */
export function fieldOf(where: string): string {
  const parts = where.split('/').filter((p) => p !== '');
  if (parts[0] === 'handover' && parts[1]) return parts[1];
  if (parts[0] === 'sentiment' && parts[2] === 'word') return `sentiment/${parts[1]}`;
  return parts.join('/');
}

/** The message a field shows when the daemon refused it, with the daemon's own limits. */
export function problemText(field: string): string {
  const L = BOT_LIMITS;
  if (field === 'unhelpfulTurns') return t('botAdmin.problem.count', { max: L.maxTurns });
  if (field === 'negativeStreak') return t('botAdmin.problem.count', { max: L.maxStreak });
  if (field === 'calendarId') return t('botAdmin.problem.calendar');
  if (field === 'mode') return t('botAdmin.problem.mode');
  if (/^sentiment\/\d+\/weight$/.test(field)) return t('botAdmin.problem.weight', { min: L.minWeight, max: L.maxWeight });
  if (/^(sentiment|negators|handoverPhrases)\/\d+$/.test(field)) return t('botAdmin.problem.word', { max: L.maxWordLength });
  if (/^(sentiment|negators|handoverPhrases)$/.test(field)) return t('botAdmin.problem.tooMany', { max: L.maxWords });
  return t('botAdmin.problem.other');
}
