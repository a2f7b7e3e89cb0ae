import type { Readable } from 'node:stream';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/** A request an element makes to its vendor. `url` is relative to the element's base URL unless absolute. */
export interface VendorRequest {
  method: HttpMethod;
  url: string;
  searchParams?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  form?: Record<string, string>;
  body?: string | Buffer | Readable;
  headers?: Record<string, string | undefined>;
  /** How to read the response body; the default parses JSON. Use `stream()` for downloads. */
  responseType?: 'json' | 'text' | 'buffer';
  /** Statuses answered to the element instead of raised as errors (e.g. a 404 it wants to inspect). */
  allowStatuses?: number[];
}

export interface VendorResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

/** The vendor HTTP client an element operation receives, bound to one instance's credentials. */
export interface VendorHttp {
  request<T = unknown>(request: VendorRequest): Promise<VendorResponse<T>>;
  /** Streams: the response body comes back unread, and `body` may be a Readable (uploads). */
  stream(request: VendorRequest): Promise<VendorResponse<import('node:stream').Readable>>;
  get<T = unknown>(url: string, searchParams?: VendorRequest['searchParams']): Promise<T>;
  post<T = unknown>(url: string, json?: unknown): Promise<T>;
  put<T = unknown>(url: string, json?: unknown): Promise<T>;
  patch<T = unknown>(url: string, json?: unknown): Promise<T>;
  delete<T = unknown>(url: string): Promise<T>;
}

/** What an element's error mapper sees of a failed vendor response. */
export interface VendorFailure {
  /** The call that failed, so a mapper can tell a record lookup from a write. */
  method?: string;
  url?: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** Decides when a failed vendor call is retried and how long to wait. */
export interface RetryPolicy {
  /** Attempts after the first. @default 3 */
  limit: number;
  statuses: number[];
  /** Wait in ms the vendor asked for (Retry-After and vendor rate-limit headers), if any. */
  delayFromHeaders?: (headers: Record<string, string | string[] | undefined>) => number | undefined;
  /** The longest wait Junction accepts before giving the 429 back to the caller. @default 30000 */
  maxDelayMs: number;
}
