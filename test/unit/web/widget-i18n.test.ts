import { describe, expect, it } from 'vitest';
import { pickLocale, translator, widgetEn, widgetZh } from '../../../src/web/widget/i18n.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the widget's English and Chinese words", () => {
  it('given both catalogues when compared then they have the same keys, the same placeholders, and no empty text', () => {
    expect(Object.keys(widgetZh).sort()).toEqual(Object.keys(widgetEn).sort());
    const problems = Object.entries(widgetEn).filter(([k, en]) => {
      const zh = widgetZh[k as keyof typeof widgetEn];
      return en.trim() === '' || zh.trim() === '' || zh === en || placeholders(en).join() !== placeholders(zh).join();
    });
    expect(problems).toEqual([]);
  });

  it('given data-lang on the script tag when the widget picks its language then data-lang wins over the browser, else the browser decides', () => {
    expect(pickLocale('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(pickLocale('en', ['zh-CN'])).toBe('en');
    expect(pickLocale(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLocale('fr', ['de-DE'])).toBe('en');
  });

  it('given a text with placeholders when translated then the values are filled in', () => {
    expect(translator('zh-CN')('state.waiting', { position: 3, minutes: 2 })).toBe('排队中：第 3 位，约 2 分钟');
    expect(translator('en')('state.connected', { agent: 'Alice' })).toBe('Connected to Alice');
  });
});
