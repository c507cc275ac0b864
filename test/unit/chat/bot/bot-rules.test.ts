import { describe, expect, it } from 'vitest';
import { admit, articleOpened, decideChoice, decideText, handoverRefused, newSession, supervisorHandover, type BotSession, type CardArticle } from '../../../../src/chat/bot/bot-rules.js';
import { askedForPerson } from '../../../../src/chat/bot/handover-phrases.js';
import { defaultChannelSettings, type HandoverRules } from '../../../../src/chat/bot/bot-settings.js';
import { scoreSentiment } from '../../../../src/chat/bot/sentiment.js';
import { DEFAULT_NEGATORS, DEFAULT_SENTIMENT_WORDS } from '../../../../src/chat/bot/sentiment-words.js';

const rules: HandoverRules = defaultChannelSettings('web').handover; // asked, 2 unhelpful, 3 negative, vip
const lex = { entries: DEFAULT_SENTIMENT_WORDS, negators: DEFAULT_NEGATORS };
const art = (id: string): CardArticle => ({ articleId: id, title: `Article ${id}`, excerpt: '...' });

function say(session: BotSession, text: string, articles: CardArticle[] = [], r: HandoverRules = rules) {
  return decideText(session, { at: 1, sentiment: scoreSentiment(text, lex), phrase: askedForPerson(text, ['找经理']), articles }, r);
}

describe('admission', () => {
  const cases: { mode: 'off' | 'always' | 'outside_hours'; open: boolean; vip: boolean; vipRule: boolean; want: string }[] = [
    { mode: 'off', open: false, vip: false, vipRule: true, want: 'queue' },
    { mode: 'always', open: true, vip: false, vipRule: true, want: 'bot' },
    { mode: 'outside_hours', open: true, vip: false, vipRule: true, want: 'queue' },
    { mode: 'outside_hours', open: false, vip: false, vipRule: true, want: 'bot' },
    { mode: 'always', open: true, vip: true, vipRule: true, want: 'vip' },
    { mode: 'always', open: true, vip: true, vipRule: false, want: 'bot' },
    { mode: 'off', open: true, vip: true, vipRule: true, want: 'queue' },
  ];
  for (const c of cases) {
    it(`given mode ${c.mode}, ${c.open ? 'open' : 'closed'}, ${c.vip ? 'a VIP' : 'a visitor'} (vip rule ${c.vipRule}) when a chat starts then it goes to the ${c.want}`, () => {
      expect(admit(c.mode, { ...rules, vip: c.vipRule }, { open: c.open, vip: c.vip })).toBe(c.want);
    });
  }
});

