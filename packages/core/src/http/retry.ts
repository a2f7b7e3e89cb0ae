import type { RetryPolicy } from './types';

export const defaultRetryPolicy: RetryPolicy = {
  limit: 3,
  statuses: [429, 500, 502, 503, 504],
  maxDelayMs: 30_000,
};

/** `Retry-After` as seconds or an HTTP date, in milliseconds. */
export function retryAfterMs(headers: Record<string, string | string[] | undefined>): number | undefined {
  const raw = headers['retry-after'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Exponential backoff with jitter when the vendor gave no hint: 200 ms, 400 ms, 800 ms … */
export function backoffMs(attempt: number): number {
  const base = 200 * 2 ** (attempt - 1);
  return Math.min(base + Math.floor(Math.random() * base * 0.25), 10_000);
}

/** Methods a vendor call can be safely repeated with after a transport error or 5xx. */
export function isIdempotent(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'DELETE';
}
