/**
 * The `users` and `sharing` routes of the Dropbox simulator: the current account, space usage
 * and shared links (one per file or folder, as Dropbox keeps them).
 * https://www.dropbox.com/developers/documentation/http/documentation#sharing-create_shared_link_with_settings
 */
import { randomBytes } from 'node:crypto';
import { RouteError, type DropboxNode } from './dropbox-tree';
import { optionalField, stringField, type DropboxAccount, type DropboxRoute } from './dropbox-routes';

/** Routes by name (`users/get_space_usage`), as called at `/2/<name>`. */
export function accountRoutes(account: DropboxAccount): Record<string, DropboxRoute> {
  const { tree, links } = account;

  /** sharing.stone `FileLinkMetadata` / `FolderLinkMetadata`, tagged as the union. */
  const renderLink = (node: DropboxNode, link: { url: string; expires?: string }) => ({
    '.tag': node.kind,
    url: link.url,
    id: node.id,
    name: node.name,
    path_lower: node.pathDisplay.toLowerCase(),
    ...(link.expires ? { expires: link.expires } : {}),
    link_permissions: {
      resolved_visibility: { '.tag': 'public' },
      requested_visibility: { '.tag': 'public' },
      can_revoke: true,
      visibility_policies: [],
      can_set_expiry: true,
      can_remove_expiry: true,
      allow_download: true,
      can_allow_download: true,
      can_disallow_download: false,
      allow_comments: true,
      team_restricts_comments: false,
    },
    ...(node.kind === 'file' ? { client_modified: node.clientModified, server_modified: node.serverModified, rev: node.rev, size: node.content?.length ?? 0 } : {}),
  });

  const api = { host: 'api', style: 'rpc' } as const;

  return {
    'users/get_current_account': {
      ...api,
      scope: 'account_info.read',
      fields: null,
      handle: () => ({
        json: {
          account_id: account.accountId,
          name: { given_name: 'Ada', surname: 'Lovelace', familiar_name: 'Ada', display_name: 'Ada Lovelace', abbreviated_name: 'AL' },
          email: account.email,
          email_verified: true,
          disabled: false,
          country: 'GB',
          locale: 'en',
          referral_link: 'https://www.dropbox.com/referrals/AAAsimulated',
          is_paired: false,
          account_type: { '.tag': 'basic' },
          root_info: { '.tag': 'user', root_namespace_id: '3235641', home_namespace_id: '3235641' },
        },
      }),
    },
    'users/get_space_usage': {
      ...api,
      scope: 'account_info.read',
      fields: null,
      handle: () => ({ json: { used: tree.usedBytes(), allocation: { '.tag': 'individual', allocated: account.allocatedBytes } } }),
    },
    'sharing/create_shared_link_with_settings': {
      ...api,
      scope: 'sharing.write',
      fields: { path: true, settings: false },
      handle: ({ arg }) => {
        const node = tree.lookup(stringField(arg, 'path'), 'path');
        const settings = optionalField<Record<string, unknown>>(arg, 'settings', 'object');
        const existing = links.get(node.id);
        if (existing) {
          // The existing link is only given back when no settings could make it a different one.
          const detail = settings ? {} : { shared_link_already_exists: { '.tag': 'metadata', metadata: renderLink(node, existing) } };
          throw new RouteError(['shared_link_already_exists'], { '.tag': 'shared_link_already_exists', ...detail });
        }
        const kind = node.kind === 'file' ? 'fi' : 'fo';
        const link = {
          url: `https://www.dropbox.com/scl/${kind}/${randomBytes(12).toString('base64url')}/${encodeURIComponent(node.name)}?rlkey=${randomBytes(12).toString('base64url')}&dl=0`,
          expires: optionalField<string>(settings ?? null, 'expires', 'string'),
        };
        links.set(node.id, link);
        return { json: renderLink(node, link) };
      },
    },
    'sharing/list_shared_links': {
      ...api,
      scope: 'sharing.read',
      fields: { path: false, cursor: false, direct_only: false },
      handle: ({ arg }) => {
        const path = optionalField<string>(arg, 'path', 'string');
        const directOnly = optionalField<boolean>(arg, 'direct_only', 'boolean') ?? false;
        const target = path === undefined ? undefined : tree.lookup(path, 'path');
        const applies = (node: DropboxNode) => {
          if (!target) return true;
          if (node.id === target.id) return true;
          return !directOnly && target.pathDisplay.toLowerCase().startsWith(`${node.pathDisplay.toLowerCase()}/`);
        };
        const found = [...links.entries()].flatMap(([id, link]) => {
          const node = tree.find(id);
          return node && applies(node) ? [renderLink(node, link)] : [];
        });
        return { json: { links: found, has_more: false } };
      },
    },
  };
}
