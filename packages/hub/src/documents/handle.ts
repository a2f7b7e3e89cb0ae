import type { Request, Response } from 'express';
import { BadRequestError, JunctionError, NotFoundError, type DocumentRef, type DocumentsApi, type ElementContext } from '@junction/core';
import { parseHubQuery } from '../hub/query';
import { fileActions, folderActions } from './actions';
import { sendEntries } from './listing';
import { bodyPath, documentPath } from './paths';
import { presenter } from './present';

/** The documents hub's top-level paths; anything else falls through to record resources. */
export const DOCUMENT_ROOTS = new Set(['files', 'folders', 'search', 'storage']);

export interface DocumentsOptions {
  /** Largest upload accepted, in bytes (`JUNCTION_MAX_UPLOAD_BYTES`). */
  maxUploadBytes: number;
}

/** Sub-resources of a file or folder; any other segment after `/files/` is an id. */
const SUB_RESOURCES = new Set(['metadata', 'links', 'copy', 'contents']);

/**
 * Serves `/files…`, `/folders…`, `/search` and `/storage` for a documents element, under the
 * instance's Element token. A file or folder is named by `?path=` (`/files`, `/files/metadata`)
 * or by id (`/files/{id}`, `/files/{id}/metadata`); every path passes `documentPath` first.
 */
export async function handleDocuments(
  options: DocumentsOptions,
  documents: DocumentsApi,
  ctx: ElementContext,
  req: Request,
  res: Response,
  segments: string[],
): Promise<void> {
  const query = req.query as Record<string, unknown>;
  const present = presenter(ctx, res, query.raw === 'true');
  const [root, ...rest] = segments;
  const unsupported = () => new JunctionError(405, `${req.method} is not supported on /${segments.join('/')}`);

  if (root === 'storage' || root === 'search') {
    if (rest.length) throw new NotFoundError(`resource at ${req.method} /${segments.join('/')}`);
    if (req.method !== 'GET') throw unsupported();
    if (root === 'storage') return present.json(present.record(await documents.storage(ctx)));
    if (query.text !== undefined && typeof query.text !== 'string') throw new BadRequestError("Query parameter 'text' must be given once, as text");
    const text = query.text ?? '';
    const path = query.path === undefined ? undefined : documentPath(query.path, 'path');
    return sendEntries((page) => documents.search(ctx, { text, path, ...page }), parseHubQuery(query), res, present);
  }

  const kind = root === 'files' ? 'file' : 'folder';
  if (kind === 'folder' && rest.length === 0 && req.method === 'POST') {
    // Cloud Elements clients send {path, name, directory}; `?path=` works too.
    const path = query.path !== undefined ? documentPath(query.path, 'path') : bodyPath(req.body);
    if (!path || path === '/') throw new BadRequestError('Send the folder to create as ?path=/parent/name or {"path": "/parent/name"}');
    return present.json(present.record(await named(kind, { path }, () => documents.createFolder(ctx, path))));
  }
  const { ref, sub } = targetOf(rest, query, segments);
  const action = (kind === 'file' ? fileActions : folderActions)[sub ? `${req.method} ${sub}` : req.method];
  if (!action) throw unsupported();
  await named(kind, ref, () => action({ documents, ctx, req, res, present, query, kind, ref, maxUploadBytes: options.maxUploadBytes }));
}

/** `[]` and `[sub]` name a path (`?path=`), `[id]` and `[id, sub]` an id. */
function targetOf(rest: string[], query: Record<string, unknown>, segments: string[]): { ref: DocumentRef; sub?: string } {
  const [first, second] = rest;
  if (rest.length > 2 || (second !== undefined && !SUB_RESOURCES.has(second))) throw new NotFoundError(`resource at /${segments.join('/')}`);
  if (first === undefined || (second === undefined && SUB_RESOURCES.has(first))) return { ref: { path: documentPath(query.path, 'path') }, sub: first };
  return { ref: { id: first }, sub: second };
}

/** A vendor "not found" becomes 404 naming what the client asked for, with the vendor's words kept. */
async function named<T>(kind: 'file' | 'folder', ref: DocumentRef, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof JunctionError && error.status === 404) {
      throw new NotFoundError('path' in ref ? `${kind} at path '${ref.path}'` : `${kind} with id '${ref.id}'`, error.providerMessage);
    }
    throw error;
  }
}
