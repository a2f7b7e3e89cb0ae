/**
 * The Box simulator's content: a tree of folders and files with their bytes, ids as Box gives
 * them (numeric strings, root folder `0`), and the JSON representations Box answers with.
 * https://developer.box.com/reference/resources/file/ and https://developer.box.com/reference/resources/folder/
 */
import { createHash, randomBytes } from 'node:crypto';
import { HttpError } from './simulator-server';

/** A Box error, with the shape of https://developer.box.com/reference/resources/client-error/ */
export function boxError(status: number, code: string, message: string, contextInfo?: Record<string, unknown>): HttpError {
  return new HttpError(status, message, {
    type: 'error',
    status,
    code,
    ...(contextInfo ? { context_info: contextInfo } : {}),
    help_url: 'http://developers.box.com/docs/#errors',
    message,
    request_id: randomBytes(8).toString('hex'),
  });
}

export const notFound = () => boxError(404, 'not_found', 'Not Found');

/** Box writes times in Pacific time, e.g. `2012-12-12T10:53:43-08:00`. */
export function pacific(epochMs: number): string {
  return `${new Date(epochMs - 8 * 3600 * 1000).toISOString().slice(0, 19)}-08:00`;
}

interface ItemBase {
  id: string;
  name: string;
  parentId: string | null;
  createdAt: string | null;
  modifiedAt: string | null;
  sequence: number;
  sharedLink?: Record<string, unknown>;
}

export interface SimFolder extends ItemBase {
  type: 'folder';
}

export interface SimFile extends ItemBase {
  type: 'file';
  content: Buffer;
  sha1: string;
  versionId: string;
}

export type SimItem = SimFolder | SimFile;

/** A change of the tree, in the terms of Box's user event stream. https://developer.box.com/guides/events/user-events/for-user/ */
export interface BoxStoreChange {
  eventType: 'ITEM_CREATE' | 'ITEM_UPLOAD' | 'ITEM_RENAME' | 'ITEM_MOVE' | 'ITEM_COPY' | 'ITEM_TRASH';
  /** The item as Box shows it right after the change (a trashed item: as it went). */
  source: Record<string, unknown>;
  /** The folders the item is in, root first: webhooks on any of them see the change. */
  ancestorIds: string[];
}

/** The bytes' SHA-1 in hex, as Box reports `sha1`. */
export const sha1Hex = (data: Buffer) => createHash('sha1').update(data).digest('hex');

/** The owner of everything in the store. */
export interface BoxUser {
  id: string;
  name: string;
  login: string;
  spaceAmount: number;
}

const ROOT = '0';

/** The in-memory tree. Names are unique per folder without regard to case, as on Box. */
export class BoxStore {
  private readonly items = new Map<string, SimItem>();
  private nextId = 1_000_000_001;
  /** Told of every change (events, webhooks). */
  onChange: ((change: BoxStoreChange) => void) | undefined;
  /** Above zero while a copy or delete works through the items inside: Box reports only the top one. */
  private quiet = 0;

  constructor(
    private readonly now: () => number,
    readonly user: BoxUser,
  ) {
    this.reset();
  }

  reset(): void {
    this.items.clear();
    this.items.set(ROOT, { type: 'folder', id: ROOT, name: 'All Files', parentId: null, createdAt: null, modifiedAt: null, sequence: 0 });
  }

  private stamp(): string {
    return pacific(this.now());
  }

  private newId(): string {
    return String(this.nextId++);
  }

  private changed(eventType: BoxStoreChange['eventType'], item: SimItem, overrides: Record<string, unknown> = {}): void {
    if (this.quiet > 0 || !this.onChange) return;
    this.onChange({ eventType, source: { ...this.json(item), ...overrides }, ancestorIds: this.ancestry(item).map((a) => a.id) });
  }

  /** Runs `work` without reporting the changes it makes. */
  private quietly<T>(work: () => T): T {
    this.quiet++;
    try {
      return work();
    } finally {
      this.quiet--;
    }
  }

  get(id: string, type?: 'file' | 'folder'): SimItem {
    const item = this.items.get(id);
    if (!item || (type && item.type !== type)) throw notFound();
    return item;
  }

