import { JunctionError, type DocumentRef, type DownloadResult, type ElementContext } from '@junction/core';
import { retryAfter } from './box-api';
import { itemAt } from './paths';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Streams a file's bytes. Box answers 302 to a short-lived `dl.boxcloud.com` URL (followed by the
 * vendor client, through the host map), or 202 with `Retry-After` while a fresh upload is still
 * being processed; that wait is honoured a few times before giving up with 503.
 */
export async function download(ctx: ElementContext, ref: DocumentRef, maxNotReadyRetries: number): Promise<DownloadResult> {
  const file = await itemAt(ctx, ref, 'file');
  for (let attempt = 0; ; attempt++) {
    // https://developer.box.com/reference/get-files-id-content/
    const response = await ctx.http.stream({ method: 'GET', url: `files/${encodeURIComponent(file.id)}/content` });
    if (response.status !== 202) {
      const length = Number(header(response.headers, 'content-length'));
      return {
        content: response.body,
        name: file.name,
        size: file.size ?? (Number.isFinite(length) ? length : undefined),
        mimeType: header(response.headers, 'content-type'),
      };
    }
    response.body.resume();
    if (attempt >= maxNotReadyRetries) throw new JunctionError(503, `Box has not finished processing '${file.name}' yet; retry the download later`);
    await sleep(retryAfter(response.headers, 1000, 30_000));
  }
}
