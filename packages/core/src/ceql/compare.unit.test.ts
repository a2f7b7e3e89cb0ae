import { ceqlEquals, ceqlOrder, parseIsoDate } from './compare';

describe('parseIsoDate', () => {
  it.each<[string, number | undefined]>([
    ['2016-02-06', Date.UTC(2016, 1, 6)],
    ['2016-02-06T16:35', Date.UTC(2016, 1, 6, 16, 35)],
    ['2016-02-06T16:35:36', Date.UTC(2016, 1, 6, 16, 35, 36)],
    ['2016-02-06 16:35:36.123456Z', Date.UTC(2016, 1, 6, 16, 35, 36, 123)],
    ['2016-02-06T16:35:36+02:00', Date.UTC(2016, 1, 6, 14, 35, 36)],
    ['2016-02-06T16:35:36-0130', Date.UTC(2016, 1, 6, 18, 5, 36)],
    ['2016-13-06', undefined],
    ['2016-02-06T25:00:00', undefined],
    ['20160206', undefined],
    ['yesterday', undefined],
  ])('reads %s', (text, epoch) => {
    expect(parseIsoDate(text)).toBe(epoch);
  });
});

describe('ceqlEquals and ceqlOrder', () => {
  it('cannot compare objects, so they are neither equal nor ordered', () => {
    expect(ceqlEquals(undefined, undefined)).toBe(false);
    expect(ceqlOrder(undefined, 'a')).toBeUndefined();
  });

  it('orders numbers numerically even when they are strings', () => {
    expect(ceqlOrder('10', '9')).toBeGreaterThan(0);
    expect(ceqlOrder(-1, '-0.5')).toBeLessThan(0);
  });
});
