import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { boxOperations, operationsFor, specVersion, type BoxOperation } from './box-openapi';
import { directory, type RecordedExchange } from './box-vendor';

const recordings = readdirSync(directory).filter((f) => f.endsWith('.json'));
const load = (file: string) => JSON.parse(readFileSync(path.join(directory, file), 'utf8')) as RecordedExchange[];

/** The body problems of a recorded request against the operation's request-body schema. */
function bodyProblems(operation: BoxOperation, body: unknown): string[] {
  const schema = operation.requestBody;
  const empty = body === undefined || body === '';
  if (!schema) return empty ? [] : ['a body the operation does not take'];
  if (schema.contentType === 'application/octet-stream') return typeof body === 'string' ? [] : ['no binary body'];
  if (schema.contentType === 'multipart/form-data') {
    const text = String(body);
    const names = [...text.matchAll(/Content-Disposition: form-data; name="([^"]+)"/g)].map((m) => m[1]);
    if (names.join(',') !== 'attributes,file') return [`parts ${names.join(',')} (attributes must come before file)`];
    const attributes = JSON.parse(/name="attributes"\r\n\r\n(.*)\r\n/.exec(text)![1]) as Record<string, unknown>;
    return fieldProblems(Object.keys(attributes), schema.attributes!.properties, schema.attributes!.required, 'attributes');
  }
  const fields = schema.contentType === 'application/x-www-form-urlencoded' ? [...new URLSearchParams(String(body)).keys()] : Object.keys(body as object);
  return fieldProblems(fields, schema.properties ?? [], schema.required ?? [], 'body');
}

function fieldProblems(fields: string[], declared: string[], required: string[], where: string): string[] {
  return [
    ...fields.filter((f) => !declared.includes(f)).map((f) => `${where} field '${f}' is not declared`),
    ...required.filter((f) => !fields.includes(f)).map((f) => `${where} field '${f}' is required`),
  ];
}

describe(`recordings against Box's OpenAPI description (${specVersion})`, () => {
  it('has an operation extract and recordings to check', () => {
    expect(boxOperations.length).toBeGreaterThan(20);
    expect(recordings.length).toBeGreaterThanOrEqual(8);
  });

  it.each(recordings)('%s: every request is a documented operation with declared parameters and the required body fields', (file) => {
    const exchanges = load(file);
    const redirects = new Set(exchanges.filter((e) => e.status === 302).map((e) => (e.rawHeaders as Record<string, string>).location));
    let checked = 0;
    for (const exchange of exchanges) {
      const url = new URL(`${exchange.scope.replace(/:443$/, '')}${exchange.path}`);
      checked++;
      if (url.host === 'dl.boxcloud.com') {
        // Download URLs are not API operations: each must be the Location Box answered with.
        expect(redirects).toContain(`${url.origin}${url.pathname}`);
        continue;
      }
      const candidates = operationsFor(exchange.method, url.toString());
      expect({ request: `${exchange.method} ${url.host}${url.pathname}`, matched: candidates.length > 0 }).toEqual({ request: `${exchange.method} ${url.host}${url.pathname}`, matched: true });
      // Variants of one path (PUT /files/{id} and its shared-link form) differ in body only; one must fit.
      const problems = candidates.map((operation) => [
        ...[...url.searchParams.keys()].filter((k) => !operation.query.includes(k)).map((k) => `query parameter '${k}' is not declared`),
        ...bodyProblems(operation, exchange.body),
      ]);
      expect({ request: `${exchange.method} ${url.host}${url.pathname}`, problems: problems.find((p) => p.length === 0) ?? problems[0] }).toEqual({
        request: `${exchange.method} ${url.host}${url.pathname}`,
        problems: [],
      });
    }
    expect(checked).toBe(exchanges.length);
    expect(checked).toBeGreaterThan(0);
  });
});
