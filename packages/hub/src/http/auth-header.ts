import { UnauthorizedError } from '@junction/core';

export interface AuthorizationParts {
  user?: string;
  organization?: string;
  element?: string;
}

const USAGE = "Authorization header must be 'User <secret>, Organization <secret>[, Element <token>]'";

/**
 * Parses `User x, Organization y, Element z` (any order, any subset). Anything else is a 401
 * that says what the header should look like.
 */
export function parseAuthorization(header: string | undefined): AuthorizationParts {
  if (!header || !header.trim()) throw new UnauthorizedError(`Missing Authorization header. ${USAGE}`);
  const parts: AuthorizationParts = {};
  for (const piece of header.split(',')) {
    const match = /^\s*(User|Organization|Element)\s+(\S+)\s*$/i.exec(piece);
    if (!match) throw new UnauthorizedError(`Malformed Authorization header. ${USAGE}`);
    const scheme = match[1].toLowerCase() as keyof AuthorizationParts;
    if (parts[scheme] !== undefined) throw new UnauthorizedError(`Authorization header names ${match[1]} twice. ${USAGE}`);
    parts[scheme] = match[2];
  }
  return parts;
}
