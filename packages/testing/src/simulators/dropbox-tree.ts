/**
 * The Dropbox simulator's file tree: folders and files with real bytes, addressed by
 * case-insensitive path or by `id:` id, with Dropbox's conflict rules and error tags.
 * https://www.dropbox.com/developers/documentation/http/documentation#files-upload
 */
import { createHash, randomBytes } from 'node:crypto';
import { ChangeLog } from './dropbox-changes';

/** A file or folder as the simulator keeps it. */
export interface DropboxNode {
  kind: 'file' | 'folder';
  id: string;
  name: string;
  /** The cased path, as first written. */
  pathDisplay: string;
  content?: Buffer;
  rev?: string;
  serverModified?: string;
  clientModified?: string;
}

/**
 * A route error: the tags of the error union from the outside in (`['path', 'not_found']`),
 * answered as HTTP 409 with `error_summary` and the nested `error` union (or `body`, where a
 * struct sits in the union, as in `UploadWriteFailed`).
 */
export class RouteError extends Error {
  constructor(
    readonly tags: string[],
    readonly body?: Record<string, unknown>,
  ) {
    super(tags.join('/'));
  }
}

/** `/Homework/Math` → `/homework/math`; the root is `""` as in Dropbox paths. */
export const lower = (path: string) => path.toLowerCase();
const parentOf = (path: string) => path.slice(0, path.lastIndexOf('/'));
const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * Dropbox's content hash: SHA-256 over the concatenated SHA-256 digests of each 4 MiB block.
 * https://www.dropbox.com/developers/reference/content-hash
 */
export function contentHash(content: Buffer): string {
  const block = 4 * 1024 * 1024;
  const digests: Buffer[] = [];
  for (let offset = 0; offset < content.length; offset += block) digests.push(createHash('sha256').update(content.subarray(offset, offset + block)).digest());
  return createHash('sha256').update(Buffer.concat(digests)).digest('hex');
}

/** The in-memory tree of one Dropbox account. */
export class DropboxTree {
  private readonly byPath = new Map<string, DropboxNode>();
  private readonly byId = new Map<string, DropboxNode>();
  /** Every path a write touched, for cursors and webhook notifications. */
  readonly changes = new ChangeLog();

  constructor(private readonly now: () => number) {}

  /** Every file and folder, by cased path order. */
  all(): DropboxNode[] {
    return [...this.byPath.values()].sort((a, b) => lower(a.pathDisplay).localeCompare(lower(b.pathDisplay)));
  }

  /** The node at a path (`/a/b`) or id (`id:…`), if any; `""` is the root, which is no node. */
  find(pathOrId: string): DropboxNode | undefined {
    return pathOrId.startsWith('id:') ? this.byId.get(pathOrId) : this.byPath.get(lower(pathOrId));
  }

  /** Like `find`, failing with `<field>/not_found` (or `malformed_path`) as Dropbox does. */
  lookup(pathOrId: string, field: string): DropboxNode {
    checkPath(pathOrId, field, false);
    const node = this.find(pathOrId);
    if (!node) throw new RouteError([field, 'not_found']);
    return node;
  }

  /** Direct children of a folder (`""` for the root), or every descendant when `recursive`. */
  childrenOf(folderPath: string, recursive: boolean): DropboxNode[] {
    const prefix = `${lower(folderPath)}/`;
    return this.all().filter((n) => lower(n.pathDisplay).startsWith(prefix) && (recursive || !lower(n.pathDisplay).slice(prefix.length).includes('/')));
  }

