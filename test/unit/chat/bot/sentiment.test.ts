import { describe, expect, it } from 'vitest';
import { explainSentiment, scoreSentiment, type SentimentLexicon } from '../../../../src/chat/bot/sentiment.js';
import { DEFAULT_NEGATORS, DEFAULT_SENTIMENT_WORDS } from '../../../../src/chat/bot/sentiment-words.js';

const lex: SentimentLexicon = { entries: DEFAULT_SENTIMENT_WORDS, negators: DEFAULT_NEGATORS };

describe('sentiment scorer', () => {
  const cases: { text: string; score: number; words: string[] }[] = [
    // Chinese: negation right before, or one degree word before
    { text: '不好', score: -1, words: ['不 好'] },
    { text: '不错', score: 1, words: ['不错'] },
    { text: '服务太差了', score: -3, words: ['太差'] },
    { text: '这个不太好', score: -1, words: ['不 好'] },
    { text: '一点也不满意', score: -2, words: ['不满意'] },
    { text: '我很满意', score: 2, words: ['满意'] },
    { text: '并不是很满意', score: -2, words: ['不是 满意'] },
    { text: '这个功能没有用', score: -1, words: ['没 有用'] },
    { text: '不好意思，我想问一下', score: 0, words: [] },
    { text: '谢谢，解决了', score: 3, words: ['谢谢', '解决了'] },
    { text: '垃圾系统，气死我了', score: -6, words: ['垃圾', '气死'] },
    { text: '没问题', score: 1, words: ['没问题'] },
    // English: negation up to three words before, in the same clause
    { text: 'not good', score: -1, words: ['not good'] },
    { text: 'This is not at all helpful', score: -1, words: ['not helpful'] },
    { text: "it isn't bad", score: 2, words: ["isn't bad"] },
    { text: 'Not sure. Good though', score: 1, words: ['good'] },
    { text: 'This is terrible, a waste of time', score: -6, words: ['terrible', 'waste of time'] },
    { text: 'Great, thank you!', score: 3, words: ['great', 'thank you'] },
    { text: 'Good morning, I need my invoice', score: 0, words: [] },
    { text: 'How do I reset my password?', score: 0, words: [] },
    // full-width letters are read as plain ones (NFKC)
    { text: 'ＢＡＤ', score: -2, words: ['bad'] },
  ];
  for (const c of cases) {
    it(`given "${c.text}" when scored then the score is ${c.score} from ${c.words.join(', ') || 'no words'}`, () => {
      const s = scoreSentiment(c.text, lex);
      expect(s.score).toBe(c.score);
      expect(s.hits.map((h) => (h.negatedBy ? `${h.negatedBy} ${h.word}` : h.word))).toEqual(c.words);
    });
  }

  it('given a negated word when explained then the explanation names the word, its weight and the negator', () => {
    expect(explainSentiment(scoreSentiment('不好，谢谢', lex))).toBe('不 好 -1 (好 +1 negated by 不), 谢谢 +1');
    expect(explainSentiment(scoreSentiment('hello', lex))).toBe('no sentiment words');
  });

  it('given an admin word that replaces a built-in one when scored then the admin weight counts', () => {
    const extended: SentimentLexicon = { entries: [...DEFAULT_SENTIMENT_WORDS, { word: '慢', weight: -3 }, { word: '离谱', weight: 0 }, { word: 'meh', weight: -1 }], negators: [...DEFAULT_NEGATORS, '甭'] };
    expect(scoreSentiment('发货太慢', extended).score).toBe(-3);
    expect(scoreSentiment('太离谱', extended).hits).toEqual([]);
    expect(scoreSentiment('meh', extended).score).toBe(-1);
    expect(scoreSentiment('甭满意', extended).score).toBe(-2);
  });
});
