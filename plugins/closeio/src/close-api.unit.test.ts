import { closeProviderMessage, closeRetryDelay } from './close-api';

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