  file(id: string): SimFile {
    return this.get(id, 'file') as SimFile;
  }

  folder(id: string): SimFolder {
    return this.get(id, 'folder') as SimFolder;
  }

  /** A folder's items: folders first, then files, each by name (Box's default order). */
  children(folderId: string): SimItem[] {
    this.folder(folderId);
    return [...this.items.values()]
      .filter((i) => i.parentId === folderId)
      .sort((a, b) => (a.type === b.type ? a.name.localeCompare(b.name) : a.type === 'folder' ? -1 : 1));
  }

  /** Throws Box's 409 when `name` is taken in the folder (by anything but `except`). */
  assertNameFree(folderId: string, name: string, except?: string, conflictsAsList = true): void {
    if (!name || name === '.' || name === '..' || /[/\\]/.test(name) || name.length > 255) {
      throw boxError(400, 'item_name_invalid', 'Item name invalid');
    }
    const taken = this.children(folderId).find((i) => i.id !== except && i.name.toLowerCase() === name.toLowerCase());
    if (!taken) return;
    const mini = this.json(taken, ['type', 'id', 'sequence_id', 'etag', 'name', 'sha1', 'file_version']);
    throw boxError(409, 'item_name_in_use', 'Item with the same name already exists', { conflicts: conflictsAsList ? [mini] : mini });
  }

  createFolder(parentId: string, name: string): SimFolder {
    this.folder(parentId);
    this.assertNameFree(parentId, name);
    const folder: SimFolder = { type: 'folder', id: this.newId(), name, parentId, createdAt: this.stamp(), modifiedAt: this.stamp(), sequence: 0 };
    this.items.set(folder.id, folder);
    this.changed('ITEM_CREATE', folder);
    return folder;
  }

  createFile(parentId: string, name: string, content: Buffer): SimFile {
    this.folder(parentId);
    this.assertNameFree(parentId, name, undefined, false);
    const file: SimFile = {
      type: 'file',
      id: this.newId(),
      name,
      parentId,
      createdAt: this.stamp(),
      modifiedAt: this.stamp(),
      sequence: 0,
      content,
      sha1: sha1Hex(content),
      versionId: this.newId(),
    };
    this.items.set(file.id, file);
    this.changed('ITEM_UPLOAD', file);
    return file;
  }

  newVersion(id: string, content: Buffer, name?: string): SimFile {
    const file = this.file(id);
    if (name && name !== file.name) this.assertNameFree(file.parentId!, name, id, false);
    Object.assign(file, { content, sha1: sha1Hex(content), versionId: this.newId(), modifiedAt: this.stamp(), sequence: file.sequence + 1, name: name || file.name });
    this.changed('ITEM_UPLOAD', file);
    return file;
  }

  /** Rename and/or move. A folder cannot go under itself. */
  update(id: string, type: 'file' | 'folder', change: { name?: string; parentId?: string }): SimItem {
    const item = this.get(id, type);
    if (id === ROOT) throw boxError(403, 'access_denied_insufficient_permissions', 'Access denied - insufficient permission');
    const parentId = change.parentId ?? item.parentId!;
    const name = change.name ?? item.name;
    this.folder(parentId);
    for (let at: string | null = parentId; at; at = this.items.get(at)?.parentId ?? null) {
      if (at === id) throw boxError(400, 'bad_request', 'Cannot move a folder into itself or its subfolders');
    }
    this.assertNameFree(parentId, name, id);
    const renamed = name !== item.name;
    const moved = parentId !== item.parentId;
    Object.assign(item, { name, parentId, modifiedAt: this.stamp(), sequence: item.sequence + 1 });
    if (renamed) this.changed('ITEM_RENAME', item);
    if (moved) this.changed('ITEM_MOVE', item);
    return item;
  }

