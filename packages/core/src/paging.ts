import type { CeqlNode } from './ceql/ast';

/** What the hub asks a resource's `list` for: one page, with the pushable part of the query. */
export interface ListRequest {
  pageSize: number;
  /** The resource's own cursor from the previous page; undefined for the first page. */
  cursor?: string;
  /** The part of `where` this resource declared it can push to the vendor, in hub field names (vendor names on native objects). */
  where?: CeqlNode;
  orderBy?: { field: string; direction: 'asc' | 'desc' }[];
}

export interface ListPage<V> {
  records: V[];
  /** The cursor for the next page; undefined when this is the last page. */
  cursor?: string;
  total?: number;
}

/**
 * How a resource pages. `offset` cursors are record offsets, so the hub can jump to `page=N`
 * directly; `cursor` pages are opaque and `page=N` walks from the start.
 */
export type PagingStrategy = 'offset' | 'cursor';

/** Reads an offset cursor; anything else is a programming error in the element. */
export function offsetFrom(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const offset = Number(cursor);
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`invalid offset cursor '${cursor}'`);
  return offset;
}
