import { JunctionError, type DocumentRef, type DownloadResult, type ElementContext } from '@junction/core';
import { CONTENT_BASE_URL, headerSafeJson, parseVendor } from '../dropbox-api';
import { DropboxMetadata, itemPathArg, toEntry } from '../metadata';

/**
 * Streams a file's bytes. The file's metadata comes back as JSON in the `Dropbox-API-Result`
 * header; Dropbox always says `application/octet-stream`, so no media type is passed on.
 * https://www.dropbox.com/developers/documentation/http/documentation#files-download
 */
export async function download(ctx: ElementContext, ref: DocumentRef): Promise<DownloadResult> {
  const response = await ctx.http.stream({
    method: 'POST',
    url: `${CONTENT_BASE_URL}/files/download`,
    headers: { 'dropbox-api-arg': headerSafeJson({ path: itemPathArg(ref, 'downloaded') }) },
  });
  const header = response.headers['dropbox-api-result'];
  try {
    const result: unknown = JSON.parse(Array.isArray(header) ? header[0] : (header ?? ''));
    const entry = toEntry(parseVendor(DropboxMetadata, result, 'files/download'), 'file');
    return { content: response.body, name: entry.name, size: entry.size };
  } catch (error) {
    // Nobody will read the bytes: free the connection.
    response.body.destroy();
    if (error instanceof SyntaxError) throw new JunctionError(502, 'Dropbox answered files/download without a readable Dropbox-API-Result header');
    throw error;
  }
}