  /** Copies an item (a folder with everything in it) into a folder. */
  copy(id: string, type: 'file' | 'folder', parentId: string, name?: string): SimItem {
    const source = this.get(id, type);
    const target = name ?? source.name;
    this.folder(parentId);
    this.assertNameFree(parentId, target);
    const copied = this.quietly(() => {
      if (source.type === 'file') return this.createFile(parentId, target, Buffer.from(source.content));
      const folder = this.createFolder(parentId, target);
      for (const child of this.children(source.id)) this.copy(child.id, child.type, folder.id);
      return folder;
    });
    this.changed('ITEM_COPY', copied);
    return copied;
  }

  /** Moves to the trash, which the simulator does not keep. */
  delete(id: string, type: 'file' | 'folder', recursive: boolean): void {
    const item = this.get(id, type);
    if (id === ROOT) throw boxError(403, 'access_denied_insufficient_permissions', 'Access denied - insufficient permission');
    if (type === 'folder' && !recursive && this.children(id).length > 0) throw boxError(400, 'folder_not_empty', 'Cannot delete – folder not empty');
    this.changed('ITEM_TRASH', item, { item_status: 'trashed', trashed_at: this.stamp() });
    this.quietly(() => {
      for (const child of type === 'folder' ? this.children(id) : []) this.delete(child.id, child.type, true);
    });
    this.items.delete(id);
  }

  /** Items whose name contains the query, under any of `ancestors` when given. */
  search(query: string, ancestors: string[]): SimItem[] {
    const words = query.toLowerCase();
    const under = (item: SimItem) => ancestors.length === 0 || this.ancestry(item).some((a) => ancestors.includes(a.id));
    return [...this.items.values()].filter((i) => i.id !== ROOT && i.name.toLowerCase().includes(words) && under(i)).sort((a, b) => a.id.localeCompare(b.id));
  }

  spaceUsed(): number {
    let used = 0;
    for (const item of this.items.values()) if (item.type === 'file') used += item.content.length;
    return used;
  }

  private ancestry(item: SimItem): SimFolder[] {
    const chain: SimFolder[] = [];
    for (let at = item.parentId; at; at = this.items.get(at)?.parentId ?? null) chain.unshift(this.folder(at));
    return chain;
  }

  private size(item: SimItem): number {
    return item.type === 'file' ? item.content.length : this.children(item.id).reduce((sum, c) => sum + this.size(c), 0);
  }

  /**
   * The item as Box shows it: the standard representation, or only `fields` (plus `type`, `id`
   * and `etag`, which Box always sends) when asked.
   */
  json(item: SimItem, fields?: string[]): Record<string, unknown> {
    const isRoot = item.id === ROOT;
    const ref = (i: SimItem) => ({ type: i.type, id: i.id, sequence_id: isRootId(i.id) ? null : String(i.sequence), etag: isRootId(i.id) ? null : String(i.sequence), name: i.name });
    const path = this.ancestry(item).map(ref);
    const owner = { type: 'user', id: this.user.id, name: this.user.name, login: this.user.login };
    const full: Record<string, unknown> = {
      type: item.type,
      id: item.id,
      sequence_id: isRoot ? null : String(item.sequence),
      etag: isRoot ? null : String(item.sequence),
      name: item.name,
      ...(item.type === 'file' ? { sha1: item.sha1, file_version: { type: 'file_version', id: item.versionId, sha1: item.sha1 } } : {}),
      description: '',
      size: this.size(item),
      path_collection: { total_count: path.length, entries: path },
      created_at: item.createdAt,
      modified_at: item.modifiedAt,
      trashed_at: null,
      purged_at: null,
      content_created_at: item.createdAt,
      content_modified_at: item.modifiedAt,
      created_by: isRoot ? { type: 'user', id: '', name: '', login: '' } : owner,
      modified_by: isRoot ? { type: 'user', id: '', name: '', login: '' } : owner,
      owned_by: owner,
      shared_link: item.sharedLink ?? null,
      parent: item.parentId === null ? null : ref(this.folder(item.parentId)),
      item_status: 'active',
    };
    if (!fields) return full;
    const picked: Record<string, unknown> = { type: full.type, id: full.id, etag: full.etag };
    for (const field of fields) if (field in full) picked[field] = full[field];
    return picked;
  }
}

const isRootId = (id: string) => id === ROOT;