  /** Writes a file (`files/upload`, `upload_session/finish`), creating missing parent folders. */
  writeFile(path: string, content: Buffer, mode: 'add' | 'overwrite', clientModified?: string): DropboxNode {
    checkPath(path, 'path', true);
    const existing = this.find(path);
    if (existing?.kind === 'folder') throw new RouteError(['path', 'conflict', 'folder']);
    if (existing) {
      // Identical bytes are never a conflict: nothing is written and the file is answered.
      if (existing.content?.equals(content)) return existing;
      if (mode === 'add') throw new RouteError(['path', 'conflict', 'file']);
    }
    this.ensureParents(path, 'path');
    const stamp = new Date(this.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    const node: DropboxNode = existing ?? { kind: 'file', id: newId(), name: nameOf(path), pathDisplay: this.displayPath(path) };
    Object.assign(node, { content, rev: randomBytes(7).toString('hex'), serverModified: stamp, clientModified: clientModified ?? stamp });
    this.add(node);
    return node;
  }

  /** `files/create_folder_v2`: anything already at the path is a conflict. */
  createFolder(path: string): DropboxNode {
    checkPath(path, 'path', true);
    const existing = this.find(path);
    if (existing) throw new RouteError(['path', 'conflict', existing.kind]);
    this.ensureParents(path, 'path');
    const node: DropboxNode = { kind: 'folder', id: newId(), name: nameOf(path), pathDisplay: this.displayPath(path) };
    this.add(node);
    return node;
  }

  /**
   * `files/delete_v2`: a folder goes with everything in it. Only the folder's own path enters the
   * change log: Dropbox's rule for a deleted entry is that everything below it is gone too.
   */
  delete(node: DropboxNode): void {
    for (const child of node.kind === 'folder' ? this.childrenOf(node.pathDisplay, true) : []) this.remove(child, false);
    this.remove(node);
  }

  /** `files/move_v2` and `files/copy_v2` (`RelocationError` tags). */
  relocate(fromPathOrId: string, toPath: string, copy: boolean): DropboxNode {
    const source = this.lookup(fromPathOrId, 'from_lookup');
    checkPath(toPath, 'to', true);
    const from = lower(source.pathDisplay);
    const to = lower(toPath);
    if (to === from && !copy) throw new RouteError(['duplicated_or_nested_paths']);
    if (to.startsWith(`${from}/`)) throw new RouteError([copy ? 'duplicated_or_nested_paths' : 'cant_move_folder_into_itself']);
    const occupant = this.find(toPath);
    if (occupant) throw new RouteError(['to', 'conflict', occupant.kind]);
    this.ensureParents(toPath, 'to');
    const moved = [source, ...(source.kind === 'folder' ? this.childrenOf(source.pathDisplay, true) : [])];
    const target = this.displayPath(toPath);
    const prefixLength = source.pathDisplay.length;
    let root: DropboxNode | undefined;
    for (const node of moved) {
      const pathDisplay = target + node.pathDisplay.slice(prefixLength);
      const next: DropboxNode = copy ? { ...node, id: newId(), rev: node.rev && randomBytes(7).toString('hex') } : node;
      // A move logs the old path of what was moved (not of what was below it) and every new path.
      if (!copy) this.remove(node, node === source);
      Object.assign(next, { pathDisplay, name: nameOf(pathDisplay) });
      this.add(next);
      root ??= next;
    }
    return root!;
  }

  /** Bytes held by files, for `users/get_space_usage`. */
  usedBytes(): number {
    return this.all().reduce((sum, n) => sum + (n.content?.length ?? 0), 0);
  }

  private add(node: DropboxNode): void {
    this.byPath.set(lower(node.pathDisplay), node);
    this.byId.set(node.id, node);
    this.changes.record(node.pathDisplay);
  }

  private remove(node: DropboxNode, logged = true): void {
    this.byPath.delete(lower(node.pathDisplay));
    this.byId.delete(node.id);
    if (logged) this.changes.record(node.pathDisplay);
  }

  /** Missing parents are created; a file where a parent folder should be is `file_ancestor`. */
  private ensureParents(path: string, field: string): void {
    const parent = parentOf(path);
    if (parent === '') return;
    const existing = this.find(parent);
    if (existing?.kind === 'file') throw new RouteError([field, 'conflict', 'file_ancestor']);
    if (existing) return;
    this.ensureParents(parent, field);
    this.add({ kind: 'folder', id: newId(), name: nameOf(parent), pathDisplay: this.displayPath(parent) });
  }

  /** Existing folders keep their casing; the new last component keeps the caller's. */
  private displayPath(path: string): string {
    const parent = parentOf(path);
    const known = parent === '' ? '' : (this.find(parent)?.pathDisplay ?? parent);
    return `${known}/${nameOf(path)}`;
  }
}

/** Dropbox path rules: `/…` or `id:…` (reads only); no trailing slash, no empty or dot segments. */
function checkPath(path: string, field: string, write: boolean): void {
  if (!write && path.startsWith('id:') && path.length > 3) return;
  const malformed = !path.startsWith('/') || path.endsWith('/') || path.split('/').slice(1).some((s) => s === '' || s === '.' || s === '..');
  if (malformed) throw new RouteError([field, 'malformed_path']);
}

function newId(): string {
  return `id:${randomBytes(16).toString('base64url')}`;
}
