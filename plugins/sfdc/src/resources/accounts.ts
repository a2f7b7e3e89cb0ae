import { Account, AccountInput, defineResource } from '@junction/core';
import { pushdownOf } from '../soql';
import { optional, renameFields, sobjectOperations, type SalesforceRecord, type SObjectSpec } from '../sobject-api';

/** An Account. https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_account.htm */
export interface SalesforceAccount extends SalesforceRecord {
  Name?: string;
  Description?: string | null;
  Website?: string | null;
  Phone?: string | null;
  Industry?: string | null;
}

const ACCOUNT: SObjectSpec = {
  name: 'Account',
  keyPrefix: '001',
  fields: ['Id', 'Name', 'Description', 'Website', 'Phone', 'Industry', 'CreatedDate', 'LastModifiedDate'],
  // Description is a long text area, which SOQL cannot filter on.
  filters: {
    id: { name: 'Id', type: 'id' },
    name: { name: 'Name', type: 'text' },
    website: { name: 'Website', type: 'text' },
    phone: { name: 'Phone', type: 'text' },
    industry: { name: 'Industry', type: 'picklist' },
    createdDate: { name: 'CreatedDate', type: 'datetime' },
    modifiedDate: { name: 'LastModifiedDate', type: 'datetime' },
  },
};

export const accounts = defineResource<SalesforceAccount, typeof Account>({
  name: 'accounts',
  vendorName: 'Account',
  description: 'Companies (Salesforce accounts)',
  model: Account,
  input: AccountInput,
  paging: 'cursor',
  maxPageSize: 2000,
  pushdown: pushdownOf(ACCOUNT.filters),
  toHub: (a) => ({
    id: a.Id,
    name: optional(a.Name),
    description: optional(a.Description),
    website: optional(a.Website),
    phone: optional(a.Phone),
    industry: optional(a.Industry),
    createdDate: a.CreatedDate,
    modifiedDate: a.LastModifiedDate,
  }),
  toVendor: (body) => renameFields(body, { name: 'Name', description: 'Description', website: 'Website', phone: 'Phone', industry: 'Industry' }),
  ...sobjectOperations<SalesforceAccount>(ACCOUNT),
});
