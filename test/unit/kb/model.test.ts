import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { articleStatus, categoryTree, checkArticleContent, checkParent, subtreeOf, MAX_CATEGORY_DEPTH, type KbCategory } from '../../../src/kb/model.js';

const cat = (id: string, parentId: string | null, position = 0): KbCategory => ({ id, name: id, parentId, position, createdAt: 0, updatedAt: 0 });
// root -> a -> b -> c ; other
const tree = [cat('root', null), cat('a', 'root'), cat('b', 'a'), cat('c', 'b'), cat('other', null)];

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (isAppError(err)) return err.code;
    throw err;
  }
  return undefined;
}

describe('knowledge-base categories', () => {
  it('given a tree when a category is moved under its own descendant then KB_CATEGORY_CYCLE', () => {
    expect(codeOf(() => checkParent(tree, 'a', 'c'))).toBe('KB_CATEGORY_CYCLE');
    expect(codeOf(() => checkParent(tree, 'a', 'a'))).toBe('KB_CATEGORY_CYCLE');
  });

  it('given a tree when a category is moved to another branch or to the top then it is allowed', () => {
    expect(codeOf(() => checkParent(tree, 'b', 'other'))).toBeUndefined();
    expect(codeOf(() => checkParent(tree, 'c', null))).toBeUndefined();
  });

  it('given an unknown parent when placing a category then KB_CATEGORY_NOT_FOUND naming parentId', () => {
    try {
      checkParent(tree, null, 'nope');
      expect.unreachable();
    } catch (err) {
      expect(isAppError(err, 'KB_CATEGORY_NOT_FOUND')).toBe(true);
      expect((err as { details: { where: string } }).details.where).toBe('/parentId');
    }
  });

  it('given a chain as deep as allowed when one more level is added then KB_CATEGORY_TOO_DEEP', () => {
    const chain = Array.from({ length: MAX_CATEGORY_DEPTH }, (_, i) => cat(`c${i}`, i === 0 ? null : `c${i - 1}`));
    expect(codeOf(() => checkParent(chain, null, `c${MAX_CATEGORY_DEPTH - 2}`))).toBeUndefined();
    expect(codeOf(() => checkParent(chain, null, `c${MAX_CATEGORY_DEPTH - 1}`))).toBe('KB_CATEGORY_TOO_DEEP');
    // Moving a two-level subtree under the deepest-but-one also overflows.
    const withSub = [...chain, cat('x', null), cat('y', 'x')];
    expect(codeOf(() => checkParent(withSub, 'x', `c${MAX_CATEGORY_DEPTH - 2}`))).toBe('KB_CATEGORY_TOO_DEEP');
  });

  it('given a tree when asked for a subtree then the category and all below it', () => {
    expect(subtreeOf(tree, 'a').sort()).toEqual(['a', 'b', 'c']);
    expect(subtreeOf(tree, 'other')).toEqual(['other']);
  });

  it('given flat categories when built into a tree then children nest, siblings by position then name', () => {
    const roots = categoryTree([cat('z', null, 0), cat('y', null, 0), cat('x', null, 1), cat('k', 'y')]);
    expect(roots.map((r) => r.id)).toEqual(['y', 'z', 'x']);
    expect(roots[0]!.children.map((c) => c.id)).toEqual(['k']);
  });
});

describe('knowledge-base articles', () => {
  const ok = { title: '  Reset a password ', body: 'Steps', tags: ['account', 'account', ' login '], categoryId: 'c', language: 'en' as const };

  it('given content when checked then the title is trimmed and tags trimmed and deduplicated', () => {
    expect(checkArticleContent(ok)).toEqual({ ...ok, title: 'Reset a password', tags: ['account', 'login'] });
  });

  it('given an empty title, an unknown language and an empty tag then VALIDATION_FAILED naming each field', () => {
    try {
      checkArticleContent({ ...ok, title: ' ', language: 'fr' as 'en', tags: ['ok', ' '] });
      expect.unreachable();
    } catch (err) {
      expect(isAppError(err, 'VALIDATION_FAILED')).toBe(true);
      const wheres = (err as { details: { problems: { where: string }[] } }).details.problems.map((p) => p.where);
      expect(wheres).toEqual(['/title', '/language', '/tags/1']);
    }
  });

  it('given the published and latest versions then the status says draft, published or changed', () => {
    expect(articleStatus({ latestVersion: 1, publishedVersion: null })).toBe('draft');
    expect(articleStatus({ latestVersion: 2, publishedVersion: 2 })).toBe('published');
    expect(articleStatus({ latestVersion: 3, publishedVersion: 2 })).toBe('changed');
  });
});
