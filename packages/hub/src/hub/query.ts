import { BadRequestError, parseCeql, CeqlSyntaxError, type CeqlNode } from '@junction/core';

/** Query parameters of a hub list call, validated. */
export interface HubQuery {
  where?: CeqlNode;
  pageSize: number;
  page?: number;
  nextPage?: string;
  orderBy?: { field: string; direction: 'asc' | 'desc' }[];
  fields?: string[];
  raw: boolean;
}

export const DEFAULT_PAGE_SIZE = 200;
export const MAX_PAGE_SIZE = 500;

function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new BadRequestError(`Query parameter '${name}' must be given once, as text`);
  return value;
}

function positiveInt(value: string | undefined, name: string, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new BadRequestError(`Query parameter '${name}' must be a whole number from 1 to ${max}, got '${value}'`);
  }
  return Number(value);
}

export function parseHubQuery(query: Record<string, unknown>): HubQuery {
  const whereText = single(query, 'where');
  let where: CeqlNode | undefined;
  if (whereText !== undefined && whereText.trim() !== '') {
    try {
      where = parseCeql(whereText);
    } catch (error) {
      if (error instanceof CeqlSyntaxError) throw new BadRequestError(error.message);
      throw error;
    }
  }
  const orderByText = single(query, 'orderBy');
  const orderBy = orderByText
    ? orderByText.split(',').map((part) => {
        const match = /^\s*`?([\w.$-]+)`?(?:\s+(asc|desc))?\s*$/i.exec(part);
        if (!match) throw new BadRequestError(`Invalid orderBy '${part.trim()}': expected '<field> [asc|desc]'`);
        return { field: match[1], direction: (match[2]?.toLowerCase() ?? 'asc') as 'asc' | 'desc' };
      })
    : undefined;
  const fieldsText = single(query, 'fields');
  const rawText = single(query, 'raw');
  return {
    where,
    pageSize: positiveInt(single(query, 'pageSize'), 'pageSize', MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE,
    page: positiveInt(single(query, 'page'), 'page', 10_000),
    nextPage: single(query, 'nextPage') || undefined,
    orderBy,
    fields: fieldsText ? fieldsText.split(',').map((f) => f.trim()).filter(Boolean) : undefined,
    raw: rawText === 'true',
  };
}

/** Next-page tokens are opaque to clients: base64url JSON around the resource's own cursor. */
export function encodePageToken(cursor: string): string {
  return Buffer.from(JSON.stringify({ c: cursor })).toString('base64url');
}

export function decodePageToken(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { c?: unknown };
    if (typeof parsed.c === 'string') return parsed.c;
  } catch {
    // fall through to the error below
  }
  throw new BadRequestError("Invalid 'nextPage' token: pass the Elements-Next-Page-Token of the previous page unchanged");
}
