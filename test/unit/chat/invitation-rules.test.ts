/** Automatic invitations: the address glob, its validation, and which rule fires for a visit now. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPattern, decideInvitation, matchesPattern, RULE_LIMITS, STAFF_RECHECK_MS, type InvitationRule, type VisitSnapshot } from '../../../src/chat/invitation-rules.js';
import { isAppError } from '../../../src/core/errors.js';

describe('page patterns', () => {
  it.each([
    ['https://shop.example/bikes*', 'https://shop.example/bikes/road?size=56', true],
    ['https://shop.example/bikes*', 'https://shop.example/helmets', false],
    ['/pricing', 'https://shop.example/pricing', true],
    ['/pricing', 'https://shop.example/pricing/enterprise', false],
    ['/pricing*', 'https://other.example/pricing?plan=pro', true],
    ['*/checkout*', 'https://shop.example/de/checkout/step-2', true],
    ['*', 'https://anything.example/', true],
    ['https://*.example/*/cart', 'https://shop.example/de/cart', true],
    ['https://*.example/*/cart', 'https://shop.example/de/cart/x', false],
    ['https://SHOP.example/Bikes', 'https://shop.example/bikes', true],
    ['/a*a', 'https://x.example/a', false],
    ['/search?q=*', 'https://x.example/search?q=bikes', true],
    ['/search?q=*', 'https://x.example/searchXq=bikes', false],
    ['not a url/*', 'not a url/page', true],
  ])('given the pattern %s when the address is %s then it matches: %s', (pattern, url, expected) => {
    expect(matchesPattern(pattern, url)).toBe(expected);
  });

  it('given an address built to make a backtracking matcher slow when matched then it is answered (a backtracking matcher would not finish)', () => {
    // 2000 a's against five stars: a backtracking regex tries ~2000^4 ways; this walks the address a few times.
    const url = `https://x.example/${'a'.repeat(2000)}`;
    expect(matchesPattern('*a*a*a*a*b', url)).toBe(false);
    expect(matchesPattern('*a*a*a*a*a', url)).toBe(true);
  });

  it.each([
    ['', 'is empty'],
    ['x'.repeat(RULE_LIMITS.maxPatternLength + 1), 'longer'],
    ['/a b', 'spaces'],
    ['^/pricing$', 'regular expression'],
    ['/(foo|bar)', 'regular expression'],
    ['/items/[0-9]+', 'regular expression'],
    ['/a\\d', 'regular expression'],
    ['/*a*b*c*d*e*f', 'more than'],
  ])('given the bad pattern %j when checked then INVITATION_RULE_PATTERN_INVALID at /urlPattern (%s)', (pattern, reason) => {
    let caught: unknown;
    try {
      checkPattern(pattern);
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'INVITATION_RULE_PATTERN_INVALID')).toBe(true);
    expect((caught as { details: { where: string; reason: string } }).details).toMatchObject({ where: '/urlPattern' });
    expect((caught as Error).message).toContain(reason);
  });

  it.each(['/pricing', 'https://shop.example/*', '*', '/search?q=*&page=1', 'https://shop.*/cart'])('given the good pattern %s when checked then it passes', (pattern) => {
    expect(() => checkPattern(pattern)).not.toThrow();
  });
});

const NOW = 1_000_000;
const rule = (over: Partial<InvitationRule>): InvitationRule => ({
  id: 'r1',
  name: 'pricing',
  enabled: true,
  urlPattern: '/pricing*',
  minSecondsOnPage: 30,
  visitorKind: 'any',
  message: { en: 'Questions about plans?', zh: '对套餐有疑问吗？' },
  queueId: 'q1',
  createdAt: 0,
  updatedAt: 0,
  ...over,
});
const visit = (over: Partial<VisitSnapshot>): VisitSnapshot => ({
  online: true,
  returning: false,
  currentPage: { url: 'https://shop.example/pricing', enteredAt: NOW - 40_000 },
  chatting: false,
  invitationOpen: false,
  declinedThisVisit: false,
  invitedBy: new Set(),
  ...over,
});
const free = () => true;

