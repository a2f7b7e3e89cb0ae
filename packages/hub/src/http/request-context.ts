import type { Request } from 'express';
import type { InstanceRecord, Organization, User } from '@junction/store';

/** Who is calling, as resolved by the auth middleware. */
export interface Principal {
  user: User;
  organization: Organization;
  instance?: InstanceRecord;
}

export interface JunctionLocals {
  requestId: string;
  startedAt: number;
  principal?: Principal;
}

export function locals(req: Request): JunctionLocals {
  return req.res!.locals as JunctionLocals;
}

/** The caller, or a programming error if a route forgot the auth middleware. */
export function principal(req: Request): Principal {
  const p = locals(req).principal;
  if (!p) throw new Error('route reached without authentication');
  return p;
}