describe('bot turns', () => {
  it('given a question with matches when answered then up to three cards and the solved question follow', () => {
    const d = say(newSession('c1'), 'how do I reset my password', [art('a'), art('b'), art('c'), art('d')]);
    expect(d.actions.map((a) => (a.kind === 'say' ? a.say : a.kind))).toEqual(['found', 'cards', 'ask_solved']);
    expect(d.actions[1]).toMatchObject({ kind: 'cards', articles: [{ articleId: 'a' }, { articleId: 'b' }, { articleId: 'c' }] });
    expect(d.session).toMatchObject({ turns: 1, asking: true, shown: ['a', 'b', 'c'] });
  });

  it('given 转人工, talk to a person or an added phrase when said then the chat is handed over at once with the phrase', () => {
    for (const [text, phrase] of [['转人工', '转人工'], ['I want to talk to a person please', 'talk to a person'], ['找经理来', '找经理'], ['AGENT!', 'agent']]) {
      const d = say(newSession('c1'), text as string, [art('a')]);
      expect(d.session.status).toBe('handed_over');
      expect(d.actions[0]).toEqual({ kind: 'handover', info: { reason: 'asked', at: 1, detail: { phrase } } });
    }
  });

  it('given a hand-over phrase in a language the bot does not know when said then it is answered as a question (the person button stays)', () => {
    const d = say(newSession('c1'), 'quiero hablar con una persona');
    expect(d.session.status).toBe('bot');
    expect(d.actions).toEqual([{ kind: 'say', say: 'no_match' }]);
  });

  it('given asking for a person is switched off when asked then the bot says no person is available here and keeps the chat', () => {
    const d = say(newSession('c1'), '转人工', [], { ...rules, onRequest: false });
    expect(d.session.status).toBe('bot');
    expect(d.actions).toEqual([{ kind: 'say', say: 'no_person' }]);
  });

  it('given three negative messages in a row when the third arrives then the chat is handed over with each score and its words', () => {
    let s = newSession('c1');
    s = say(s, '太差了', [art('a')]).session;
    s = say(s, 'not good at all', [art('a')]).session;
    const d = say(s, '垃圾', [art('a')]);
    expect(d.session.status).toBe('handed_over');
    expect(d.actions[0]).toEqual({
      kind: 'handover',
      info: { reason: 'negative', at: 1, detail: { scores: [{ score: -3, words: '太差 -3' }, { score: -1, words: 'not good -1 (good +1 negated by not)' }, { score: -3, words: '垃圾 -3' }] } },
    });
  });

  it('given a neutral message between negative ones when counted then the streak starts again', () => {
    let s = newSession('c1');
    s = say(s, '太差了', [art('a')]).session;
    s = say(s, '差', [art('a')]).session;
    s = say(s, '我的订单号是 123', [art('a')]).session;
    expect(s.negative).toEqual([]);
    expect(say(s, '太差了', [art('a')]).session.status).toBe('bot');
  });

  it('given nothing found twice when asked then the chat goes to a person for unhelpful turns', () => {
    const first = say(newSession('c1'), 'xyzzy');
    expect(first.actions).toEqual([{ kind: 'say', say: 'no_match' }]);
    const second = say(first.session, 'plugh');
    expect(second.actions[0]).toEqual({ kind: 'handover', info: { reason: 'unhelpful', at: 1, detail: { turns: 2 } } });
  });

  it('given the unhelpful rule is off when nothing is ever found then the bot keeps the chat', () => {
    let s = newSession('c1');
    for (let i = 0; i < 5; i++) s = say(s, 'xyzzy', [], { ...rules, unhelpfulTurns: null }).session;
    expect(s).toMatchObject({ status: 'bot', unhelpful: 5 });
  });

  it('given articles shown when the visitor says solved then the opened article gets the credit, else the first', () => {
    const shown = say(newSession('c1'), 'refund', [art('a'), art('b')]).session;
    expect(decideChoice(shown, 'yes', 2, rules)).toMatchObject({ session: { solvedArticleId: 'a', asking: false }, actions: [{ kind: 'say', say: 'glad' }] });
    expect(decideChoice(articleOpened(shown, 'b'), 'yes', 2, rules).session.solvedArticleId).toBe('b');
    expect(articleOpened(shown, 'zzz').opened).toBeNull();
  });

  it('given "did not help" twice when answered then the chat is handed over; a late click changes nothing', () => {
    const shown = say(newSession('c1'), 'refund', [art('a')]).session;
    const no1 = decideChoice(shown, 'no', 2, rules);
    expect(no1.actions).toEqual([{ kind: 'say', say: 'sorry_retry' }]);
    expect(decideChoice(no1.session, 'no', 3, rules).actions).toEqual([]);
    const again = say(no1.session, 'refund again', [art('a')]).session;
    expect(decideChoice(again, 'no', 4, rules).actions[0]).toEqual({ kind: 'handover', info: { reason: 'unhelpful', at: 4, detail: { turns: 2 } } });
  });

  it('given the person button when pressed then the chat is handed over; after hand-over the bot stays silent', () => {
    const d = decideChoice(newSession('c1'), 'person', 5, rules);
    expect(d.session.handover).toEqual({ reason: 'asked', at: 5, detail: { phrase: 'button' } });
    expect(say(d.session, 'hello?').actions).toEqual([]);
  });

  it('given the queue refuses the hand-over when applied then the bot keeps the chat and says nobody can serve', () => {
    const d = decideChoice(newSession('c1'), 'person', 5, rules);
    expect(handoverRefused(d.session)).toMatchObject({ session: { status: 'bot', handover: null }, actions: [{ kind: 'say', say: 'no_agent' }] });
  });

  it('given a chat with the bot when a supervisor hands it over then it goes to a person with the reason supervisor; a chat already handed over or ended is not handed again', () => {
    const asked = say(newSession('c1'), 'How do I reset it?', [art('a1')]).session;
    expect(supervisorHandover(asked, 9)).toEqual({
      session: { ...asked, status: 'handed_over', asking: false, handover: { reason: 'supervisor', at: 9, detail: {} } },
      actions: [{ kind: 'handover', info: { reason: 'supervisor', at: 9, detail: {} } }, { kind: 'say', say: 'handing_over' }],
    });
    const handed = decideChoice(newSession('c2'), 'person', 5, rules).session;
    expect(supervisorHandover(handed, 9)).toBeUndefined();
    expect(supervisorHandover({ ...newSession('c3'), status: 'ended' }, 9)).toBeUndefined();
  });
});