describe('which rule invites a visitor now', () => {
  it.each<[string, Partial<VisitSnapshot>, Partial<InvitationRule>, ReturnType<typeof decideInvitation>['kind'], number?]>([
    ['on a matching page long enough', {}, {}, 'invite'],
    ['on a matching page for 10 s of 30', { currentPage: { url: 'https://shop.example/pricing', enteredAt: NOW - 10_000 } }, {}, 'wait', NOW + 20_000],
    ['on another page', { currentPage: { url: 'https://shop.example/blog', enteredAt: NOW - 40_000 } }, {}, 'none'],
    ['before any page view', { currentPage: undefined }, {}, 'none'],
    ['a new visitor and a returning-only rule', { returning: false }, { visitorKind: 'returning' }, 'none'],
    ['a returning visitor and a returning-only rule', { returning: true }, { visitorKind: 'returning' }, 'invite'],
    ['a returning visitor and a new-only rule', { returning: true }, { visitorKind: 'new' }, 'none'],
    ['a disabled rule', {}, { enabled: false }, 'none'],
    ['a rule that invited in this visit already', { invitedBy: new Set(['r1']) }, {}, 'none'],
    ['a visitor who declined in this visit', { declinedThisVisit: true }, {}, 'none'],
    ['a visitor chatting', { chatting: true }, {}, 'none'],
    ['a visitor with an open invitation', { invitationOpen: true }, {}, 'none'],
    ['a visitor who left', { online: false }, {}, 'none'],
    ['a rule with no time on the page asked', { currentPage: { url: 'https://shop.example/pricing', enteredAt: NOW } }, { minSecondsOnPage: 0 }, 'invite'],
  ])('given %s when decided then %s', (_what, v, r, kind, at) => {
    const d = decideInvitation(visit(v), [rule(r)], NOW, free);
    expect(d.kind).toBe(kind);
    if (at !== undefined) expect(d).toEqual({ kind: 'wait', at });
  });

  it('given the queue has no agent with a free chat slot when decided then no invitation, and a look again shortly', () => {
    expect(decideInvitation(visit({}), [rule({})], NOW, () => false)).toEqual({ kind: 'wait', at: NOW + STAFF_RECHECK_MS });
  });

  it('given two matching rules when decided then the first in order whose queue has a free agent invites', () => {
    const rules = [rule({ id: 'a', queueId: 'busy' }), rule({ id: 'b', queueId: 'q1' }), rule({ id: 'c', queueId: 'q1' })];
    const d = decideInvitation(visit({}), rules, NOW, (q) => q === 'q1');
    expect(d).toMatchObject({ kind: 'invite', rule: { id: 'b' } });
  });

  it('given one rule due later and one due sooner when decided then the wait is until the sooner', () => {
    const rules = [rule({ id: 'a', minSecondsOnPage: 120 }), rule({ id: 'b', minSecondsOnPage: 60 })];
    expect(decideInvitation(visit({}), rules, NOW, free)).toEqual({ kind: 'wait', at: NOW - 40_000 + 60_000 });
  });
});

describe('page patterns against a reference', () => {
  /** The plain meaning of a glob, as a regular expression (fine here: tiny inputs, never a visitor's). */
  const reference = (pattern: string, text: string) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's').test(text);

  it('given random patterns and addresses over a small alphabet when matched then the answer is the reference glob answer', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '/', '*', '?'), maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', 'b', '/', '?'), maxLength: 12 }), (pattern, path) => {
        // Not starting with '/': matched against the whole text, which is what the reference does.
        const p = `x${pattern}`;
        const text = `x${path}`;
        expect(matchesPattern(p, text)).toBe(reference(p, text));
      }),
      { numRuns: 2000 },
    );
  });
});
