import { HostMap, matchesCeql, operatorOf, pushdownTest, splitForPushdown, type CeqlNode, type CeqlValue } from '@junction/core';
import { contextFor } from '@junction/testing/recordings';
import fc from 'fast-check';
import { startServiceNowSimulator, type RunningServiceNowSimulator } from '@junction/testing';
import { servicenow } from '../src';
import { incidents } from '../src/resources/incidents';

/**
 * The simulator evaluates encoded queries independently of the element (case-insensitively, as
 * many instances do), so it can show that what the element pushes never drops a record the hub's
 * CEQL filter would keep: the pushed part is split off exactly as the hub does.
 */
describe('incidents pushdown against the ServiceNow simulator', () => {
  const ID = '681b365ec0a80164000fb0b05854a0cd';
  const texts = ['VPN down', 'vpn DOWN', 'Printer jam', 'x^ORactive=false', 'NULL'];
  const states = ['1', '2', '3', '4', '6', '7', '8'];

  let sim: RunningServiceNowSimulator;
  beforeAll(async () => {
    let clock = Date.UTC(2024, 4, 1, 8, 0, 0);
    sim = await startServiceNowSimulator({ users: { 'svc.junction': 's3cret' }, now: () => clock });
    let n = 0;
    for (const text of texts) {
      for (const state of states) {
        n++;
        sim.state.insert('incident', { short_description: text, state, impact: String((n % 3) + 1), urgency: String(((n >> 1) % 3) + 1), assigned_to: n % 3 ? ID : '', caller_id: n % 2 ? ID : '' });
        clock += 1500;
      }
    }
  });
  afterAll(() => sim.close());

  const dates = ['2024-05-01T08:00:30Z', '2024-05-01T08:00:30.500Z', '2024-05-01T10:00:30+02:00', '2024-05-01'];
  /** Values worth comparing each field with: stored ones, near misses in case and form, and unsafe ones. */
  const values: Record<string, CeqlValue[]> = {
    subject: [...texts, 'VPN DOWN', 'printer jam', '%vpn%', 'vpn%', '%down', '%a_b%', '%^OR%', '%jam', ''],
    number: ['INC0010001', 'inc0010001', 'INC001%', '%0003'],
    status: ['New', 'In Progress', 'Closed', 'new', '4', '1', 4],
    priority: ['Critical', 'High', 'Moderate', 'Low', 'Planning', '5'],
    assigneeId: [ID, ID.toUpperCase(), ''],
    reporterId: [ID, ID.toUpperCase(), ''],
    createdDate: dates,
  };
  const predicate: fc.Arbitrary<CeqlNode> = fc.constantFrom(...Object.keys(values)).chain((field) => {
    const value = fc.constantFrom(...values[field]);
    return fc.oneof(
      fc.record({ kind: fc.constant('comparison' as const), field: fc.constant(field), operator: fc.constantFrom('=' as const, '!=' as const, '<' as const, '>=' as const, 'LIKE' as const), value }),
      fc.record({ kind: fc.constant('in' as const), field: fc.constant(field), values: fc.array(value, { minLength: 1, maxLength: 3 }), negated: fc.boolean() }),
      fc.record({ kind: fc.constant('null' as const), field: fc.constant(field), negated: fc.boolean() }),
    );
  });
  const where = fc.letrec<{ node: CeqlNode }>((tie) => ({
    node: fc.oneof({ maxDepth: 2 }, predicate, fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), operands: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) })),
  })).node;

  // 150 calls to a local server take seconds: more than a unit test's default budget on a busy machine.
  it('returns every record the pushed part of a query keeps in memory: pushdown is never stricter than CEQL', async () => {
    const ctx = contextFor(servicenow, { username: 'svc.junction', password: 's3cret', 'servicenow.subdomain': 'acme' }, HostMap.parse(`acme.service-now.com=${sim.url}`));
    // The hub decides what to push from the declaration, as it holds the resource type-erased.
    const canPush = pushdownTest(servicenow.resources.find((r) => r.name === 'incidents')!, false);
    const all: Record<string, unknown>[] = (await incidents.list!(ctx, { pageSize: 1000 })).records.map((r) => incidents.toHub(r));
    expect(all).toHaveLength(texts.length * states.length);
    await fc.assert(
      fc.asyncProperty(where, async (query) => {
        const { pushed } = splitForPushdown(query, (p) => canPush(p.field, operatorOf(p)));
        const page = await incidents.list!(ctx, { pageSize: 1000, where: pushed });
        const returned = new Set(page.records.map((r) => r.sys_id));
        const kept = all.filter((record) => !pushed || matchesCeql(pushed, record));
        for (const record of kept) expect(returned).toContain(record.id);
        if (page.total !== undefined) expect(page.total).toBe(page.records.length);
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
