import { hubspotProviderMessage, hubspotRetryDelay } from './hubspot-api';

describe('hubspotRetryDelay', () => {
  it('never waits for a spent daily allowance (the caller gets the 429 at once)', () => {
    expect(hubspotRetryDelay({ 'x-hubspot-ratelimit-daily': '250000', 'x-hubspot-ratelimit-daily-remaining': '0', 'x-hubspot-ratelimit-secondly-remaining': '0' })).toBe(Number.POSITIVE_INFINITY);
  });

  it('waits out a spent window: Retry-After first, then the interval, then one second for the secondly pair', () => {
    expect(hubspotRetryDelay({ 'retry-after': '2', 'x-hubspot-ratelimit-secondly-remaining': '0' })).toBe(2000);
    expect(hubspotRetryDelay({ 'x-hubspot-ratelimit-remaining': '0', 'x-hubspot-ratelimit-interval-milliseconds': '10000', 'x-hubspot-ratelimit-max': '110' })).toBe(10000);
    expect(hubspotRetryDelay({ 'x-hubspot-ratelimit-secondly': '10', 'x-hubspot-ratelimit-secondly-remaining': '0', 'x-hubspot-ratelimit-daily-remaining': '1200' })).toBe(1000);
  });

  it('has no opinion when nothing is spent (core backs off exponentially)', () => {
    expect(hubspotRetryDelay({ 'x-hubspot-ratelimit-secondly-remaining': '3', 'x-hubspot-ratelimit-daily-remaining': '10' })).toBeUndefined();
    expect(hubspotRetryDelay({})).toBeUndefined();
    expect(hubspotRetryDelay({ 'x-hubspot-ratelimit-daily-remaining': ['0'] })).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('hubspotProviderMessage', () => {
  const failure = (body: unknown) => ({ status: 400, headers: {}, body });

  it("keeps HubSpot's message with its correlation id", () => {
    expect(hubspotProviderMessage(failure({ status: 'error', message: 'Object not found.  objectId are usually numeric.', correlationId: 'c0ffee', category: 'OBJECT_NOT_FOUND' }))).toBe(
      'Object not found.  objectId are usually numeric. (correlationId c0ffee)',
    );
  });

  it('adds the details of errors[] and the rate-limit policy', () => {
    expect(
      hubspotProviderMessage(failure({ status: 'error', message: 'Contact already exists. Existing ID: 7', errors: [{ message: 'A contact with email a@b.co already exists. Existing ID: 7', in: 'email' }], correlationId: 'x' })),
    ).toBe('Contact already exists. Existing ID: 7; A contact with email a@b.co already exists. Existing ID: 7 (correlationId x)');
    expect(hubspotProviderMessage(failure({ status: 'error', message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT', policyName: 'DAILY', correlationId: 'y' }))).toBe(
      'You have reached your daily limit. (policy DAILY, correlationId y)',
    );
  });

  it('reads token-endpoint errors and plain text, and gives up on bodies without a message', () => {
    expect(hubspotProviderMessage(failure({ status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token' }))).toBe('missing or invalid refresh token');
    expect(hubspotProviderMessage(failure('Bad Gateway'))).toBe('Bad Gateway');
    expect(hubspotProviderMessage(failure({ status: 'error' }))).toBeUndefined();
    expect(hubspotProviderMessage(failure(undefined))).toBeUndefined();
  });
});
