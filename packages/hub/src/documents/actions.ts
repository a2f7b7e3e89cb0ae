import { BadRequestError, JunctionError, type DocumentRef, type DocumentsApi, type ElementContext } from '@junction/core';
import type { Request, Response } from 'express';
import { parseHubQuery } from '../hub/query';
import { sendEntries } from './listing';
import { bodyPath, documentPath } from './paths';
import { sendFile, type Presenter } from './present';
import { declaredSize, receiveUpload } from './upload';

/** Everything one documents call needs, resolved by the dispatcher. */
export interface DocumentsCall {
  documents: DocumentsApi;
  ctx: ElementContext;
  req: Request;
  res: Response;
  present: Presenter;
  query: Record<string, unknown>;
  kind: 'file' | 'folder';
  ref: DocumentRef;
  maxUploadBytes: number;
}

export type DocumentsAction = (call: DocumentsCall) => Promise<void>;

const flag = (value: unknown) => value === 'true';

/**
 * `POST /files?path=…[&overwrite=true][&size=N]`, multipart part `file`, streamed to the element.
 * `size` declares the file's length, which the hub holds the client to.
 */
const upload: DocumentsAction = async ({ documents, ctx, req, present, query, ref, maxUploadBytes }) => {
  if (!('path' in ref)) throw new JunctionError(405, 'Upload with POST /files?path=/folder/name.ext; a file id cannot be uploaded to');
  const path = ref.path;
  if (path === '/') throw new BadRequestError("Parameter 'path' must name the file, e.g. /folder/name.ext");
  const overwrite = flag(query.overwrite);
  const size = declaredSize(query);
  const entry = await receiveUpload(req, { maxBytes: maxUploadBytes, size }, ({ content, mimeType }) =>
    documents.upload(ctx, { path, content, mimeType, overwrite, size }),
  );
  present.json(present.record(entry));
};

/** `GET /files/{id}` and `GET /files?path=…`: the bytes, streamed as the vendor sends them. */
const download: DocumentsAction = async ({ documents, ctx, res, ref }) => {
  await sendFile(res, await documents.download(ctx, ref));
};

const remove: DocumentsAction = async ({ documents, ctx, res, kind, ref }) => {
  await documents.delete(ctx, ref, kind);
  res.status(200).end();
};

const metadata: DocumentsAction = async ({ documents, ctx, present, kind, ref }) => {
  present.json(present.record(await documents.metadata(ctx, ref, kind)));
};

/** `PATCH …/metadata` with `{path}` renames or moves, answering the entry as it now is. */
const rename: DocumentsAction = async ({ documents, ctx, req, present, kind, ref }) => {
  const to = bodyPath(req.body);
  if (!to) throw new BadRequestError('Send the new location as {"path": "/folder/new-name"}');
  present.json(present.record(await documents.move(ctx, ref, to, kind)));
};

/**
 * `POST /files/copy?path=<source>` and `POST /files/{id}/copy` with the destination as `{path}`
 * (for the id form also `?path=`); `overwrite=true` replaces what is at the destination.
 */
const copy: DocumentsAction = async ({ documents, ctx, req, present, query, kind, ref }) => {
  const to = bodyPath(req.body) ?? ('id' in ref && query.path !== undefined ? documentPath(query.path, 'path') : undefined);
  if (!to) throw new BadRequestError('Send the destination as {"path": "/folder/name"}');
  present.json(present.record(await documents.copy(ctx, ref, to, { overwrite: flag(query.overwrite), kind })));
};

const links: DocumentsAction = async ({ documents, ctx, present, ref }) => {
  present.json(present.record(await documents.link(ctx, ref)));
};

const contents: DocumentsAction = async ({ documents, ctx, res, present, query, ref }) => {
  await sendEntries((page) => documents.list(ctx, ref, page), parseHubQuery(query), res, present);
};

/** What `/files…` answers, by method and sub-resource. */
export const fileActions: Record<string, DocumentsAction> = {
  GET: download,
  POST: upload,
  DELETE: remove,
  'GET metadata': metadata,
  'PATCH metadata': rename,
  'GET links': links,
  'POST copy': copy,
};

/** What `/folders…` answers, by method and sub-resource (`POST /folders` is the dispatcher's). */
export const folderActions: Record<string, DocumentsAction> = {
  DELETE: remove,
  'GET contents': contents,
  'GET metadata': metadata,
  'PATCH metadata': rename,
  'POST copy': copy,
};
