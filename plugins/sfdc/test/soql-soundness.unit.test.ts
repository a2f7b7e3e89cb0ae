import { matchesCeql, type CeqlNode, type CeqlValue, type VendorHttp, type VendorRequest } from '@junction/core';
import fc from 'fast-check';
import { parseSoql, runSalesforceQuery as runQuery, SALESFORCE_OBJECTS, SalesforceStore } from '@junction/testing';
import { opportunities, type SalesforceOpportunity } from '../src/resources/opportunities';

/**
 * The pushdown may be looser than CEQL but never stricter: for random queries (hostile text,
 * numbers as strings, impossible dates, date-times with milliseconds, nulls) over random records,
 * every record the hub's CEQL check keeps must come back from the SOQL that is sent, as the
 * simulator's SOQL engine evaluates it. Every generated SOQL must also parse.
 */
const TEXT = fc.string({ unit: fc.constantFrom('a', 'B', ' ', "'", '\\', '%', '_', '\n', '"'), maxLength: 5 });
const STAGES = ['Prospecting', 'Closed Won', 'Closed Lost'];
const DATE = fc.constantFrom('2026-01-31', '2026-02-01', '2026-03-15');
const VALUE: fc.Arbitrary<CeqlValue> = fc.oneof(
  TEXT,
  fc.constantFrom(...STAGES, 'closed won'),
  fc.integer({ min: -5, max: 2000 }),
  fc.constantFrom('10', '10.5', '1e3'),
  DATE,
  fc.constantFrom('2026-02-30', '31/01/2026', '2026-03-02T09:30:02Z', '2026-03-02T09:30:02.500Z', '2026-03-02T11:30:02+02:00', '2026-03-02T09:30:02'),
  fc.constant(null),
);
const FIELD = fc.constantFrom('id', 'name', 'stage', 'amount', 'probability', 'closeDate', 'createdDate', 'modifiedDate', 'description');
const OPERATOR = fc.constantFrom('=' as const, '!=' as const, '<' as const, '>' as const, '<=' as const, '>=' as const, 'LIKE' as const);

const predicate: fc.Arbitrary<CeqlNode> = fc.oneof(
  fc.record({ kind: fc.constant('comparison' as const), field: FIELD, operator: OPERATOR, value: VALUE }),
  fc.record({ kind: fc.constant('in' as const), field: FIELD, values: fc.array(VALUE, { minLength: 1, maxLength: 3 }), negated: fc.boolean() }),
  fc.record({ kind: fc.constant('null' as const), field: FIELD, negated: fc.boolean() }),
);
const { tree } = fc.letrec<{ tree: CeqlNode }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small' },
    predicate,
    fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), operands: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }) }),
  ),
}));

const RECORD = fc.record({
  Name: TEXT.filter((t) => t.trim() !== ''),
  StageName: fc.constantFrom(...STAGES),
  Amount: fc.option(fc.integer({ min: -5, max: 2000 }), { nil: null }),
  CloseDate: DATE,
});

/** The SOQL the opportunities resource sends for `where`, captured from its list call. */
async function soqlSent(where: CeqlNode): Promise<string> {
  let soql = '';
  const http = {
    request: async (request: VendorRequest) => {
      soql = String(request.searchParams?.q);
      return { status: 200, headers: {}, body: { totalSize: 0, done: true, records: [] } };
    },
  } as unknown as VendorHttp;
  await opportunities.list!({ config: {}, http }, { pageSize: 10, where });
  return soql;
}

describe('SOQL pushdown soundness', () => {
  it('never drops a record the CEQL check keeps', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(RECORD, { minLength: 1, maxLength: 6 }), tree, async (records, where) => {
        let clock = Date.parse('2026-03-02T09:30:00Z');
        const store = new SalesforceStore(() => (clock += 1000), '005Sm0000000001IAA');
        for (const r of records) store.create(SALESFORCE_OBJECTS.Opportunity, r);
        const soql = await soqlSent(where);
        const returned = new Set(runQuery(store, parseSoql(soql), (type, id) => `/${type}/${id}`).map((r) => r.Id));
        for (const stored of store.all(SALESFORCE_OBJECTS.Opportunity)) {
          const hub = opportunities.toHub(stored as SalesforceOpportunity) as Record<string, unknown>;
          if (matchesCeql(where, hub)) expect({ soql, hub, kept: returned.has(stored.Id as string) }).toMatchObject({ kept: true });
        }
      }),
      { numRuns: 400 },
    );
  });
});
