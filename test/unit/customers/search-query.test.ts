import { describe, expect, it } from 'vitest';
import { searchQuery } from '../../../src/customers/search-query.js';

describe('customer search text', () => {
  it('given a number in any notation then its digits are searched; a name is not a number', () => {
    expect(searchQuery(' +86 138-0013 ')).toEqual({ text: '+86 138-0013', digits: '861380013', fuzzy: true });
    expect(searchQuery('Grace 7')).toEqual({ text: 'grace 7', fuzzy: true });
  });

  it('given two characters then no fuzzy match (everything would be similar) and too few digits for a number', () => {
    expect(searchQuery('小明')).toEqual({ text: '小明', fuzzy: false });
    expect(searchQuery('13')).toEqual({ text: '13', fuzzy: false });
  });

  it('given only blanks then there is nothing to search for', () => {
    expect(searchQuery('   ')).toBeUndefined();
  });
});
