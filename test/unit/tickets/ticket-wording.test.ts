import { describe, expect, it } from 'vitest';
import { ticketFromChatEnding, type ChatEndingFacts } from '../../../src/tickets/chat-ending.js';
import { centerClock, centerTime, type TicketWording } from '../../../src/tickets/ticket-wording.js';
import { ticketFromVoicemail, type VoicemailFacts } from '../../../src/tickets/voicemail.js';

const SHANGHAI_ZH: TicketWording = { language: 'zh-CN', timeZone: 'Asia/Shanghai' };
const UTC_EN: TicketWording = { language: 'en', timeZone: 'UTC' };

const voicemail = (over: Partial<VoicemailFacts> = {}): VoicemailFacts => ({
  messageId: 'msg-1',
  callId: 'call-1',
  callerNumber: '+8613800138000',
  mailbox: 'sales',
  flow: 'after-hours',
  durationMs: 12_400,
  at: Date.UTC(2026, 11, 7, 21, 40, 5),
  customerId: null,
  teamId: null,
  ...over,
});

const ending = (over: Partial<ChatEndingFacts> = {}): ChatEndingFacts => ({
  chatId: 'c9',
  visitorId: 'v9',
  visitorName: '',
  agentId: 'a1',
  by: 'u-a1',
  teamId: null,
  outcome: 'unresolved',
  reason: null,
  endedAt: Date.UTC(2026, 11, 7, 21, 40),
  lines: [
    { author: 'visitor', body: '我的订单还没到', at: Date.UTC(2026, 11, 7, 21, 30, 12) },
    { author: 'agent', body: '我帮您查一下', at: Date.UTC(2026, 11, 7, 21, 31, 0) },
  ],
  ...over,
});

describe('the words the daemon writes into tickets', () => {
  it('given a center in Chinese on Shanghai time when a voicemail becomes a ticket then its subject and description are Chinese, with the local time and zone', () => {
    const { ticket } = ticketFromVoicemail(voicemail(), { id: 't-1', now: 0, wording: SHANGHAI_ZH });
    expect(ticket.subject).toBe('+8613800138000 的语音留言（sales）');
    expect(ticket.description).toBe(
      ['+8613800138000 于 2026-12-08 05:40 Asia/Shanghai 留言。', '信箱：sales；流程：after-hours；时长：12 秒；通话：call-1。', '有权收听录音的人可在工单中播放该录音。'].join('\n'),
    );
    expect(ticketFromVoicemail(voicemail({ callerNumber: '', mailbox: '', durationMs: null }), { id: 't-2', now: 0, wording: SHANGHAI_ZH }).ticket).toMatchObject({
      subject: '隐藏号码 的语音留言',
      description: expect.stringContaining('信箱：-；流程：after-hours；时长：未知；'),
    });
  });

  it('given the default wording when a voicemail becomes a ticket then it is English on UTC, as before', () => {
    const { ticket } = ticketFromVoicemail(voicemail(), { id: 't-1', now: 0 });
    expect(ticket.subject).toBe('Voicemail (sales) from +8613800138000');
    expect(ticket.description.split('\n')[0]).toBe('Voicemail left by +8613800138000 at 2026-12-07 21:40 UTC.');
    expect(ticketFromVoicemail(voicemail(), { id: 't-1', now: 0, wording: UTC_EN }).ticket).toEqual(ticket);
  });

  it("given a center in Chinese when a chat's ending becomes a ticket then the heading, outcome and speakers are Chinese and the visitor's own words stay as written", () => {
    const { ticket } = ticketFromChatEnding(ending(), { id: 't-3', now: 0, wording: SHANGHAI_ZH });
    expect(ticket.subject).toBe('我的订单还没到');
    expect(ticket.description).toBe(['会话 c9 于 2026-12-08 05:40 Asia/Shanghai 结束：未解决', '[05:30:12] 访客: 我的订单还没到', '[05:31:00] 坐席: 我帮您查一下'].join('\n'));
    expect(ticketFromChatEnding(ending(), { id: 't-4', now: 0 }).ticket.description.split('\n')).toEqual(['Chat c9 ended 2026-12-07 21:40 UTC: unresolved', '[21:30:12] Visitor: 我的订单还没到', '[21:31:00] Agent: 我帮您查一下']);
  });

  it('given a time near midnight when it is written for another zone then the date is the local one', () => {
    const at = Date.UTC(2026, 11, 31, 17, 5, 9);
    expect(centerTime(at, SHANGHAI_ZH)).toBe('2027-01-01 01:05 Asia/Shanghai');
    expect(centerClock(at, SHANGHAI_ZH)).toBe('01:05:09');
    expect(centerTime(at, { language: 'en', timeZone: 'Etc/UTC' })).toBe('2026-12-31 17:05 UTC');
  });
});
