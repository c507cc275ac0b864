import { describe, expect, it } from 'vitest';
import { askedForPerson } from '../../../../src/chat/bot/handover-phrases.js';

describe('hand-over phrases', () => {
  it('given "人工" as a hand-over phrase when the visitor writes about 人工智能 then no person is asked for', () => {
    expect(askedForPerson('你们的人工智能客服能回答退款问题吗', [])).toBeUndefined();
    expect(askedForPerson('人工智能', [])).toBeUndefined();
    expect(askedForPerson('人工费怎么算', [])).toBeUndefined();
  });

  it('given "人工" when the visitor asks for 人工 on its own or with other words then a person is asked for', () => {
    expect(askedForPerson('人工', [])).toBe('人工');
    expect(askedForPerson('我要人工！', [])).toBe('人工');
    expect(askedForPerson('转人工', [])).toBe('转人工');
    expect(askedForPerson('人工客服在吗', [])).toBe('人工');
  });

  it('given a message with both 人工智能 and a plain 人工 when checked then the plain one counts', () => {
    expect(askedForPerson('不要人工智能，我要人工', [])).toBe('人工');
  });

  it('given an admin-added Chinese phrase inside 人工智能 when the visitor writes 人工智能 then it does not count either', () => {
    expect(askedForPerson('人工智能', ['工智'])).toBeUndefined();
    expect(askedForPerson('找经理', ['找经理'])).toBe('找经理');
  });

  it('given English phrases when written as part of another word then they do not count, and as words they do', () => {
    expect(askedForPerson('the reagent is missing', [])).toBeUndefined();
    expect(askedForPerson('an agent please', [])).toBe('agent');
  });
});
