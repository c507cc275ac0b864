import { describe, expect, it } from 'vitest';
import { linkify } from '../../../src/web/kit/linkify.js';

const links = (text: string) => linkify(text).flatMap((p) => ('href' in p ? [p.text] : []));

describe('web addresses in chat text', () => {
  it('given an address in a sentence when linked then the text around it stays and the pieces add up to the text', () => {
    const text = 'Please see https://shop.example/bikes?id=7#specs for the specs';
    const pieces = linkify(text);
    expect(pieces).toEqual([{ text: 'Please see ' }, { text: 'https://shop.example/bikes?id=7#specs', href: 'https://shop.example/bikes?id=7#specs' }, { text: ' for the specs' }]);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
  });

  it("given the sentence's punctuation after an address when linked then it is not part of the link; brackets opened inside it are", () => {
    expect(links('Look at https://a.example/x.')).toEqual(['https://a.example/x']);
    expect(links('Two: http://a.example, https://b.example/p?q=1!')).toEqual(['http://a.example', 'https://b.example/p?q=1']);
    expect(links('(see https://a.example/page)')).toEqual(['https://a.example/page']);
    expect(links('https://en.wikipedia.org/wiki/Bike_(disambiguation).')).toEqual(['https://en.wikipedia.org/wiki/Bike_(disambiguation)']);
  });

  it('given Chinese text right around an address when linked then the address ends where the Chinese begins', () => {
    expect(linkify('请看https://shop.example/订单。谢谢')).toEqual([{ text: '请看' }, { text: 'https://shop.example/', href: 'https://shop.example/' }, { text: '订单。谢谢' }]);
    expect(links('网址：https://shop.example/a，请查收')).toEqual(['https://shop.example/a']);
    expect(links('（https://shop.example/b）')).toEqual(['https://shop.example/b']);
  });

  it('given other schemes or no address when linked then nothing is a link', () => {
    for (const text of ['javascript:alert(1)', 'JaVaScRiPt:alert(document.cookie)', 'data:text/html,<b>x</b>', 'ftp://files.example/x', 'http://', 'xhttps://a.example', 'plain words', '']) {
      expect(links(text), text).toEqual([]);
      expect(linkify(text).map((p) => p.text).join('')).toBe(text);
    }
  });

  it('given an upper-case scheme when linked then the link target is the parsed address', () => {
    expect(linkify('HTTPS://Shop.Example/A')).toEqual([{ text: 'HTTPS://Shop.Example/A', href: 'https://shop.example/A' }]);
  });
});
