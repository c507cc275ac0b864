import { describe, expect, it } from 'vitest';
import { channelBody, channelForm, fieldOf, problemText, wordsBody, wordsForm } from '../../../src/web/chat-bot-admin/bot-form.js';
import { problemPaths } from '../../../src/web/api/chat-bot.js';

const saved = { channel: 'web' as const, mode: 'always' as const, calendarId: null, handover: { onRequest: true, unhelpfulTurns: null, negativeStreak: 3, vip: false } };

describe('the bot settings form', () => {
  it('given saved settings when shown and sent back unchanged then the body is what was saved', () => {
    const { channel: _c, ...rest } = saved;
    expect(channelBody(channelForm(saved))).toEqual(rest);
  });

  it('given a count rule switched off when sent then the count is null (never), whatever its box holds', () => {
    expect(channelBody({ ...channelForm(saved), negativeOn: false, negative: '9' }).handover.negativeStreak).toBeNull();
  });

  it('given an emptied or non-numeric count or weight when sent then it goes as the text typed, for the daemon to refuse at that field, never as null or 0', () => {
    expect(channelBody({ ...channelForm(saved), negative: '' }).handover.negativeStreak).toBe('');
    expect(channelBody({ ...channelForm(saved), negative: ' 4 ' }).handover.negativeStreak).toBe(4);
    expect(wordsBody({ sentiment: [{ word: 'meh', weight: '-' }], negators: [], handoverPhrases: [] }).sentiment[0]?.weight).toBe('-');
    expect(wordsBody(wordsForm({ sentiment: [{ word: 'meh', weight: -1 }], negators: ['never'], handoverPhrases: ['找经理'] }))).toEqual({ sentiment: [{ word: 'meh', weight: -1 }], negators: ['never'], handoverPhrases: ['找经理'] });
  });

  it("given the daemon's problem paths (its own checks and the schema's, with /body) when mapped then each lands on the page's field", () => {
    expect(problemPaths({ problems: [{ where: '/body/handover/negativeStreak' }, { where: '/sentiment/3/weight' }, { where: '/body/sentiment/1/word' }, {}] }).map(fieldOf)).toEqual(['negativeStreak', 'sentiment/3/weight', 'sentiment/1']);
    expect(fieldOf('/handoverPhrases/0')).toBe('handoverPhrases/0');
    expect(fieldOf('/calendarId')).toBe('calendarId');
    expect(problemPaths(undefined)).toEqual([]);
  });

  it('given each kind of field when refused then its message names the limits the daemon holds', () => {
    expect(problemText('unhelpfulTurns')).toBe('A whole number from 1 to 20.');
    expect(problemText('sentiment/0/weight')).toBe('A whole number from -3 to 3.');
    expect(problemText('negators/2')).toBe('1 to 40 characters, with at least one letter or digit.');
    expect(problemText('handoverPhrases')).toBe('At most 500 entries.');
    expect(problemText('calendarId')).toBe('This calendar does not exist.');
  });
});
