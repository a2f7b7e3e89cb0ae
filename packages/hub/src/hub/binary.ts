import { BadRequestError, JunctionError, NotFoundError, type BinaryContent, type ElementContext } from '@junction/core';
import type { Request, Response } from 'express';
import { sendFile } from '../documents/present';
import { declaredSize, receiveUpload } from '../documents/upload';
import { singular, type ResolvedTarget } from './resolve';

/** Everything a call on a resource that holds files needs, resolved by the hub router. */
export interface BinaryCall {
  ctx: ElementContext;
  req: Request;
  res: Response;
  target: ResolvedTarget;
  /** How a record is answered (hub model or vendor record, `raw`, nulls). */
  send: (record: object) => void;
  maxUploadBytes: number;
}

/**
 * Calls on files held under parent records (an incident's attachments) that are not plain record
 * calls: `POST /{parent}/{id}/{files}` uploads (multipart part `file`, streamed, `?size=` held to),
 * `GET /{files}/{fileId}` and `GET /{parent}/{id}/{files}/{fileId}` stream the bytes, `DELETE` on
 * either removes the file. Lists stay with the generic list route. Under a parent, a file of
 * another parent is not found, as if it did not exist.
 */
export async function handleBinary(call: BinaryCall): Promise<void> {
  const { ctx, req, res, target } = call;
  const { resource } = target;
  const binary = resource.binary!;
  const parent = target.parent;
  if (parent && parent.resource.name !== binary.parent) throw new NotFoundError(`resource '${parent.resource.name}/{id}/${resource.name}'`);

  if (req.method === 'POST' && target.id === undefined) {
    if (!parent) throw new JunctionError(405, `Upload ${resource.name} to a record: POST /${binary.parent}/{id}/${resource.name} with the multipart part 'file'`);
    return call.send(await upload(call, binary, parent));
  }
  const id = target.id;
  if (id === undefined) throw new JunctionError(405, `${req.method} is not supported on /${resource.name}`);
  if (req.method !== 'GET' && req.method !== 'DELETE') throw new JunctionError(405, `${req.method} is not supported on ${resource.name}; upload a new file instead`);
  const record = await resource.get!(ctx, id);
  if (parent && resource.toHub(record)[parent.field] !== parent.id) throw new NotFoundError(`${singular(resource.name)} '${id}' of ${singular(parent.resource.name)} '${parent.id}'`);
  if (req.method === 'GET') return sendFile(res, await binary.download(ctx, record));
  if (!resource.delete) throw new JunctionError(405, `${resource.name} does not support delete`);
  await resource.delete(ctx, id);
  res.status(200).end();
}

/**
 * Streams the multipart file to the element. The parent record is looked up first, once the
 * upload has started arriving but before any byte goes on: some vendors would keep a file
 * attached to a record that does not exist.
 */
function upload(call: BinaryCall, binary: BinaryContent<object>, parent: NonNullable<ResolvedTarget['parent']>): Promise<object> {
  const { ctx, req } = call;
  const size = declaredSize(req.query as Record<string, unknown>);
  return receiveUpload(req, { maxBytes: call.maxUploadBytes, size }, async ({ content, name, mimeType }) => {
    if (!name) throw new BadRequestError("The multipart part 'file' needs a file name (filename=\"…\" in its Content-Disposition)");
    await parent.resource.get!(ctx, parent.id).catch((error: unknown) => {
      if (error instanceof JunctionError && error.status === 404) throw new NotFoundError(`${singular(parent.resource.name)} with id '${parent.id}'`, error.providerMessage);
      throw error;
    });
    return binary.upload(ctx, parent.id, { content, name, mimeType, size });
  });
}
