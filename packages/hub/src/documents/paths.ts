import { BadRequestError } from '@junction/core';

/** Longest path accepted, in characters; vendors refuse far shorter ones anyway. */
export const MAX_PATH_LENGTH = 4096;
/** Longest single name in a path, in UTF-8 bytes (the common file-system limit). */
export const MAX_NAME_BYTES = 255;

/**
 * The one check every documents path goes through before an element sees it: absolute, no
 * empty, `.` or `..` segments, no control characters, bounded length. A single trailing slash
 * is dropped (`/dir/` is `/dir`); the root stays `/`.
 *
 * @example documentPath('/Reports/2024.pdf', 'path') // '/Reports/2024.pdf'
 */
export function documentPath(value: unknown, name: string): string {
  if (value === undefined || value === '') throw new BadRequestError(`Missing required parameter '${name}': an absolute path such as /folder/file.txt`);
  if (typeof value !== 'string') throw new BadRequestError(`Parameter '${name}' must be given once, as text`);
  if (value.length > MAX_PATH_LENGTH) throw new BadRequestError(`Parameter '${name}' is longer than ${MAX_PATH_LENGTH} characters`);
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new BadRequestError(`Parameter '${name}' must not contain control characters`);
  if (!value.startsWith('/')) throw new BadRequestError(`Parameter '${name}' must be an absolute path starting with '/', got '${value}'`);
  if (value === '/') return value;
  const path = value.endsWith('/') ? value.slice(0, -1) : value;
  for (const segment of path.slice(1).split('/')) {
    if (segment === '') throw new BadRequestError(`Parameter '${name}' has an empty segment ('//'): '${value}'`);
    if (segment === '.' || segment === '..') throw new BadRequestError(`Parameter '${name}' must not contain '.' or '..' segments: '${value}'`);
    if (Buffer.byteLength(segment) > MAX_NAME_BYTES) throw new BadRequestError(`Parameter '${name}' has a name longer than ${MAX_NAME_BYTES} bytes`);
  }
  return path;
}

/** The destination path from a JSON body `{path}` (copy, rename/move, create folder). */
export function bodyPath(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError('The request body must be a JSON object such as {"path": "/folder/name"}');
  const path = (body as { path?: unknown }).path;
  return path === undefined ? undefined : documentPath(path, 'path');
}
