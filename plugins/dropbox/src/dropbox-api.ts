import { JunctionError, type ElementContext, type VendorFailure } from '@junction/core';
import type { z } from 'zod';

/**
 * RPC endpoints take a JSON body on api.dropboxapi.com (the element's base URL); content
 * endpoints (uploads, downloads) live on content.dropboxapi.com and take their argument in the
 * `Dropbox-API-Arg` header. https://www.dropbox.com/developers/documentation/http/documentation#formats
 */
export const CONTENT_BASE_URL = 'https://content.dropboxapi.com/2';

/**
 * JSON for the `Dropbox-API-Arg` header. HTTP headers only carry ASCII safely, so every character
 * from U+007F up is written as a `\uXXXX` escape (astral characters as their two surrogates),
 * which any JSON parser reads back as the same string.
 * https://www.dropbox.com/developers/reference/json-encoding
 */
export function headerSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * One RPC call: `POST /2/<route>` with the argument as JSON. Routes without an argument
 * (`Void` in the spec) get the JSON `null`.
 * https://www.dropbox.com/developers/documentation/http/documentation#formats
 */
export async function rpc(ctx: ElementContext, route: string, arg: unknown): Promise<unknown> {
  return (await ctx.http.request({ method: 'POST', url: route, json: arg })).body;
}

/** Checks a vendor answer against its schema; a mismatch is Dropbox's fault, so it answers 502. */
export function parseVendor<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new JunctionError(502, `Dropbox answered ${what} in an unexpected shape (${issue.path.join('.') || 'body'}: ${issue.message})`);
}

/** The `error_summary` of a Dropbox error body, e.g. `path/not_found/..`. */
function errorSummary(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const summary = (body as { error_summary?: unknown }).error_summary;
  return typeof summary === 'string' ? summary : undefined;
}

/**
 * Dropbox's words for a failure: the `error_summary` of JSON errors (route errors answer 409,
 * auth errors 401, rate limits 429), the OAuth `error_description`, or the plain-text body of a
 * 400 (bad input). https://www.dropbox.com/developers/documentation/http/documentation#error-handling
 */
export function dropboxProviderMessage(failure: VendorFailure): string | undefined {
  const summary = errorSummary(failure.body);
  if (summary) return summary;
  const body = failure.body;
  if (body && typeof body === 'object') {
    const oauth = body as { error?: unknown; error_description?: unknown };
    const parts = [oauth.error, oauth.error_description].filter((v): v is string => typeof v === 'string');
    return parts.length ? parts.join(': ') : undefined;
  }
  return typeof body === 'string' && body ? body.slice(0, 500) : undefined;
}

/**
 * Dropbox answers every route-specific error with 409; the tags in `error_summary` say what it
 * was: a lookup that found nothing (`path/not_found/..`, `from_lookup/not_found/..`) is a 404,
 * something in the way (`path/conflict/file/..`, `to/conflict/..`) a 409, anything else a bad
 * request. https://www.dropbox.com/developers/documentation/http/documentation#error-handling
 */
export function dropboxStatusFor(failure: VendorFailure): number | undefined {
  if (failure.status !== 409) return undefined;
  const tags = (errorSummary(failure.body) ?? '').split('/');
  if (tags.includes('not_found')) return 404;
  if (tags.includes('conflict')) return 409;
  return 400;
}

/** True when a vendor error's summary starts with the given tags, e.g. `to/conflict`. */
export function hasSummary(error: unknown, prefix: string): boolean {
  const message = (error as { providerMessage?: unknown })?.providerMessage;
  return error instanceof JunctionError && typeof message === 'string' && message.startsWith(`${prefix}/`);
}
