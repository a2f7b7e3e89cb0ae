import fc from 'fast-check';
import { matchesLike } from './like';

const text = fc.string({ unit: fc.constantFrom('a', 'B', '%', '_', 'é', '😀', ' '), maxLength: 10 });

describe('matchesLike', () => {
  it('matches any text against itself, since a wildcard also matches its own character', () => {
    fc.assert(fc.property(text, (pattern) => expect(matchesLike(pattern, pattern)).toBe(true)));
  });

  it('matches text with anything around it when the pattern is wrapped in %', () => {
    fc.assert(fc.property(text, text, text, (before, middle, after) => expect(matchesLike(before + middle + after, `%${middle}%`)).toBe(true)));
  });

  it('without wildcards, is case-insensitive equality', () => {
    const plain = fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'ç', 'Ç'), maxLength: 6 });
    fc.assert(fc.property(plain, plain, (a, b) => expect(matchesLike(a, b)).toBe(a.toLowerCase() === b.toLowerCase())));
  });

  it('matches a run of n underscores exactly against n characters', () => {
    fc.assert(
      fc.property(fc.nat(6), fc.nat(6), (n, m) => expect(matchesLike('😀'.repeat(m), '_'.repeat(n))).toBe(n === m)),
    );
  });
});
