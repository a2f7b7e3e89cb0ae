import { parseInt8, parseTimestamptz } from './type-parsers';

describe('column parsers shared by both engines', () => {
  it('turns timestamptz text into ISO-8601 UTC with milliseconds, whatever the session offset', () => {
    expect(parseTimestamptz('2026-01-02 03:04:05.678+00')).toBe('2026-01-02T03:04:05.678Z');
    expect(parseTimestamptz('2026-01-02 03:04:05+05:30')).toBe('2026-01-01T21:34:05.000Z');
    expect(parseTimestamptz('2026-01-02 03:04:05.123456-08')).toBe('2026-01-02T11:04:05.123Z');
    expect(parseTimestamptz('1890-01-01 00:00:00+00:09:21')).toBe('1889-12-31T23:50:39.000Z');
    expect(parseTimestamptz('0044-03-15 12:00:00+00')).toBe('0044-03-15T12:00:00.000Z');
    expect(parseTimestamptz('infinity')).toBe('infinity');
    expect(() => parseTimestamptz('Tue Jan 02 2026')).toThrow(/DateStyle ISO/);
  });

  it('turns bigint text into a number while exact, a bigint beyond', () => {
    expect(parseInt8('42')).toBe(42);
    expect(parseInt8('-9007199254740991')).toBe(-9007199254740991);
    expect(parseInt8('9007199254740993')).toBe(9007199254740993n);
  });
});
