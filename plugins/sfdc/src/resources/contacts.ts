import { Contact, ContactInput, defineResource } from '@junction/core';
import { pushdownOf } from '../soql';
import { optional, renameFields, sobjectOperations, type SalesforceRecord, type SObjectSpec } from '../sobject-api';
import { personName } from './person-name';

/** A Contact. https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contact.htm */
export interface SalesforceContact extends SalesforceRecord {
  FirstName?: string | null;
  LastName?: string;
  Name?: string;
  Title?: string | null;
  Email?: string | null;
  Phone?: string | null;
  AccountId?: string | null;
}

const CONTACT: SObjectSpec = {
  name: 'Contact',
  keyPrefix: '003',
  fields: ['Id', 'FirstName', 'LastName', 'Name', 'Title', 'Email', 'Phone', 'AccountId', 'CreatedDate', 'LastModifiedDate'],
  filters: {
    id: { name: 'Id', type: 'id' },
    firstName: { name: 'FirstName', type: 'text' },
    lastName: { name: 'LastName', type: 'text' },
    name: { name: 'Name', type: 'text' },
    title: { name: 'Title', type: 'text' },
    email: { name: 'Email', type: 'text' },
    phone: { name: 'Phone', type: 'text' },
    accountId: { name: 'AccountId', type: 'id' },
    createdDate: { name: 'CreatedDate', type: 'datetime' },
    modifiedDate: { name: 'LastModifiedDate', type: 'datetime' },
  },
};

export const contacts = defineResource<SalesforceContact, typeof Contact>({
  name: 'contacts',
  vendorName: 'Contact',
  description: 'People at an account (Salesforce contacts)',
  model: Contact,
  input: ContactInput,
  paging: 'cursor',
  maxPageSize: 2000,
  pushdown: pushdownOf(CONTACT.filters),
  toHub: (c) => ({
    id: c.Id,
    firstName: optional(c.FirstName),
    lastName: optional(c.LastName),
    name: optional(c.Name),
    title: optional(c.Title),
    email: optional(c.Email),
    phone: optional(c.Phone),
    accountId: optional(c.AccountId),
    createdDate: c.CreatedDate,
    modifiedDate: c.LastModifiedDate,
  }),
  toVendor: (body) => ({
    ...personName(body),
    ...renameFields(body, { title: 'Title', email: 'Email', phone: 'Phone', accountId: 'AccountId' }),
  }),
  ...sobjectOperations<SalesforceContact>(CONTACT),
});
