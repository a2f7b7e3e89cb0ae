import { BadRequestError, DocumentEntry, fieldsOf, matchesCeql, type ListPage } from '@junction/core';
import type { Response } from 'express';
import { project, sortRecords } from '../hub/present-record';
import { decodePageToken, encodePageToken, type HubQuery } from '../hub/query';
import type { Presenter } from './present';

/** One page of entries from the element, from its own cursor. */
export type EntryPages = (page: { pageSize: number; cursor?: string }) => Promise<ListPage<DocumentEntry>>;

/** Element calls one hub page may take while topping itself up after `where` filtered entries out. */
const MAX_VENDOR_CALLS_PER_PAGE = 10;
/** How far `page=N` may walk a folder before asking for `nextPage` tokens. */
const MAX_WALK_ENTRIES = 10_000;

const ENTRY_FIELDS = Object.keys(DocumentEntry.shape);

/**
 * Answers a folder listing or a search: `pageSize` entries per page, `where` (CEQL on entry
 * fields) applied here, `orderBy` and `fields` on the page, and `Elements-Next-Page-Token` around
 * the element's cursor while more may follow.
 */
export async function sendEntries(pages: EntryPages, query: HubQuery, res: Response, present: Presenter): Promise<void> {
  const unknown = query.where ? fieldsOf(query.where).filter((f) => !ENTRY_FIELDS.includes(f)) : [];
  if (unknown.length) throw new BadRequestError(`Unknown field '${unknown[0]}' in where; entries have: ${ENTRY_FIELDS.join(', ')}`);

  let cursor = query.nextPage ? decodePageToken(query.nextPage) : undefined;
  if (!query.nextPage && query.page && query.page > 1) {
    if ((query.page - 1) * query.pageSize > MAX_WALK_ENTRIES) throw new BadRequestError(`page × pageSize beyond ${MAX_WALK_ENTRIES}: use nextPage tokens to go deeper`);
    for (let p = 1; p < query.page; p++) {
      cursor = (await fill(pages, query, cursor)).cursor;
      if (!cursor) return send(res, present, [], undefined);
    }
  }
  const page = await fill(pages, query, cursor);
  const records = sortRecords(page.entries.map((e) => project(present.record(e), query.fields)), query.orderBy);
  send(res, present, records, page.cursor);
}

async function fill(pages: EntryPages, query: HubQuery, start: string | undefined) {
  const entries: DocumentEntry[] = [];
  let cursor = start;
  for (let calls = 0; calls < MAX_VENDOR_CALLS_PER_PAGE; calls++) {
    const page = await pages({ pageSize: query.pageSize - entries.length, cursor });
    for (const entry of page.records) if (!query.where || matchesCeql(query.where, hubFields(entry))) entries.push(entry);
    cursor = page.cursor;
    if (!cursor || entries.length >= query.pageSize || page.records.length === 0) break;
  }
  return { entries, cursor };
}

/** CEQL sees the hub fields only, never the vendor record. */
function hubFields(entry: DocumentEntry): Record<string, unknown> {
  const { raw: _raw, ...fields } = entry as DocumentEntry & { raw?: unknown };
  return fields;
}

function send(res: Response, present: Presenter, records: Record<string, unknown>[], cursor: string | undefined): void {
  res.set('Elements-Returned-Count', String(records.length));
  if (cursor) res.set('Elements-Next-Page-Token', encodePageToken(cursor));
  present.json(records);
}
