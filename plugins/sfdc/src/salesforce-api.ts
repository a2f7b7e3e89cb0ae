import type { VendorFailure } from '@junction/core';

/**
 * The REST API version every call uses: Summer '26, the newest generally available release
 * (v68.0 was still in preview). https://developer.salesforce.com/docs/platform/api-rest/guide/resources-versions.md
 */
export const API_VERSION = 'v67.0';

/** Path of the REST API on an instance; `nextRecordsUrl` and record `attributes.url` start with it. */
export const DATA_PATH = `/services/data/${API_VERSION}`;

/** One entry of a Salesforce REST error body. */
export interface SalesforceError {
  message: string;
  errorCode: string;
  fields?: string[];
}

/**
 * REST errors are a JSON array of `{message, errorCode, fields}`.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
function errorsOf(body: unknown): SalesforceError[] {
  if (!Array.isArray(body)) return [];
  return body.filter(
    (e): e is SalesforceError => typeof e === 'object' && e !== null && typeof e.errorCode === 'string' && typeof e.message === 'string',
  );
}

/** `errorCode: message` for each error of the body, joined. */
export function salesforceProviderMessage(failure: VendorFailure): string | undefined {
  const errors = errorsOf(failure.body);
  return errors.length ? errors.map((e) => `${e.errorCode}: ${e.message}`).join('; ') : undefined;
}

/** Codes that mean the record the URL names does not exist (or not for this object). */
const RECORD_MISSING = new Set(['NOT_FOUND', 'ENTITY_IS_DELETED', 'INVALID_CROSS_REFERENCE_KEY', 'MALFORMED_ID']);

/**
 * Salesforce answers some "no such record" cases with 400 (`MALFORMED_ID`,
 * `INVALID_CROSS_REFERENCE_KEY`); they become 404 when no field other than `Id` is blamed, since
 * a field-level error names the field at fault. The daily API limit (`REQUEST_LIMIT_EXCEEDED`,
 * sent as 403) becomes 429.
 */
export function salesforceStatus(failure: VendorFailure): number | undefined {
  const errors = errorsOf(failure.body);
  if (errors.some((e) => e.errorCode === 'REQUEST_LIMIT_EXCEEDED')) return 429;
  const missing = errors.some((e) => RECORD_MISSING.has(e.errorCode) && (e.fields ?? []).every((f) => f === 'Id'));
  return missing && failure.status < 500 ? 404 : undefined;
}
