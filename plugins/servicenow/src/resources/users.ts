import { HelpdeskUser, HelpdeskUserInput } from '@junction/core';
import { isoFromGlide } from '../glide-date-time';
import type { QueryFields } from '../query/encoded-query';
import { table, type TableRecord } from '../table-api';

/** A `sys_user` record with actual values. https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html */
export interface ServiceNowUser extends TableRecord {
  first_name?: string;
  last_name?: string;
  name?: string;
  email?: string;
  phone?: string;
  active?: string;
  sys_created_on?: string;
  sys_updated_on?: string;
}

export const userQueryFields: QueryFields = {
  id: { column: 'sys_id', kind: 'reference' },
  firstName: { column: 'first_name', kind: 'text' },
  lastName: { column: 'last_name', kind: 'text' },
  name: { column: 'name', kind: 'text' },
  email: { column: 'email', kind: 'text' },
  phone: { column: 'phone', kind: 'text' },
  active: { column: 'active', kind: 'boolean' },
  createdDate: { column: 'sys_created_on', kind: 'datetime' },
  modifiedDate: { column: 'sys_updated_on', kind: 'datetime' },
};

export const userTable = table<ServiceNowUser>('sys_user', [
  'sys_id',
  'first_name',
  'last_name',
  'name',
  'email',
  'phone',
  'active',
  'sys_created_on',
  'sys_updated_on',
]);

/** `name` is left out: ServiceNow computes a user's name from the first and last names. */
export const UserInput = HelpdeskUserInput.omit({ name: true }).strict();

export function userToHub(user: ServiceNowUser): HelpdeskUser {
  return {
    id: user.sys_id,
    firstName: user.first_name || undefined,
    lastName: user.last_name || undefined,
    name: user.name || undefined,
    email: user.email || undefined,
    phone: user.phone || undefined,
    active: user.active === 'true' ? true : user.active === 'false' ? false : undefined,
    createdDate: isoFromGlide(user.sys_created_on),
    modifiedDate: isoFromGlide(user.sys_updated_on),
  };
}

export function userToVendor(body: Record<string, unknown>): Record<string, unknown> {
  return {
    ...(body.firstName !== undefined ? { first_name: body.firstName } : {}),
    ...(body.lastName !== undefined ? { last_name: body.lastName } : {}),
    ...(body.email !== undefined ? { email: body.email } : {}),
    ...(body.phone !== undefined ? { phone: body.phone } : {}),
    ...(typeof body.active === 'boolean' ? { active: String(body.active) } : {}),
  };
}
