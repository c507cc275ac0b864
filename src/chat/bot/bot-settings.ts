/**
 * What an admin sets for the bot: per channel (web site, mobile web, app, messaging webhook) when
 * the bot answers first and which hand-over rules apply; once for the center, the words added to
 * the sentiment lists and the extra "I want a person" phrases. Pure checks: a refusal is
 * BOT_SETTINGS_INVALID naming every wrong field, and nothing is stored then.
 */
import { AppError } from '../../core/errors.js';
import { CHAT_CHANNELS, type ChatChannel } from '../protocol.js';
import type { SentimentEntry } from './sentiment.js';

/** The chat's source channel: the widget's three, and the messaging-platform webhook. */
export const BOT_CHANNELS = CHAT_CHANNELS;
export type BotChannel = ChatChannel;

/** off: straight to the queue; always: the bot first; outside_hours: the bot first while closed. */
export const BOT_MODES = ['off', 'always', 'outside_hours'] as const;
export type BotMode = (typeof BOT_MODES)[number];

export interface HandoverRules {
  /** The visitor asks for a person (button or phrase). */
  onRequest: boolean;
  /** After this many turns the bot could not answer or the visitor said did not help; null: never. */
  unhelpfulTurns: number | null;
  /** After this many visitor messages in a row with a negative mood; null: never. */
  negativeStreak: number | null;
  /** A customer of level vip goes straight to a person. */
  vip: boolean;
}

export interface BotChannelSettings {
  channel: BotChannel;
  mode: BotMode;
  /** Whose business hours decide "outside hours": null the chat's queue's calendar, else this calendar. */
  calendarId: string | null;
  handover: HandoverRules;
}

export interface BotWords {
  /** Added to the built-in sentiment lists (an added word replaces a built-in one of the same spelling). */
  sentiment: SentimentEntry[];
  negators: string[];
  /** Added "I want a person" phrases, any language. */
  handoverPhrases: string[];
}

export const BOT_LIMITS = { maxTurns: 20, maxStreak: 20, maxWords: 500, maxWordLength: 40, minWeight: -3, maxWeight: 3 } as const;

export function defaultChannelSettings(channel: BotChannel): BotChannelSettings {
  return { channel, mode: 'off', calendarId: null, handover: { onRequest: true, unhelpfulTurns: 2, negativeStreak: 3, vip: true } };
}

export const EMPTY_WORDS: BotWords = { sentiment: [], negators: [], handoverPhrases: [] };

type Problem = { where: string; reason: string };

function invalid(problems: Problem[]): AppError {
  return new AppError('BOT_SETTINGS_INVALID', `The bot settings are not valid: ${problems.map((p) => `${p.where} ${p.reason}`).join('; ')}`, { where: problems[0]?.where, problems });
}

export function checkChannel(value: string): BotChannel {
  if (!(BOT_CHANNELS as readonly string[]).includes(value)) throw new AppError('BOT_CHANNEL_UNKNOWN', `No channel ${value}; channels: ${BOT_CHANNELS.join(', ')}`, { where: '/channel', channel: value });
  return value as BotChannel;
}

function count(v: number | null, max: number, where: string, problems: Problem[]): void {
  if (v !== null && (!Number.isInteger(v) || v < 1 || v > max)) problems.push({ where, reason: `must be a whole number from 1 to ${max}, or null (never)` });
}

/** Checks one channel's settings; `calendarExists` is asked only for a named calendar. */
export function checkChannelSettings(s: BotChannelSettings, calendarExists: (id: string) => boolean): BotChannelSettings {
  const problems: Problem[] = [];
  if (!(BOT_MODES as readonly string[]).includes(s.mode)) problems.push({ where: '/mode', reason: `must be one of ${BOT_MODES.join(', ')}` });
  if (s.calendarId !== null && !calendarExists(s.calendarId)) problems.push({ where: '/calendarId', reason: 'names no calendar' });
  count(s.handover.unhelpfulTurns, BOT_LIMITS.maxTurns, '/handover/unhelpfulTurns', problems);
  count(s.handover.negativeStreak, BOT_LIMITS.maxStreak, '/handover/negativeStreak', problems);
  if (problems.length > 0) throw invalid(problems);
  return s;
}

function cleanWord(word: string): string {
  return word.normalize('NFKC').trim().replace(/\s+/g, ' ');
}

function checkList(words: readonly string[], where: string, problems: Problem[]): string[] {
  const out: string[] = [];
  if (words.length > BOT_LIMITS.maxWords) problems.push({ where, reason: `holds at most ${BOT_LIMITS.maxWords} entries` });
  words.forEach((w, i) => {
    const clean = cleanWord(w);
    if (clean.length === 0 || clean.length > BOT_LIMITS.maxWordLength) problems.push({ where: `${where}/${i}`, reason: `must be 1 to ${BOT_LIMITS.maxWordLength} characters` });
    else if (!/[\p{L}\p{N}]/u.test(clean)) problems.push({ where: `${where}/${i}`, reason: 'must contain a letter or digit' });
    else if (!out.includes(clean)) out.push(clean);
  });
  return out;
}

/** Checks and normalizes (NFKC, trimmed, duplicates dropped) the added words. */
export function checkWords(w: BotWords): BotWords {
  const problems: Problem[] = [];
  const sentimentWords = checkList(
    w.sentiment.map((e) => e.word),
    '/sentiment',
    problems,
  );
  w.sentiment.forEach((e, i) => {
    if (!Number.isInteger(e.weight) || e.weight < BOT_LIMITS.minWeight || e.weight > BOT_LIMITS.maxWeight) problems.push({ where: `/sentiment/${i}/weight`, reason: `must be a whole number from ${BOT_LIMITS.minWeight} to ${BOT_LIMITS.maxWeight}` });
  });
  const negators = checkList(w.negators, '/negators', problems);
  const handoverPhrases = checkList(w.handoverPhrases, '/handoverPhrases', problems);
  if (problems.length > 0) throw invalid(problems);
  // The last weight given for a word stands.
  const weights = new Map<string, number>();
  for (const e of w.sentiment) weights.set(cleanWord(e.word), e.weight);
  return { sentiment: sentimentWords.map((word) => ({ word, weight: weights.get(word) ?? 0 })), negators, handoverPhrases };
}
