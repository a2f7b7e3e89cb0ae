/**
 * How the ServiceNow simulator answers: the REST API's JSON error envelope and JSON bodies.
 * https://www.servicenow.com/docs/r/api-reference/rest-api-explorer/c_RESTAPI.html
 */
import type { ServerResponse } from 'node:http';

/** ServiceNow's error envelope. */
export function failure(message: string, detail: string | null): { error: { message: string; detail: string | null }; status: 'failure' } {
  return { error: { message, detail }, status: 'failure' };
}

export const NOT_FOUND = failure('No Record found', "Record doesn't exist or ACL restricts the record retrieval");
export const JSON_TYPE = 'application/json;charset=UTF-8';

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function withoutContentType(headers: Record<string, string>): Record<string, string> {
  const { 'content-type': _type, ...rest } = headers;
  return rest;
}
