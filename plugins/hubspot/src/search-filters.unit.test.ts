import fc from 'fast-check';
import { matchesCeql, parseCeql, type CeqlNode, type CeqlValue } from '@junction/core';
import type { HubSpotObject } from './crm-objects';
import { opportunities, opportunityFields } from './resources/opportunities';
import { pushdownFor, SEARCH_LIMITS, toFilterGroups, type PropertyFields, type SearchFilter, type SearchFilterGroup } from './search-filters';

const fields: PropertyFields = {
  email: { property: 'email', kind: 'string' },
  lastName: { property: 'lastname', kind: 'string' },
  status: { property: 'hs_lead_status', kind: 'enumeration' },
  amount: { property: 'amount', kind: 'number' },
  accountId: { property: 'associatedcompanyid', kind: 'id' },
  createdDate: { property: 'createdate', kind: 'datetime' },
};

const translate = (where: string, required: SearchFilter[] = []) => toFilterGroups(parseCeql(where), fields, required);
const eq = (propertyName: string, value: string): SearchFilter => ({ propertyName, operator: 'EQ', value });

describe('toFilterGroups', () => {
  it('puts AND conditions in one group and OR branches in separate groups', () => {
    expect(translate("email = 'a@b.co' and (lastName = 'Lee' or status = 'NEW')")).toEqual({
      filterGroups: [{ filters: [eq('email', 'a@b.co'), eq('lastname', 'Lee')] }, { filters: [eq('email', 'a@b.co'), eq('hs_lead_status', 'NEW')] }],
      complete: true,
    });
  });

  it('writes datetimes as epoch milliseconds and numbers as numbers', () => {
    expect(translate("createdDate >= '2024-01-01T00:00:00Z' and createdDate < '2024-02-01' and amount > 1500.5").filterGroups).toEqual([
      {
        filters: [
          { propertyName: 'createdate', operator: 'GTE', value: '1704067200000' },
          { propertyName: 'createdate', operator: 'LT', value: '1706745600000' },
          { propertyName: 'amount', operator: 'GT', value: '1500.5' },
        ],
      },
    ]);
  });

  it('maps IN (lower-casing text values), IS NULL and IS NOT NULL', () => {
    expect(translate("email in ('A@B.co', 'c@d.co') and status in ('NEW', 'OPEN') and lastName is null and accountId is not null").filterGroups).toEqual([
      {
        filters: [
          { propertyName: 'email', operator: 'IN', values: ['a@b.co', 'c@d.co'] },
          { propertyName: 'hs_lead_status', operator: 'IN', values: ['NEW', 'OPEN'] },
          { propertyName: 'lastname', operator: 'NOT_HAS_PROPERTY' },
          { propertyName: 'associatedcompanyid', operator: 'HAS_PROPERTY' },
        ],
      },
    ]);
  });

  it('leaves out what HubSpot cannot evaluate the CEQL way, and says so', () => {
    for (const where of [
      "email like '%@acme.com'",
      "email != 'a@b.co'",
      "email not in ('a@b.co')",
      "lastName > 'M'",
      'lastName = 5',
      "email = ''",
      "createdDate > '2024-01-01T00:00:00'",
      "createdDate > 'yesterday'",
      "amount = 'lots'",
      'amount = null',
      "accountId > '5'",
      "nickname = 'x'",
    ]) {
      expect({ where, ...translate(where) }).toEqual({ where, filterGroups: [], complete: false });
    }
  });

  it('drops a whole OR when one branch cannot be pushed (the OR would otherwise be narrowed)', () => {
    expect(translate("amount > 5 and (email = 'a@b.co' or email like '%x%')")).toEqual({
      filterGroups: [{ filters: [{ propertyName: 'amount', operator: 'GT', value: '5' }] }],
      complete: false,
    });
  });

  it('ANDs required filters into every group', () => {
    const lead = eq('lifecyclestage', 'lead');
    expect(translate("email = 'a@b.co' or lastName = 'Lee'", [lead]).filterGroups).toEqual([
      { filters: [lead, eq('email', 'a@b.co')] },
      { filters: [lead, eq('lastname', 'Lee')] },
    ]);
    expect(toFilterGroups(undefined, fields, [lead])).toEqual({ filterGroups: [{ filters: [lead] }], complete: true });
  });

  describe('limits (5 groups, 6 filters per group, 18 in all)', () => {
    const anyOf = (n: number, field = 'email') => `(${Array.from({ length: n }, (_, i) => `${field} = 'v${i}'`).join(' or ')})`;

    it('keeps an OR of 5 and drops an OR of 6', () => {
      expect(translate(anyOf(5)).filterGroups).toHaveLength(5);
      expect(translate(anyOf(6))).toEqual({ filterGroups: [], complete: false });
    });

    it('skips the conjunct whose cross product would need more than 5 groups, keeping the rest', () => {
      const result = translate(`${anyOf(3)} and ${anyOf(2, 'lastName')} and amount > 1`);
      expect(result.complete).toBe(false);
      expect(result.filterGroups).toHaveLength(3);
      expect(result.filterGroups.every((g) => g.filters.length === 2 && g.filters[1].propertyName === 'amount')).toBe(true);
    });

    it('stops adding filters to a group at 6, and across groups at 18', () => {
      const sevenAnds = Array.from({ length: 7 }, (_, i) => `amount > ${i}`).join(' and ');
      const perGroup = translate(sevenAnds);
      expect(perGroup.filterGroups[0].filters.map((f) => f.value)).toEqual(['0', '1', '2', '3', '4', '5']);
      expect(perGroup.complete).toBe(false);

      const wide = translate(`${anyOf(4)} and amount > 1 and amount > 2 and amount > 3 and amount > 4 and amount > 5`);
      const total = wide.filterGroups.reduce((sum, g) => sum + g.filters.length, 0);
      expect(wide.filterGroups).toHaveLength(4);
      expect(total).toBe(16);
      expect(wide.complete).toBe(false);
    });
  });

  it('declares the operators each kind of field can push (dates: ranges, not equality), under the vendor path for native queries', () => {
    expect(pushdownFor(fields)).toMatchObject({
      email: { vendorField: 'properties.email', operators: ['=', 'IN', 'IS NULL', 'IS NOT NULL'] },
      amount: { vendorField: 'properties.amount', operators: ['=', 'IN', 'IS NULL', 'IS NOT NULL', '<', '<=', '>', '>='] },
      accountId: { operators: ['=', 'IN', 'IS NULL', 'IS NOT NULL'] },
      createdDate: { vendorField: 'properties.createdate', operators: ['IS NULL', 'IS NOT NULL', '<', '<=', '>', '>='] },
    });
  });
});

