import { isId, mergeRecord } from './rows';

describe('mergeRecord', () => {
  it('sets strings, removes nulls, keeps the rest, and does not touch its input', () => {
    const base = { a: '1', b: '2' };
    expect(mergeRecord(base, { b: null, c: '3', missing: null })).toEqual({ a: '1', c: '3' });
    expect(base).toEqual({ a: '1', b: '2' });
    expect(mergeRecord(base, undefined)).toBe(base);
  });

  it('treats "__proto__" as an ordinary key', () => {
    const merged = mergeRecord({}, JSON.parse('{"__proto__": "x"}') as Record<string, string>);
    expect(Object.keys(merged)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });
});

describe('isId', () => {
  it('accepts positive safe integers only', () => {
    expect([1, 2 ** 53 - 1].every(isId)).toBe(true);
    expect([0, -1, 1.5, NaN, 2 ** 53].some(isId)).toBe(false);
  });
});
