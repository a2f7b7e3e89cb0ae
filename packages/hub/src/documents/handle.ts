import type { Request, Response } from 'express';
import type { DocumentsApi, ElementContext } from '@junction/core';

/** The documents hub's top-level paths; anything else falls through to record resources. */
export const DOCUMENT_ROOTS = new Set(['files', 'folders', 'search', 'storage']);

/**
 * Serves `/files…`, `/folders…`, `/search` and `/storage` for a documents element.
 */
export interface DocumentsOptions {
  maxUploadBytes: number;
}

export async function handleDocuments(
  _options: DocumentsOptions,
  _documents: DocumentsApi,
  _ctx: ElementContext,
  _req: Request,
  _res: Response,
  _segments: string[],
): Promise<void> {
  throw new Error('documents routes are not wired yet');
}
