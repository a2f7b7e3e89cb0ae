import { defineResource, Opportunity, OpportunityInput } from '@junction/core';
import { pushdownOf } from '../soql';
import { optional, renameFields, sobjectOperations, type SalesforceRecord, type SObjectSpec } from '../sobject-api';

/**
 * An Opportunity. `CurrencyIsoCode` exists only in multi-currency orgs, so lists do not ask for it;
 * a single record carries it when the org has it.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunity.htm
 */
export interface SalesforceOpportunity extends SalesforceRecord {
  Name?: string;
  AccountId?: string | null;
  Amount?: number | null;
  CurrencyIsoCode?: string;
  StageName?: string;
  Probability?: number | null;
  CloseDate?: string;
  Description?: string | null;
}

const OPPORTUNITY: SObjectSpec = {
  name: 'Opportunity',
  keyPrefix: '006',
  fields: ['Id', 'Name', 'AccountId', 'Amount', 'StageName', 'Probability', 'CloseDate', 'Description', 'CreatedDate', 'LastModifiedDate'],
  // Description is a long text area, which SOQL cannot filter on.
  filters: {
    id: { name: 'Id', type: 'id' },
    name: { name: 'Name', type: 'text' },
    accountId: { name: 'AccountId', type: 'id' },
    amount: { name: 'Amount', type: 'number' },
    stage: { name: 'StageName', type: 'picklist' },
    probability: { name: 'Probability', type: 'number' },
    closeDate: { name: 'CloseDate', type: 'date' },
    createdDate: { name: 'CreatedDate', type: 'datetime' },
    modifiedDate: { name: 'LastModifiedDate', type: 'datetime' },
  },
};

export const opportunities = defineResource<SalesforceOpportunity, typeof Opportunity>({
  name: 'opportunities',
  vendorName: 'Opportunity',
  description: 'Deals in the pipeline (Salesforce opportunities)',
  model: Opportunity,
  input: OpportunityInput,
  paging: 'cursor',
  maxPageSize: 2000,
  pushdown: pushdownOf(OPPORTUNITY.filters),
  toHub: (o) => ({
    id: o.Id,
    name: optional(o.Name),
    accountId: optional(o.AccountId),
    amount: optional(o.Amount),
    currency: optional(o.CurrencyIsoCode),
    stage: optional(o.StageName),
    probability: optional(o.Probability),
    closeDate: optional(o.CloseDate),
    description: optional(o.Description),
    createdDate: o.CreatedDate,
    modifiedDate: o.LastModifiedDate,
  }),
  toVendor: (body) =>
    renameFields(body, {
      name: 'Name',
      accountId: 'AccountId',
      amount: 'Amount',
      currency: 'CurrencyIsoCode',
      stage: 'StageName',
      probability: 'Probability',
      closeDate: 'CloseDate',
      description: 'Description',
    }),
  ...sobjectOperations<SalesforceOpportunity>(OPPORTUNITY),
});
