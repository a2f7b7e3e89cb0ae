import type { ElementContext, NormalizedChange } from '@junction/core';
import { z } from 'zod';
import { hasSummary, parseVendor, rpc } from '../dropbox-api';
import { DropboxMetadata, ROOT_ID } from '../metadata';

/**
 * Changes in a Dropbox account through its change cursor: `list_folder/get_latest_cursor` marks
 * "now", `list_folder/continue` reports every path that changed after a cursor and hands back the
 * next one. The hub keeps the cursor between polls.
 * https://www.dropbox.com/developers/documentation/http/documentation#files-list_folder-continue
 */

/** The object type of every change: files and folders alike, since a deleted entry does not say which it was. */
export const FILES_OBJECT = 'files';

/** The whole Dropbox, every subfolder, and deletions (which are left out unless asked for). */
const WATCHED = { path: '', recursive: true, include_deleted: true };

/**
 * Entries one poll reads at most. The cursor reached is a safe place to stop: the next poll goes
 * on from there, so a burst of changes is spread over polls instead of held in memory at once.
 */
export const MAX_ENTRIES_PER_POLL = 50_000;

const LatestCursor = z.looseObject({ cursor: z.string().min(1) });
const ListFolderResult = z.looseObject({ entries: z.array(DropboxMetadata), cursor: z.string().min(1), has_more: z.boolean() });

/** The cursor for "now": nothing before it is reported. */
async function latestCursor(ctx: ElementContext): Promise<string> {
  // https://www.dropbox.com/developers/documentation/http/documentation#files-list_folder-get_latest_cursor
  return parseVendor(LatestCursor, await rpc(ctx, 'files/list_folder/get_latest_cursor', WATCHED), 'the latest cursor').cursor;
}

/**
 * One `list_folder/continue` entry as a change. Dropbox reports each changed path as it is now,
 * with no creation time and nothing about its previous state, so an added file cannot be told
 * from an edited one: both are UPDATED. A file or folder has an `id`; a deleted entry has none,
 * so its lower-cased path is the id (the path is all that names what went away). The date is the
 * file's `server_modified`; folders and deletions carry none, so it is the time of the poll.
 */
function toChange(entry: DropboxMetadata, now: string): NormalizedChange {
  const deleted = entry['.tag'] === 'deleted';
  return {
    eventType: deleted ? 'DELETED' : 'UPDATED',
    objectType: FILES_OBJECT,
    objectId: (deleted ? undefined : entry.id) ?? entry.path_lower ?? entry.path_display ?? entry.name,
    date: entry.server_modified ?? now,
    raw: entry,
  };
}

/**
 * The changes after `state` (a cursor) and the cursor to keep; on the first call only the cursor.
 *
 * A cursor Dropbox no longer accepts (the `reset` route error, for a cursor too old or
 * invalidated) is replaced by a fresh one rather than failing every poll from then on. Changes
 * made between the old cursor and the new one cannot be read any more, so the poll reports one
 * UNKNOWN change on the root folder (`/`) carrying the vendor's `error_summary`: the sign for the
 * app to re-read what it keeps of the Dropbox.
 */
export async function changedSince(ctx: ElementContext, state: string | undefined): Promise<{ events: NormalizedChange[]; state: string }> {
  if (state === undefined) return { events: [], state: await latestCursor(ctx) };
  const now = new Date().toISOString();
  const events: NormalizedChange[] = [];
  let cursor = state;
  try {
    let hasMore: boolean;
    do {
      // https://www.dropbox.com/developers/documentation/http/documentation#files-list_folder-continue
      const page = parseVendor(ListFolderResult, await rpc(ctx, 'files/list_folder/continue', { cursor }), 'the changes');
      events.push(...page.entries.map((entry) => toChange(entry, now)));
      cursor = page.cursor;
      hasMore = page.has_more;
    } while (hasMore && events.length < MAX_ENTRIES_PER_POLL);
  } catch (error) {
    if (!hasSummary(error, 'reset')) throw error;
    const summary = (error as { providerMessage?: string }).providerMessage;
    events.push({ eventType: 'UNKNOWN', objectType: FILES_OBJECT, objectId: ROOT_ID, date: now, raw: { error_summary: summary } });
    return { events, state: await latestCursor(ctx) };
  }
  return { events, state: cursor };
}
