import { Account, AccountInput, defineResource } from '@junction/core';
import { createObject, deleteObject, getObject, listObjects, propertiesFrom, text, updateObject, type HubSpotObject, type HubSpotWrite, type ObjectSpec } from '../crm-objects';
import { pushdownFor, type PropertyFields } from '../search-filters';

/** Hub account fields on a HubSpot company. https://developers.hubspot.com/docs/api-reference/crm-companies-v3/guide */
export const accountFields: PropertyFields = {
  name: { property: 'name', kind: 'string' },
  description: { property: 'description', kind: 'string' },
  website: { property: 'website', kind: 'string' },
  phone: { property: 'phone', kind: 'string' },
  industry: { property: 'industry', kind: 'enumeration' },
  createdDate: { property: 'createdate', kind: 'datetime' },
  modifiedDate: { property: 'hs_lastmodifieddate', kind: 'datetime' },
};

export const accountsSpec: ObjectSpec = { objectType: 'companies', fields: accountFields };

/** crm `accounts` are HubSpot companies. */
export const accounts = defineResource<HubSpotObject, typeof Account>({
  name: 'accounts',
  vendorName: 'companies',
  description: 'Companies (HubSpot companies)',
  model: Account,
  input: AccountInput,
  paging: 'cursor',
  maxPageSize: 100,
  pushdown: pushdownFor(accountFields),
  toHub: (company) => ({
    id: company.id,
    name: text(company, 'name'),
    description: text(company, 'description'),
    website: text(company, 'website'),
    phone: text(company, 'phone'),
    industry: text(company, 'industry'),
    createdDate: text(company, 'createdate') ?? company.createdAt,
    modifiedDate: text(company, 'hs_lastmodifieddate') ?? company.updatedAt,
  }),
  toVendor: (body) => ({ properties: propertiesFrom(body, accountFields) }),
  // https://developers.hubspot.com/docs/api-reference/crm-companies-v3/guide (list, or search when `where` can be pushed)
  list: (ctx, request) => listObjects(ctx, accountsSpec, request),
  // https://developers.hubspot.com/docs/api-reference/crm-companies-v3/guide (GET /crm/v3/objects/companies/{id})
  get: (ctx, id) => getObject(ctx, accountsSpec, id),
  // https://developers.hubspot.com/docs/api-reference/crm-companies-v3/guide (POST /crm/v3/objects/companies)
  create: (ctx, body) => createObject(ctx, accountsSpec, body as HubSpotWrite),
  // https://developers.hubspot.com/docs/api-reference/crm-companies-v3/guide (PATCH /crm/v3/objects/companies/{id}: only the properties sent change)
  update: (ctx, id, body) => updateObject(ctx, accountsSpec, id, body as HubSpotWrite),
  // https://developers.hubspot.com/docs/api-reference/crm-companies-v3/guide (DELETE /crm/v3/objects/companies/{id})
  delete: (ctx, id) => deleteObject(ctx, accountsSpec, id),
});
