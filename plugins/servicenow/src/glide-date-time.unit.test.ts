import { epochFromIso, glideFromEpoch, isoFromGlide } from './glide-date-time';

describe('ServiceNow date-times', () => {
  it('reads the stored UTC form as ISO 8601 and treats an empty value as none', () => {
    expect(isoFromGlide('2016-01-22 14:28:24')).toBe('2016-01-22T14:28:24Z');
    expect(isoFromGlide('')).toBeUndefined();
    expect(isoFromGlide(undefined)).toBeUndefined();
    // a customised field in another form is passed through rather than guessed at
    expect(isoFromGlide('22/01/2016')).toBe('22/01/2016');
  });

  it('writes an instant in the stored form, within the years ServiceNow holds', () => {
    expect(glideFromEpoch(Date.UTC(2024, 4, 1, 8, 30, 5))).toBe('2024-05-01 08:30:05');
    expect(glideFromEpoch(Date.UTC(10000, 0, 1))).toBeUndefined();
    expect(glideFromEpoch(Number.NaN)).toBeUndefined();
  });

  it('reads ISO bounds as CEQL does: no offset is UTC, milliseconds kept, other shapes refused', () => {
    expect(epochFromIso('2024-05-01')).toBe(Date.UTC(2024, 4, 1));
    expect(epochFromIso('2024-05-01T08:30:00')).toBe(Date.UTC(2024, 4, 1, 8, 30));
    expect(epochFromIso('2024-05-01T08:30:00.1239Z')).toBe(Date.UTC(2024, 4, 1, 8, 30, 0, 123));
    expect(epochFromIso('2024-05-01T10:30:00+02:00')).toBe(Date.UTC(2024, 4, 1, 8, 30));
    for (const text of ['2024-05-01 08:30:00', '2024-05-01T08:30', '2024-13-01', 'yesterday', '1714552200']) expect(epochFromIso(text)).toBeUndefined();
  });

  it('round-trips every whole second', () => {
    for (const epoch of [0, Date.UTC(1999, 11, 31, 23, 59, 59), Date.UTC(2038, 0, 19, 3, 14, 8)]) {
      expect(epochFromIso(isoFromGlide(glideFromEpoch(epoch))!)).toBe(epoch);
    }
  });
});
