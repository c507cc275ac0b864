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
