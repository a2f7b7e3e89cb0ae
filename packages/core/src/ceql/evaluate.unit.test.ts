import fc from 'fast-check';
import type { CeqlNode, CeqlValue } from './ast';
import { matchesCeql, readField } from './evaluate';
import { parseCeql } from './parser';

const matches = (query: string, record: Record<string, unknown>): boolean => matchesCeql(parseCeql(query), record);

describe('matchesCeql equality', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ["name = 'Bob'", { name: 'Bob' }, true],
    ["name = 'bob'", { name: 'Bob' }, false],
    ["name != 'bob'", { name: 'Bob' }, true],
    ['n = 5', { n: 5 }, true],
    ['n = 5.0', { n: 5 }, true],
    ['n = 5', { n: '5' }, true],
    ['n = 5', { n: '5.00' }, true],
    ['n = 5', { n: '5 apples' }, false],
    ["n = '5'", { n: '05' }, false],
    ["n = '5'", { n: 5 }, true],
    ['n != 5', { n: 6 }, true],
    ['b = true', { b: true }, true],
    ['b = false', { b: true }, false],
    ["b = 'true'", { b: true }, true],
    ['b = 1', { b: true }, false],
    ['x = null', { x: null }, true],
    ['x = null', { x: 0 }, false],
    ["x = ''", { x: null }, false],
    ["o = 'x'", { o: { a: 1 } }, false],
  ])('%s on %j is %s', (query, record, expected) => {
    expect(matches(query, record)).toBe(expected);
  });
});

describe('matchesCeql ordering', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['n > 9', { n: '10' }, true],
    ["n > '9'", { n: '10' }, true],
    ['n <= -1.5', { n: -2 }, true],
    ['n >= 3', { n: 3 }, true],
    ['n < 3', { n: 3 }, false],
    ["d > '2016-02-06T16:35:36'", { d: '2016-02-07T00:00:00Z' }, true],
    ["d < '2016-02-06T16:35:36'", { d: '2016-02-06T17:00:00+02:00' }, true],
    ["d < '2016-02-06T16:35:36Z'", { d: '2016-02-06T17:00:00+0200' }, true],
    ["d >= '2016-02-06T00:00:00'", { d: '2016-02-06' }, true],
    ["d <= '2016-02-06T00:00:00'", { d: '2016-02-06' }, true],
    ["d > '2016-02-06T16:35:36.5'", { d: '2016-02-06T16:35:36.123Z' }, false],
    ["d > '2019-12-31'", { d: new Date('2020-01-01T00:00:00Z') }, true],
    ["s > 'apple'", { s: 'banana' }, true],
    ["s < 'apple'", { s: 'banana' }, false],
    ["s < 'b'", { s: 'B' }, true],
    ['x < 5', {}, false],
    ['x > 5', {}, false],
    ['x >= null', { x: null }, false],
    ["o > 'a'", { o: ['b'] }, false],
  ])('%s on %j is %s', (query, record, expected) => {
    expect(matches(query, record)).toBe(expected);
  });
});

