import { describe, expect, it } from 'vitest';
import { documentTokens, queryTerms, tsqueryOf } from '../../../src/kb/search-text.js';

describe('knowledge-base search text', () => {
  it('given Chinese text when indexed then each run gives its characters and overlapping bigrams', () => {
    expect(documentTokens('修改地址。')).toEqual(['修', '改', '地', '址', '修改', '改地', '地址']);
  });

  it('given mixed text when indexed then Latin words are lower-cased and split at punctuation', () => {
    expect(documentTokens("Reset the VPN-password, it's 2FA!")).toEqual(['reset', 'the', 'vpn', 'password', 'it', 's', '2fa']);
  });

  it('given full-width characters when indexed then they are folded to their plain forms', () => {
    expect(documentTokens('ＶＰＮ１')).toEqual(['vpn1']);
  });

  it('given a Chinese query when split then its bigrams, and a single character stays one term', () => {
    expect(queryTerms('修改收货地址').map((t) => t.token)).toEqual(['修改', '改收', '收货', '货地', '地址']);
    expect(queryTerms('退')).toEqual([{ token: '退', prefix: false }]);
  });

  it('given a query when made a tsquery then terms are OR-ed and Latin words match as prefixes', () => {
    expect(tsqueryOf('Refund 退款')).toBe("'refund':* | '退款'");
  });

  it('given a query of punctuation or quotes only when made a tsquery then nothing is searched', () => {
    expect(tsqueryOf(" '':*&|! ")).toBeUndefined();
  });

  it('given an attempt to inject tsquery syntax when split then only letters and digits remain', () => {
    expect(tsqueryOf("a' | !b:*")).toBe("'a':* | 'b':*");
  });
});
