/** Where a visitor came from (search words in the referrer), and the time on a page. */
import { describe, expect, it } from 'vitest';
import { searchOrigin, timeOnPage } from '../../../src/chat/visit-tracking.js';

describe('search keywords from the referrer', () => {
  it('given a google result page when read then the q words are the keywords', () => {
    expect(searchOrigin('https://www.google.com/search?q=blue+bike+helmet&hl=en')).toEqual({ engine: 'google', keywords: 'blue bike helmet' });
    expect(searchOrigin('https://www.google.co.uk/search?q=bike')).toEqual({ engine: 'google', keywords: 'bike' });
  });

  it('given a baidu result page with Chinese words URL-encoded when read then they are decoded from wd, or word on mobile', () => {
    expect(searchOrigin('https://www.baidu.com/s?ie=utf-8&wd=%E8%87%AA%E8%A1%8C%E8%BD%A6%20%E5%A4%B4%E7%9B%94')).toEqual({ engine: 'baidu', keywords: '自行车 头盔' });
    expect(searchOrigin('https://m.baidu.com/s?word=%E5%AE%A2%E6%9C%8D')).toEqual({ engine: 'baidu', keywords: '客服' });
  });

  it('given bing, sogou and so.com result pages when read then each engine parameter is used', () => {
    expect(searchOrigin('https://cn.bing.com/search?q=contact+center')).toEqual({ engine: 'bing', keywords: 'contact center' });
    expect(searchOrigin('https://www.sogou.com/web?query=%E5%91%BC%E5%8F%AB%E4%B8%AD%E5%BF%83')).toEqual({ engine: 'sogou', keywords: '呼叫中心' });
    expect(searchOrigin('https://www.so.com/s?q=%E5%9C%A8%E7%BA%BF%E5%AE%A2%E6%9C%8D')).toEqual({ engine: 'so.com', keywords: '在线客服' });
  });

  it('given an engine that hides the words when read then the engine is known and the keywords empty', () => {
    expect(searchOrigin('https://www.google.com/')).toEqual({ engine: 'google', keywords: '' });
  });

  it('given other sites, look-alike hosts, no referrer or a non-web address when read then there is no search origin', () => {
    expect(searchOrigin('https://news.example.com/?q=bikes')).toBeUndefined();
    expect(searchOrigin('https://notbaidu.com/s?wd=x')).toBeUndefined();
    expect(searchOrigin('https://google.com.evil.example/search?q=x')).toBeUndefined();
    expect(searchOrigin('')).toBeUndefined();
    expect(searchOrigin('javascript:alert(1)')).toBeUndefined();
  });

  // Real byte sequences: 你好 is C4E3 BAC3 in GBK, E4BDA0 E5A5BD in UTF-8; 客服 is BFCD B7FE in GBK;
  // 𠀀 (U+20000) is 95328236 in GB18030 (four bytes: not in GBK proper).
  const charsetCases: [string, string, string][] = [
    ['baidu naming ie=gbk', 'https://www.baidu.com/s?ie=gbk&wd=%C4%E3%BA%C3', '你好'],
    ['baidu naming ie=gb2312 after the words', 'https://www.baidu.com/s?wd=%C4%E3%BA%C3&ie=gb2312', '你好'],
    ['baidu naming ie=GBK in capitals', 'https://www.baidu.com/s?ie=GBK&wd=%BF%CD%B7%FE', '客服'],
    ['baidu naming ie=utf-8', 'https://www.baidu.com/s?ie=utf-8&wd=%E4%BD%A0%E5%A5%BD', '你好'],
    ['an old baidu link naming nothing, GBK bytes', 'https://www.baidu.com/s?wd=%C4%E3%BA%C3', '你好'],
    ['an old sogou link naming nothing, GBK bytes', 'https://www.sogou.com/web?query=%C4%E3%BA%C3+%BF%CD%B7%FE', '你好 客服'],
    ['sogou naming ie=utf8', 'https://www.sogou.com/web?query=%E4%BD%A0%E5%A5%BD&ie=utf8', '你好'],
    ['an old 360 link naming nothing, GBK bytes', 'https://www.so.com/s?q=%BF%CD%B7%FE', '客服'],
    ['google.com.hk naming ie=gb2312 (oe=utf-8 names the result page only)', 'https://www.google.com.hk/search?q=%C4%E3%BA%C3&ie=gb2312&oe=utf-8', '你好'],
    ['an engine naming inputencoding', 'https://www.bing.com/search?q=%C4%E3%BA%C3&inputencoding=gbk', '你好'],
    ['a UTF-8 link naming nothing', 'https://www.baidu.com/s?wd=%E4%BD%A0%E5%A5%BD', '你好'],
    ['GBK words with + as a space and ASCII', 'https://www.baidu.com/s?ie=gbk&wd=iPhone+%BF%CD%B7%FE++15', 'iPhone 客服 15'],
    ['a GB18030 four-byte character', 'https://www.baidu.com/s?ie=gb18030&wd=%95%32%82%36', '\u{20000}'],
    ['a charset the link names wrongly (utf-8 for GBK bytes)', 'https://www.baidu.com/s?ie=utf-8&wd=%C4%E3%BA%C3', '你好'],
    ['a charset no runtime knows', 'https://www.baidu.com/s?ie=klingon&wd=%C4%E3%BA%C3', '你好'],
    ['ie= empty', 'https://www.baidu.com/s?ie=&wd=%E4%BD%A0', '你'],
    ['the words under the mobile parameter', 'https://m.baidu.com/s?word=%BF%CD%B7%FE&ie=gbk', '客服'],
  ];
  it.each(charsetCases)('given %s when read then the keywords are decoded in that charset', (_case, referrer, keywords) => {
    expect(searchOrigin(referrer)?.keywords).toBe(keywords);
  });

  const badCases: [string, string][] = [
    ['a truncated escape', 'https://www.baidu.com/s?wd=%E4%BD%A'],
    ['an escape that is not hex', 'https://www.baidu.com/s?ie=gbk&wd=%zz%C4%E3'],
    ['a lone percent sign', 'https://www.sogou.com/web?query=100%'],
    ['a GBK character cut in half', 'https://www.baidu.com/s?ie=gbk&wd=%C4%E3%BA'],
    ['bytes that are neither UTF-8 nor GBK', 'https://www.baidu.com/s?wd=%FF%FF'],
  ];
  it.each(badCases)('given %s when read then the engine is known, the keywords empty, and nothing throws', (_case, referrer) => {
    expect(searchOrigin(referrer)).toEqual({ engine: expect.any(String), keywords: '' });
  });

  it('given a GB18030 character at the cut when the words are long then it is kept whole, never half a surrogate pair', () => {
    const words = searchOrigin(`https://www.baidu.com/s?ie=gb18030&wd=${'a'.repeat(199)}%95%32%82%36b`)?.keywords ?? '';
    expect([...words]).toHaveLength(200);
    expect(words.endsWith('\u{20000}')).toBe(true);
  });

  it('given very long keywords when read then they are cut to 200 characters', () => {
    expect(searchOrigin(`https://www.bing.com/search?q=${'a'.repeat(500)}`)?.keywords).toHaveLength(200);
  });
});

describe('time on a page', () => {
  it('given a left page when timed then it is from its view to its leaving; an open page counts up to now', () => {
    expect(timeOnPage({ enteredAt: 1000, leftAt: 6000 }, 99_000)).toBe(5000);
    expect(timeOnPage({ enteredAt: 1000, leftAt: null }, 4000)).toBe(3000);
  });
});
