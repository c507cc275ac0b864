/**
 * The words the daemon itself writes into tickets (a voicemail's subject and description, the
 * heading and speakers of a chat's transcript). They are stored text, read later by whoever opens
 * the ticket, so they cannot follow each reader's page language: they are written once in the
 * center's language (SWITCHBOARD_CENTER_LANGUAGE) with times in the center's time zone. What a
 * person wrote (the visitor's first words as a subject) is kept as written.
 */
export const CENTER_LANGUAGES = ['en', 'zh-CN'] as const;
export type CenterLanguage = (typeof CENTER_LANGUAGES)[number];

export interface TicketWording {
  language: CenterLanguage;
  /** IANA zone of the center (times in the texts are local there). */
  timeZone: string;
}

export const DEFAULT_WORDING: TicketWording = { language: 'en', timeZone: 'UTC' };

type ChatOutcome = 'solved' | 'unresolved' | 'spam';

interface Words {
  voicemailSubject(from: string | undefined, mailbox: string): string;
  voicemailBody(v: { from: string | undefined; at: string; mailbox: string; flow: string; seconds: number | null; callId: string }): string;
  chatHeading(v: { chatId: string; at: string; outcome: ChatOutcome; reason: string | null }): string;
  visitor: string;
  agent: string;
  noMessages: string;
  shortened: string;
}

const EN: Words = {
  voicemailSubject: (from, mailbox) => `Voicemail${mailbox ? ` (${mailbox})` : ''} from ${from ?? 'a withheld number'}`,
  voicemailBody: (v) =>
    [
      `Voicemail left by ${v.from ?? 'a withheld number'} at ${v.at}.`,
      `Mailbox: ${v.mailbox || '-'}; flow: ${v.flow}; length: ${v.seconds === null ? 'unknown' : `${v.seconds} s`}; call: ${v.callId}.`,
      'The recording plays from the ticket for those allowed to hear recordings.',
    ].join('\n'),
  chatHeading: (v) => `Chat ${v.chatId} ended ${v.at}: ${v.outcome}${v.reason ? ` (${v.reason})` : ''}`,
  visitor: 'Visitor',
  agent: 'Agent',
  noMessages: '(no messages)',
  shortened: '… (shortened: the whole chat is in its record)',
};

const ZH_OUTCOME: Record<ChatOutcome, string> = { solved: '已解决', unresolved: '未解决', spam: '垃圾信息' };

const ZH: Words = {
  voicemailSubject: (from, mailbox) => `${from ?? '隐藏号码'} 的语音留言${mailbox ? `（${mailbox}）` : ''}`,
  voicemailBody: (v) =>
    [
      `${v.from ?? '隐藏号码'} 于 ${v.at} 留言。`,
      `信箱：${v.mailbox || '-'}；流程：${v.flow}；时长：${v.seconds === null ? '未知' : `${v.seconds} 秒`}；通话：${v.callId}。`,
      '有权收听录音的人可在工单中播放该录音。',
    ].join('\n'),
  chatHeading: (v) => `会话 ${v.chatId} 于 ${v.at} 结束：${ZH_OUTCOME[v.outcome]}${v.reason ? `（${v.reason}）` : ''}`,
  visitor: '访客',
  agent: '坐席',
  noMessages: '（无消息）',
  shortened: '…（已截短：完整会话见会话记录）',
};

export function wordsOf(w: TicketWording): Words {
  return w.language === 'zh-CN' ? ZH : EN;
}

function partsOf(at: number, w: TicketWording): (type: Intl.DateTimeFormatPartTypes) => string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: w.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
  return (type) => parts.find((p) => p.type === type)?.value ?? '';
}

/** `2026-12-07 21:40 UTC` / `2026-12-08 05:40 Asia/Shanghai`: local to the center, the zone named. */
export function centerTime(at: number, w: TicketWording): string {
  const get = partsOf(at, w);
  const zone = w.timeZone === 'UTC' || w.timeZone === 'Etc/UTC' ? 'UTC' : w.timeZone;
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${zone}`;
}

/** `21:40:05`, the time of day at the center (a transcript line's stamp). */
export function centerClock(at: number, w: TicketWording): string {
  const get = partsOf(at, w);
  return `${get('hour')}:${get('minute')}:${get('second')}`;
}
