import { defineResource, HelpdeskUser, NotFoundError } from '@junction/core';
import { encodeQuery, pushdownFor } from '../query/encoded-query';
import { RECORD_ID } from '../table-api';
import { userQueryFields, userTable, userToHub, userToVendor, UserInput, type ServiceNowUser } from './users';

/**
 * Users holding the `itil` role, ServiceNow's fulfiller role for working incidents, active or not
 * (filter `active = true` for current staff). `roles=itil` is ServiceNow's own role match.
 * https://www.servicenow.com/docs/r/platform-user-interface/c_EncodedQueryStrings.html
 */
const AGENT_SCOPE = ['roles=itil'];

/** helpdesk `agents`: read-only, as granting the role is a separate `sys_user_has_role` record. */
export const agents = defineResource<ServiceNowUser, typeof HelpdeskUser>({
  name: 'agents',
  vendorName: 'sys_user',
  description: 'People who work incidents (ServiceNow users with the itil role)',
  model: HelpdeskUser,
  input: UserInput,
  paging: 'offset',
  maxPageSize: 1000,
  pushdown: pushdownFor(userQueryFields),
  toHub: userToHub,
  toVendor: userToVendor,
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (GET /now/table/sys_user?sysparm_query=roles=itil…)
  list: (ctx, request) => userTable.list(ctx, request, encodeQuery(request.where, userQueryFields, AGENT_SCOPE)),
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (GET /now/table/sys_user?sysparm_query=roles=itil^sys_id=…):
  // the record endpoint would answer any user, agent or not.
  get: async (ctx, id) => {
    if (!RECORD_ID.test(id)) throw new NotFoundError(`agent '${id}'`);
    const page = await userTable.list(ctx, { pageSize: 1 }, { text: [...AGENT_SCOPE, `sys_id=${id}`].join('^'), exact: true });
    const agent = page.records[0];
    if (!agent) throw new NotFoundError(`agent '${id}'`);
    return agent;
  },
});
