import { BadRequestError, defineResource, Opportunity, OpportunityInput, type ElementContext } from '@junction/core';
import {
  createObject,
  deleteObject,
  getObject,
  listObjects,
  numeric,
  primaryCompany,
  propertiesFrom,
  text,
  updateObject,
  type HubSpotObject,
  type HubSpotWrite,
  type ObjectSpec,
} from '../crm-objects';
import { pushdownFor, type PropertyFields } from '../search-filters';

/** Hub opportunity fields on a HubSpot deal. https://developers.hubspot.com/docs/api-reference/crm-deals-v3/guide */
export const opportunityFields: PropertyFields = {
  name: { property: 'dealname', kind: 'string' },
  description: { property: 'description', kind: 'string' },
  amount: { property: 'amount', kind: 'number' },
  currency: { property: 'deal_currency_code', kind: 'enumeration' },
  stage: { property: 'dealstage', kind: 'enumeration' },
  closeDate: { property: 'closedate', kind: 'datetime' },
  createdDate: { property: 'createdate', kind: 'datetime' },
  modifiedDate: { property: 'hs_lastmodifieddate', kind: 'datetime' },
};

/** HubSpot-defined association type "deal with primary company". https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide */
const DEAL_TO_PRIMARY_COMPANY = 5;
/** How the v3 objects API names that association type in `associations.companies.results[].type`. */
const PRIMARY_COMPANY_TYPE = 'deal_to_company';

/** Configuration key: the pipeline new deals go into. */
export const DEAL_PIPELINE_KEY = 'hubspot.deal.pipeline';

export const opportunitiesSpec: ObjectSpec = {
  objectType: 'deals',
  fields: opportunityFields,
  extraProperties: ['pipeline'],
  primaryCompanyTypeId: DEAL_TO_PRIMARY_COMPANY,
  associations: ['companies'],
};

interface AssociationBatch {
  results?: { from: { id: string }; to: { toObjectId: number | string; associationTypes: { typeId: number }[] }[] }[];
}

/**
 * Search results carry no associations, so the companies of a searched page are read in one v4
 * batch call and written onto the records the way the objects API shows them.
 */
async function withCompanies(ctx: ElementContext, deals: HubSpotObject[]): Promise<HubSpotObject[]> {
  if (deals.length === 0) return deals;
  // https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide (POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read; 207 lists deals without companies as errors)
  const batch = await ctx.http.post<AssociationBatch>('crm/v4/associations/deals/companies/batch/read', { inputs: deals.map((d) => ({ id: d.id })) });
  const byDeal = new Map((batch?.results ?? []).map((r) => [String(r.from.id), r.to]));
  return deals.map((deal) => {
    const companies = byDeal.get(deal.id) ?? [];
    const results = companies.flatMap((c) =>
      c.associationTypes.map((t) => ({ id: String(c.toObjectId), type: t.typeId === DEAL_TO_PRIMARY_COMPANY ? PRIMARY_COMPANY_TYPE : `${PRIMARY_COMPANY_TYPE}_unlabeled` })),
    );
    return results.length ? { ...deal, associations: { ...deal.associations, companies: { results } } } : deal;
  });
}

/** The primary company when the deal has one, else the first associated company. */
function accountIdOf(deal: HubSpotObject): string | undefined {
  const results = deal.associations?.companies?.results ?? [];
  return (results.find((r) => r.type === PRIMARY_COMPANY_TYPE) ?? results[0])?.id;
}

export const opportunities = defineResource<HubSpotObject, typeof Opportunity>({
  name: 'opportunities',
  vendorName: 'deals',
  description: 'Deals in a pipeline (HubSpot deals)',
  model: Opportunity,
  input: OpportunityInput,
  paging: 'cursor',
  maxPageSize: 100,
  pushdown: pushdownFor(opportunityFields),
  toHub: (deal) => ({
    id: deal.id,
    name: text(deal, 'dealname'),
    description: text(deal, 'description'),
    accountId: accountIdOf(deal),
    amount: numeric(deal, 'amount'),
    currency: text(deal, 'deal_currency_code'),
    stage: text(deal, 'dealstage'),
    closeDate: text(deal, 'closedate'),
    createdDate: text(deal, 'createdate') ?? deal.createdAt,
    modifiedDate: text(deal, 'hs_lastmodifieddate') ?? deal.updatedAt,
  }),
  toVendor: (body) => {
    if (body.probability !== undefined) throw new BadRequestError('HubSpot derives a deal\'s probability from its stage; set stage instead');
    const associations = primaryCompany(opportunitiesSpec, body.accountId);
    return { properties: propertiesFrom(body, opportunityFields), ...(associations ? { associations } : {}) };
  },
  // https://developers.hubspot.com/docs/api-reference/crm-deals-v3/guide (list with ?associations=companies, or search + association batch read)
  list: async (ctx, request) => {
    const page = await listObjects(ctx, opportunitiesSpec, request);
    return page.searched ? { ...page, records: await withCompanies(ctx, page.records) } : page;
  },
  // https://developers.hubspot.com/docs/api-reference/crm-deals-v3/guide (GET /crm/v3/objects/deals/{id}?associations=companies)
  get: (ctx, id) => getObject(ctx, opportunitiesSpec, id),
  // https://developers.hubspot.com/docs/api-reference/crm-deals-v3/guide (POST /crm/v3/objects/deals; the answer omits associations)
  create: async (ctx, body) => {
    const write = body as HubSpotWrite;
    const pipeline = ctx.config[DEAL_PIPELINE_KEY] || 'default';
    const deal = await createObject(ctx, opportunitiesSpec, { ...write, properties: { pipeline, ...write.properties } });
    const companies = (write.associations ?? []).map((a) => ({ id: a.to.id, type: PRIMARY_COMPANY_TYPE }));
    return companies.length ? { ...deal, associations: { companies: { results: companies } } } : deal;
  },
  // https://developers.hubspot.com/docs/api-reference/crm-deals-v3/guide (PATCH, then GET for the associations a PATCH answer omits)
  update: async (ctx, id, body) => {
    const write = body as HubSpotWrite;
    const deal = await updateObject(ctx, opportunitiesSpec, id, write);
    // With no properties to patch, updateObject has already read the deal back, associations included.
    return write.properties && Object.keys(write.properties).length ? getObject(ctx, opportunitiesSpec, id) : deal;
  },
  // https://developers.hubspot.com/docs/api-reference/crm-deals-v3/guide (DELETE /crm/v3/objects/deals/{id})
  delete: (ctx, id) => deleteObject(ctx, opportunitiesSpec, id),
});
