import { defineResource, HelpdeskUser } from '@junction/core';
import { encodeQuery, pushdownFor } from '../query/encoded-query';
import { userQueryFields, userTable, userToHub, userToVendor, UserInput, type ServiceNowUser } from './users';

/**
 * helpdesk `contacts`: every `sys_user`, since anyone with a user record can be an incident's
 * caller. Agents are the subset in `agents`.
 */
export const contacts = defineResource<ServiceNowUser, typeof HelpdeskUser>({
  name: 'contacts',
  vendorName: 'sys_user',
  description: 'People who can raise incidents (all ServiceNow users)',
  model: HelpdeskUser,
  input: UserInput,
  paging: 'offset',
  maxPageSize: 1000,
  pushdown: pushdownFor(userQueryFields),
  toHub: userToHub,
  toVendor: userToVendor,
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (GET /now/table/sys_user)
  list: (ctx, request) => userTable.list(ctx, request, encodeQuery(request.where, userQueryFields)),
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (GET /now/table/sys_user/{sys_id})
  get: (ctx, id) => userTable.get(ctx, id),
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (POST /now/table/sys_user)
  create: (ctx, body) => userTable.create(ctx, body),
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (PATCH /now/table/sys_user/{sys_id})
  update: (ctx, id, body) => userTable.update(ctx, id, body),
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (DELETE /now/table/sys_user/{sys_id})
  delete: (ctx, id) => userTable.delete(ctx, id),
});
