import { describe, expect, it } from 'vitest';
import { documentTokens, queryTerms, tsqueryOf, tsqueryTiers } from '../../../src/kb/search-text.js';

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

  it('given two English words when tiered then every word first, then any word', () => {
    expect(tsqueryTiers('refund invoice')).toEqual(["('refund':* & 'invoice':*)", "'refund':* | 'invoice':*"]);
  });

  it('given two Chinese words written together when tiered then after all bigrams comes "two of the three", which holds the articles with both words although 款发 is in none', () => {
    expect(tsqueryTiers('退款发票')).toEqual(["('退款' & '款发' & '发票')", "('退款' & '款发') | ('退款' & '发票') | ('款发' & '发票')", "'退款' | '款发' | '发票'"]);
  });

  it('given four terms when tiered then all, three of four, two of four, any: each tier a looser match than the one before', () => {
    const tiers = tsqueryTiers('路由器安装')!;
    expect(tiers).toHaveLength(4);
    expect(tiers[0]).toBe("('路由' & '由器' & '器安' & '安装')");
    expect(tiers[1]!.split(' | ')).toHaveLength(4);
    expect(tiers[1]).toContain("('路由' & '由器' & '安装')");
    expect(tiers[2]!.split(' | ')).toHaveLength(6);
    expect(tiers[3]).toBe("'路由' | '由器' | '器安' | '安装'");
  });

  it('given one term or none when tiered then one tier, or nothing to search', () => {
    expect(tsqueryTiers('Refund')).toEqual(["'refund':*"]);
    expect(tsqueryTiers(' !? ')).toBeUndefined();
  });

  it('given a long query when tiered then only all and any: the middle tiers would grow as n choose k', () => {
    const tiers = tsqueryTiers('one two three four five six seven eight nine')!;
    expect(tiers).toHaveLength(2);
    expect(tiers[0]!.split(' & ')).toHaveLength(9);
    expect(tiers[1]!.split(' | ')).toHaveLength(9);
  });

  it('given an attempt to inject tsquery syntax when split then only letters and digits remain', () => {
    expect(tsqueryOf("a' | !b:*")).toBe("'a':* | 'b':*");
  });
});
