import { defineResource, Lead, LeadInput } from '@junction/core';
import { pushdownOf } from '../soql';
import { optional, renameFields, sobjectOperations, type SalesforceRecord, type SObjectSpec } from '../sobject-api';
import { personName } from './person-name';

/** A Lead. https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_lead.htm */
export interface SalesforceLead extends SalesforceRecord {
  FirstName?: string | null;
  LastName?: string;
  Name?: string;
  Company?: string;
  Email?: string | null;
  Phone?: string | null;
  Status?: string;
}

const LEAD: SObjectSpec = {
  name: 'Lead',
  keyPrefix: '00Q',
  fields: ['Id', 'FirstName', 'LastName', 'Name', 'Company', 'Email', 'Phone', 'Status', 'CreatedDate', 'LastModifiedDate'],
  filters: {
    id: { name: 'Id', type: 'id' },
    firstName: { name: 'FirstName', type: 'text' },
    lastName: { name: 'LastName', type: 'text' },
    name: { name: 'Name', type: 'text' },
    company: { name: 'Company', type: 'text' },
    email: { name: 'Email', type: 'text' },
    phone: { name: 'Phone', type: 'text' },
    status: { name: 'Status', type: 'picklist' },
    createdDate: { name: 'CreatedDate', type: 'datetime' },
    modifiedDate: { name: 'LastModifiedDate', type: 'datetime' },
  },
};

export const leads = defineResource<SalesforceLead, typeof Lead>({
  name: 'leads',
  vendorName: 'Lead',
  description: 'Prospects not yet qualified (Salesforce leads)',
  model: Lead,
  input: LeadInput,
  paging: 'cursor',
  maxPageSize: 2000,
  pushdown: pushdownOf(LEAD.filters),
  toHub: (l) => ({
    id: l.Id,
    firstName: optional(l.FirstName),
    lastName: optional(l.LastName),
    name: optional(l.Name),
    company: optional(l.Company),
    email: optional(l.Email),
    phone: optional(l.Phone),
    status: optional(l.Status),
    createdDate: l.CreatedDate,
    modifiedDate: l.LastModifiedDate,
  }),
  toVendor: (body) => ({
    ...personName(body),
    ...renameFields(body, { company: 'Company', email: 'Email', phone: 'Phone', status: 'Status' }),
  }),
  ...sobjectOperations<SalesforceLead>(LEAD),
});
