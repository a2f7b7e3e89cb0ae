import { closeMicros, closeProviderMessage, closeRetryDelay, isoMicros } from './close-api';

describe('closeProviderMessage', () => {
  it('reads plain errors, validation lists and field errors', () => {
    expect(closeProviderMessage({ status: 404, headers: {}, body: { error: 'Empty query: Lead matching query does not exist.' } })).toBe('Empty query: Lead matching query does not exist.');
    expect(closeProviderMessage({ status: 400, headers: {}, body: { errors: ['bad'], 'field-errors': { name: 'too long' } } })).toBe('bad; name: too long');
    expect(closeProviderMessage({ status: 502, headers: {}, body: 'Bad gateway' })).toBe('Bad gateway');
    expect(closeProviderMessage({ status: 400, headers: {}, body: {} })).toBeUndefined();
  });
});

describe('closeRetryDelay', () => {
  it('prefers the RateLimit reset, then retry-after', () => {
    expect(closeRetryDelay({ ratelimit: 'limit=100, remaining=0, reset=1.25', 'retry-after': '2' })).toBe(1250);
    expect(closeRetryDelay({ 'retry-after': '2' })).toBe(2000);
    expect(closeRetryDelay({})).toBeUndefined();
  });
});

describe('closeMicros / isoMicros', () => {
  it('reads Close stamps with and without an offset as UTC, to the microsecond', () => {
    expect(closeMicros('2019-01-15T12:48:23.395001')).toBe(Date.parse('2019-01-15T12:48:23.395Z') * 1000 + 1);
    expect(closeMicros('2013-02-20T05:30:24.854000+00:00')).toBe(Date.parse('2013-02-20T05:30:24.854Z') * 1000);
    expect(closeMicros('2013-02-20T07:30:24+02:00')).toBe(Date.parse('2013-02-20T05:30:24Z') * 1000);
    expect(closeMicros('yesterday')).toBeUndefined();
    expect(closeMicros(undefined)).toBeUndefined();
    expect(isoMicros(closeMicros('2019-01-15T12:48:23.000042')!)).toBe('2019-01-15T12:48:23.000042Z');
    expect(isoMicros(Date.parse('1969-12-31T23:59:59.5Z') * 1000)).toBe('1969-12-31T23:59:59.500000Z');
  });
});
