/**
 * The built-in word lists of the sentiment scorer (sentiment.ts), Chinese and English. Weights run
 * from -3 (angry) to +2 (pleased); 0 marks a phrase that only looks like sentiment ("不好意思" is
 * "excuse me", not "not good") so its words are not scored. Admins add to these lists (stored,
 * bot-settings.ts); they never replace them. Kept small and plain on purpose: every score the
 * bot acts on must be explainable word by word to the agent who receives the chat.
 */
import type { SentimentEntry } from './sentiment.js';

const zh: SentimentEntry[] = [
  // pleased
  ['好', 1], ['不错', 1], ['谢谢', 1], ['感谢', 1], ['满意', 2], ['有用', 1], ['有帮助', 2], ['解决了', 2], ['清楚', 1], ['方便', 1], ['棒', 2], ['赞', 2], ['喜欢', 1], ['没问题', 1], ['可以', 1],
  // displeased
  ['差', -2], ['太差', -3], ['垃圾', -3], ['烂', -2], ['生气', -2], ['气死', -3], ['失望', -2], ['不满', -2], ['不满意', -2], ['投诉', -2], ['骗', -3], ['坑', -2], ['没用', -2], ['无语', -2],
  ['慢', -1], ['难用', -2], ['糟糕', -2], ['崩溃', -2], ['讨厌', -2], ['烦', -2], ['受不了', -3], ['离谱', -2],
  // looks like sentiment, is not (and neutral words such as 问题 or 退款 are left out: asking is not a mood)
  ['不好意思', 0], ['麻烦你', 0], ['麻烦您', 0], ['没关系', 0], ['好的', 0], ['你好', 0], ['您好', 0], ['好吗', 0],
].map(([word, weight]) => ({ word: word as string, weight: weight as number }));

const en: SentimentEntry[] = [
  ['good', 1], ['great', 2], ['thanks', 1], ['thank you', 1], ['helpful', 1], ['useful', 1], ['works', 1], ['solved', 2], ['perfect', 2], ['excellent', 2], ['happy', 1], ['love', 2], ['clear', 1], ['fine', 1],
  ['bad', -2], ['terrible', -3], ['awful', -3], ['horrible', -3], ['useless', -2], ['angry', -2], ['annoyed', -2], ['annoying', -2], ['frustrated', -2], ['frustrating', -2], ['disappointed', -2],
  ['hate', -3], ['worst', -3], ['broken', -2], ['stupid', -2], ['ridiculous', -2], ['complaint', -2], ['scam', -3], ['slow', -1], ['waste of time', -3], ['unacceptable', -3], ['fed up', -3], ['sucks', -2],
  ['how are you', 0], ['good morning', 0], ['good afternoon', 0], ['good evening', 0], ['no problem', 0],
].map(([word, weight]) => ({ word: word as string, weight: weight as number }));

export const DEFAULT_SENTIMENT_WORDS: readonly SentimentEntry[] = [...zh, ...en];

/**
 * Words that turn the sentiment word after them around ("不好", "not good", "没有用"). Chinese
 * negators stand right before the word or one degree word before it ("不太好"); English ones up to
 * three words before it in the same clause ("not at all helpful").
 */
export const DEFAULT_NEGATORS: readonly string[] = [
  '不', '没', '没有', '别', '未', '不是', '并不', '毫不', '从不',
  'not', 'no', 'never', "don't", 'dont', "doesn't", 'doesnt', "didn't", 'didnt', "isn't", 'isnt', "wasn't", 'wasnt', "aren't", "won't", "can't", 'cant', 'cannot', 'hardly', 'nothing',
];
