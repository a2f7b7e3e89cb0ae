import operations from './box-openapi.operations.json';

/** One Box operation as the checked-in extract of Box's OpenAPI description has it. */
export interface BoxOperation {
  operationId: string;
  method: string;
  path: string;
  server: string;
  query: string[];
  requiredHeaders: string[];
  requestBody?: {
    contentType: string;
    properties?: string[];
    required?: string[];
    attributes?: { properties: string[]; required: string[] };
  };
}

/** The version of Box's API the extract was taken from (`info.version`). */
export const specVersion = operations.specVersion;
export const boxOperations = operations.operations as BoxOperation[];

const templateOf = (operation: BoxOperation) => {
  const server = new URL(operation.server);
  const pattern = `${server.pathname.replace(/\/$/, '')}${operation.path}`.replace(/\{[^}]+\}/g, '[^/]+');
  return { host: server.host, pattern: new RegExp(`^${pattern}$`) };
};

/**
 * The operations a request matches: same method, same server host, path within the server's base
 * path matching the template. A URL relative to the element's base is on `https://api.box.com/2.0`.
 */
export function operationsFor(method: string, url: string): BoxOperation[] {
  const absolute = new URL(/^https?:/.test(url) ? url : `https://api.box.com/2.0/${url.replace(/^\//, '')}`);
  const path = decodeURIComponent(absolute.pathname);
  return boxOperations.filter((operation) => {
    const { host, pattern } = templateOf(operation);
    return operation.method === method && host === absolute.host && pattern.test(path);
  });
}

/** The one operation a request matches; throws naming the request when none does. */
export function operationFor(method: string, url: string): BoxOperation {
  const [operation] = operationsFor(method, url);
  if (!operation) throw new Error(`${method} ${url} is no operation of Box API ${specVersion}`);
  return operation;
}
