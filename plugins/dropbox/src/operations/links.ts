import type { DocumentLink, DocumentRef, ElementContext } from '@junction/core';
import { z } from 'zod';
import { hasSummary, parseVendor, rpc } from '../dropbox-api';
import { itemPathArg } from '../metadata';

/** sharing.stone `SharedLinkMetadata` (the fields Junction reads; the rest stays for `raw`). */
const SharedLink = z.looseObject({ url: z.string(), expires: z.string().nullish() });
type SharedLink = z.infer<typeof SharedLink>;

/** sharing.stone `ListSharedLinksResult`. */
const SharedLinks = z.object({ links: z.array(SharedLink) });

/** The hub link: `dl=1` downloads the file, `dl=0` opens Dropbox's preview page. */
function toLink(shared: SharedLink): DocumentLink & { raw: SharedLink } {
  const withDl = (value: '0' | '1') => {
    const url = new URL(shared.url);
    url.searchParams.set('dl', value);
    return url.toString();
  };
  return { providerLink: withDl('1'), providerViewLink: withDl('0'), expires: shared.expires ?? null, raw: shared };
}

/**
 * A public shared link to a file. Dropbox keeps one link per file and refuses to create a second
 * (`shared_link_already_exists`), so an existing link is looked up and returned instead.
 * https://www.dropbox.com/developers/documentation/http/documentation#sharing-create_shared_link_with_settings
 */
export async function link(ctx: ElementContext, ref: DocumentRef): Promise<DocumentLink> {
  const path = itemPathArg(ref, 'shared');
  try {
    return toLink(parseVendor(SharedLink, await rpc(ctx, 'sharing/create_shared_link_with_settings', { path }), 'sharing/create_shared_link_with_settings'));
  } catch (error) {
    if (!hasSummary(error, 'shared_link_already_exists')) throw error;
    // https://www.dropbox.com/developers/documentation/http/documentation#sharing-list_shared_links
    const listed = parseVendor(SharedLinks, await rpc(ctx, 'sharing/list_shared_links', { path, direct_only: true }), 'sharing/list_shared_links');
    if (!listed.links[0]) throw error;
    return toLink(listed.links[0]);
  }
}
