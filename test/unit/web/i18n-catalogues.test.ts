import { describe, expect, it } from 'vitest';
import { en } from '../../../src/web/i18n/en.js';
import { initialLocale } from '../../../src/web/i18n/i18n.js';
import { zhCN } from '../../../src/web/i18n/zh-CN.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the English and Simplified Chinese catalogues', () => {
  it('given both catalogues when their keys are listed then neither has a key the other lacks', () => {
    const enKeys = Object.keys(en).sort();
    const zhKeys = Object.keys(zhCN).sort();
    expect(zhKeys.filter((k) => !enKeys.includes(k)), 'keys only in zh-CN').toEqual([]);
    expect(enKeys.filter((k) => !zhKeys.includes(k)), 'keys missing from zh-CN').toEqual([]);
  });

  it('given every key when both texts are compared then they fill in the same {placeholders} and none is empty', () => {
    const problems: string[] = [];
    for (const [key, text] of Object.entries(en)) {
      const zh = (zhCN as Record<string, string>)[key] ?? '';
      if (text.trim() === '' || zh.trim() === '') problems.push(`${key}: empty`);
      if (placeholders(text).join() !== placeholders(zh).join()) problems.push(`${key}: ${placeholders(text).join()} vs ${placeholders(zh).join()}`);
    }
    expect(problems).toEqual([]);
  });

  it('given Chinese texts when checked then they are written in Chinese, not left in English', () => {
    // Product names, codes and pure numbers may stay as they are; real sentences must not.
    const untranslated = Object.entries(zhCN).filter(([key, zh]) => zh === (en as Record<string, string>)[key] && /[a-z]{3,}\s+[a-z]{3,}/i.test(zh));
    expect(untranslated).toEqual([]);
  });
});

describe('the first language', () => {
  it('given a remembered choice when the page opens then it wins over the browser language', () => {
    expect(initialLocale('en', ['zh-CN'])).toBe('en');
    expect(initialLocale('zh-CN', ['en-US'])).toBe('zh-CN');
  });

  it('given no remembered choice when the browser prefers Chinese then Simplified Chinese is used, otherwise English', () => {
    expect(initialLocale(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(initialLocale(null, ['de-DE', 'en'])).toBe('en');
    expect(initialLocale('klingon', [])).toBe('en');
  });
});
