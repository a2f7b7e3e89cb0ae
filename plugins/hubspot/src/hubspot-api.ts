import type { VendorFailure } from '@junction/core';

/**
 * HubSpot error bodies: `{status:'error', message, correlationId, category, errors?}`; token
 * endpoints answer `{status:'BAD_REFRESH_TOKEN', message}`. The message is what a person can act
 * on; the correlation id is what HubSpot support asks for.
 * https://developers.hubspot.com/docs/api-reference/error-handling
 */
export function hubspotProviderMessage(failure: VendorFailure): string | undefined {
  const body = failure.body;
  if (!body || typeof body !== 'object') return typeof body === 'string' && body ? body.slice(0, 500) : undefined;
  const b = body as { message?: unknown; correlationId?: unknown; policyName?: unknown; errors?: unknown };
  if (typeof b.message !== 'string' || b.message === '') return undefined;
  const details = Array.isArray(b.errors)
    ? b.errors.map((e) => (e && typeof e === 'object' ? (e as { message?: unknown }).message : undefined)).filter((m): m is string => typeof m === 'string' && m !== b.message)
    : [];
  const notes = [typeof b.policyName === 'string' ? `policy ${b.policyName}` : undefined, typeof b.correlationId === 'string' ? `correlationId ${b.correlationId}` : undefined].filter(Boolean);
  return [b.message, ...details].join('; ') + (notes.length ? ` (${notes.join(', ')})` : '');
}

const header = (headers: Record<string, string | string[] | undefined>, name: string): number | undefined => {
  const raw = headers[name];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw === undefined || !Number.isFinite(value) ? undefined : value;
};

/**
 * How long to wait before retrying a 429, from HubSpot's rate-limit headers. When the daily
 * allowance is spent, waiting is pointless until midnight in the account's time zone, so the
 * answer is "forever" and the caller gets the 429 at once. A spent burst window (`…-Remaining: 0`
 * with `…-Interval-Milliseconds`, or the per-second pair) is waited out.
 * https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details
 * https://developers.hubspot.com/changelog/2018-11-06-rate-limit-information-headers-will-be-included-in-http-responses
 */
export function hubspotRetryDelay(headers: Record<string, string | string[] | undefined>): number | undefined {
  if (header(headers, 'x-hubspot-ratelimit-daily-remaining') === 0) return Number.POSITIVE_INFINITY;
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter !== undefined && retryAfter >= 0) return retryAfter * 1000;
  const interval = header(headers, 'x-hubspot-ratelimit-interval-milliseconds');
  if (header(headers, 'x-hubspot-ratelimit-remaining') === 0 && interval !== undefined) return interval;
  if (header(headers, 'x-hubspot-ratelimit-secondly-remaining') === 0) return 1000;
  return undefined;
}