/**
 * HubSpot's side as its search guide describes it: text equality ignores case, IN compares
 * stored text lower-cased, numbers and datetimes compare as numbers, and only HAS_PROPERTY /
 * NOT_HAS_PROPERTY match records without a value.
 */
function hubspotMatches(groups: SearchFilterGroup[], record: HubSpotObject): boolean {
  const kinds = new Map(Object.values(opportunityFields).map((f) => [f.property, f.kind]));
  const matches = (f: SearchFilter) => {
    const raw = record.properties[f.propertyName];
    const actual = raw === null || raw === undefined || raw === '' ? undefined : raw;
    if (f.operator === 'HAS_PROPERTY') return actual !== undefined;
    if (f.operator === 'NOT_HAS_PROPERTY') return actual === undefined;
    if (actual === undefined) return false;
    const kind = kinds.get(f.propertyName);
    const order = (expected: string) => {
      if (kind === 'number') return Number(actual) - Number(expected);
      if (kind === 'datetime') return Date.parse(actual) - Number(expected);
      const [a, b] = kind === 'string' ? [actual.toLowerCase(), expected.toLowerCase()] : [actual, expected];
      return a === b ? 0 : a < b ? -1 : 1;
    };
    switch (f.operator) {
      case 'EQ':
        return order(f.value!) === 0;
      case 'LT':
        return order(f.value!) < 0;
      case 'LTE':
        return order(f.value!) <= 0;
      case 'GT':
        return order(f.value!) > 0;
      case 'GTE':
        return order(f.value!) >= 0;
      case 'IN':
        return f.values!.some((v) => (kind === 'string' ? actual.toLowerCase() === v : order(v) === 0));
    }
  };
  return groups.length === 0 || groups.some((g) => g.filters.every(matches));
}

describe('toFilterGroups never narrows the CEQL it was given', () => {
  const names = ['Acme', 'acme', 'ACME deal', 'Ünï', ''];
  const instants = ['2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.001Z', '2024-06-30T23:59:59.999Z'];
  const deal = fc.record({
    dealname: fc.option(fc.constantFrom(...names), { nil: undefined }),
    amount: fc.option(fc.constantFrom('0', '1500', '1500.50', '-3', '1e3'), { nil: undefined }),
    dealstage: fc.option(fc.constantFrom('closedwon', 'closedlost', 'CLOSEDWON'), { nil: undefined }),
    closedate: fc.option(fc.constantFrom(...instants), { nil: undefined }),
  });
  const value: fc.Arbitrary<CeqlValue> = fc.oneof(
    fc.constantFrom(...names, 'closedwon', 'CLOSEDWON', '1500', '1500.5', '1e3', 'x', '2024-01-01', '2024-01-01T00:00:00Z', '2024-01-01T01:00:00+01:00', '2024-06-30T23:59:59.999Z'),
    fc.constantFrom(0, 1500, 1500.5, -3, 1000),
    fc.constantFrom(null, true),
  );
  const field = fc.constantFrom('name', 'amount', 'stage', 'closeDate');
  const predicate: fc.Arbitrary<CeqlNode> = fc.oneof(
    fc.record({ kind: fc.constant('comparison' as const), field, operator: fc.constantFrom('=' as const, '!=' as const, '<' as const, '<=' as const, '>' as const, '>=' as const, 'LIKE' as const), value }),
    fc.record({ kind: fc.constant('in' as const), field, values: fc.array(value, { minLength: 1, maxLength: 3 }), negated: fc.boolean() }),
    fc.record({ kind: fc.constant('null' as const), field, negated: fc.boolean() }),
  );
  const { node } = fc.letrec<{ node: CeqlNode; logical: CeqlNode }>((tie) => ({
    node: fc.oneof({ maxDepth: 3 }, predicate, tie('logical')),
    logical: fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), operands: fc.array(tie('node'), { minLength: 1, maxLength: 4 }) }),
  }));

  it('every record the hub keeps is also one HubSpot returns', () => {
    fc.assert(
      fc.property(node, fc.array(deal, { minLength: 1, maxLength: 6 }), (where, properties) => {
        const { filterGroups } = toFilterGroups(where, opportunityFields);
        expect(filterGroups.length).toBeLessThanOrEqual(SEARCH_LIMITS.groups);
        for (const [i, props] of properties.entries()) {
          const record: HubSpotObject = { id: String(i + 1), properties: props };
          if (matchesCeql(where, opportunities.toHub(record))) expect(hubspotMatches(filterGroups, record)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