describe('matchesCeql LIKE', () => {
  it.each<[string, unknown, boolean]>([
    ['%ello', 'Hello', true],
    ['h_llo', 'Hello', true],
    ['HELLO', 'hello', true],
    ['ell', 'Hello', false],
    ['%ell', 'Hello', false],
    ['%', '', true],
    ['_', '', false],
    ['_', 'é', true],
    ['_', '😀', true],
    ['%a%b', 'aXbYb', true],
    ['%a%b', 'aXbYc', false],
    ['a%%b', 'ab', true],
    ['.*', 'abc', false],
    ['.*', '.*', true],
    ['[a]', '[a]', true],
    ['1%', 123, true],
    ['tr%', true, true],
  ])("LIKE '%s' on %j is %s", (pattern, value, expected) => {
    expect(matchesCeql({ kind: 'comparison', field: 'v', operator: 'LIKE', value: pattern }, { v: value })).toBe(expected);
  });

  it('is false for a missing field or a null pattern', () => {
    expect(matches("v LIKE '%'", {})).toBe(false);
    expect(matches('v LIKE null', { v: 'x' })).toBe(false);
  });

  it('stays linear-ish on patterns that make backtracking regexes explode', () => {
    const started = Date.now();
    expect(matches("v LIKE '%a%a%a%a%a%a%a%a%b'", { v: 'a'.repeat(20_000) })).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('matchesCeql IN and NULL checks', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['n IN (1, 2, 3)', { n: '3' }, true],
    ['n NOT IN (1, 2, 3)', { n: '3' }, false],
    ["s IN ('a', 'b')", { s: 'B' }, false],
    ["x IN ('a')", {}, false],
    ["x NOT IN ('a')", {}, true],
    ['x IN (null)', {}, true],
    ['x IS NULL', {}, true],
    ['x IS NULL', { x: null }, true],
    ["x IS NULL", { x: '' }, false],
    ['x IS NOT NULL', { x: 0 }, true],
    ['x IS NOT NULL', {}, false],
    ["x != 'a'", {}, true],
  ])('%s on %j is %s', (query, record, expected) => {
    expect(matches(query, record)).toBe(expected);
  });
});

describe('matchesCeql fields and logic', () => {
  it('follows dotted paths into objects and arrays', () => {
    expect(matches("properties.email = 'a@b.c'", { properties: { email: 'a@b.c' } })).toBe(true);
    expect(matches("emails.1.email = 'b'", { emails: [{ email: 'a' }, { email: 'b' }] })).toBe(true);
    expect(matches("emails.2.email IS NULL", { emails: [{ email: 'a' }] })).toBe(true);
  });

  it('falls back to a key containing the dots, preferring the path when both exist', () => {
    expect(matches('a.b = 1', { 'a.b': 1 })).toBe(true);
    expect(matches('a.b = 1', { a: 'text', 'a.b': 1 })).toBe(true);
    expect(matches('a.b = 1', { a: { b: 1 }, 'a.b': 2 })).toBe(true);
    expect(matches('a.b = 2', { a: { b: 1 }, 'a.b': 2 })).toBe(false);
  });

  it('never reads inherited properties', () => {
    expect(readField({}, 'constructor')).toBeUndefined();
    expect(readField({ a: {} }, 'a.toString')).toBeUndefined();
    expect(readField({ s: 'abc' }, 's.length')).toBeUndefined();
  });

  it('combines with AND and OR', () => {
    const record = { a: 1, b: 2 };
    expect(matches('a = 1 AND b = 2', record)).toBe(true);
    expect(matches('a = 1 AND b = 3', record)).toBe(false);
    expect(matches('a = 9 OR b = 2', record)).toBe(true);
    expect(matches('(a = 9 OR b = 9) AND a = 1', record)).toBe(false);
    expect(matchesCeql({ kind: 'and', operands: [] }, record)).toBe(true);
    expect(matchesCeql({ kind: 'or', operands: [] }, record)).toBe(false);
  });
});

describe('matchesCeql properties', () => {
  const value: fc.Arbitrary<CeqlValue> = fc.oneof(
    fc.constantFrom('a', 'A', '5', '5.0', '', '2016-02-06', '2016-02-06T00:00:00Z', 'true'),
    fc.integer({ min: -3, max: 6 }),
    fc.double({ noNaN: true }),
    fc.boolean(),
    fc.constant(null),
  );
  const record = fc.record({ x: fc.oneof(value, fc.constant(undefined), fc.constant({})) }, { requiredKeys: [] });

  it('treats IN as an OR of = and NOT IN as its negation', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 4 }), record, (values, row) => {
        const anyEqual: CeqlNode = { kind: 'or', operands: values.map((v) => ({ kind: 'comparison', field: 'x', operator: '=', value: v })) };
        const inList = matchesCeql({ kind: 'in', field: 'x', values, negated: false }, row);
        expect(inList).toBe(matchesCeql(anyEqual, row));
        expect(matchesCeql({ kind: 'in', field: 'x', values, negated: true }, row)).toBe(!inList);
      }),
    );
  });

  it('makes != the negation of = and keeps = symmetric', () => {
    fc.assert(
      fc.property(value, value, (left, right) => {
        const equal = matchesCeql({ kind: 'comparison', field: 'x', operator: '=', value: right }, { x: left });
        expect(matchesCeql({ kind: 'comparison', field: 'x', operator: '!=', value: right }, { x: left })).toBe(!equal);
        expect(matchesCeql({ kind: 'comparison', field: 'x', operator: '=', value: left }, { x: right })).toBe(equal);
      }),
    );
  });

  it('orders consistently: < and > swap with their arguments, and a value is never < itself', () => {
    const compare = (left: CeqlValue, operator: '<' | '>', right: CeqlValue): boolean =>
      matchesCeql({ kind: 'comparison', field: 'x', operator, value: right }, { x: left });
    fc.assert(
      fc.property(value, value, (left, right) => {
        expect(compare(left, '<', right)).toBe(compare(right, '>', left));
        expect(compare(left, '<', left)).toBe(false);
      }),
    );
  });
});
