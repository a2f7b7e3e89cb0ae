import { z } from 'zod';
import { defineResource, modifiedSince, parseCeql, polledObjectType, signaturesMatch, validateEvents, type ElementEvents } from '../src';

const Model = z.object({ id: z.string(), modifiedDate: z.string().optional() });
const listed = defineResource<{ id: string }, typeof Model>({
  name: 'contacts',
  vendorName: 'Contact',
  model: Model,
  input: z.record(z.string(), z.unknown()),
  toHub: (r) => ({ id: r.id }),
  toVendor: (b) => b,
  paging: 'offset',
  maxPageSize: 10,
  pushdown: {},
  list: async () => ({ records: [] }),
});
const webhook: NonNullable<ElementEvents['webhook']> = { objects: ['contacts'], verify: () => true, normalize: () => [] };

describe('element events contract', () => {
  it('accepts polling by list and by change feed, and webhooks with or without subscriptions', () => {
    const feed = { objectType: 'files', changedSince: async () => ({ events: [], state: 'cursor' }) };
    expect(() => validateEvents('ok', { polling: { objects: [{ resource: listed }, feed] }, webhook })).not.toThrow();
    expect(() => validateEvents('ok', undefined)).not.toThrow();
    expect([polledObjectType({ resource: listed }), polledObjectType(feed)]).toEqual(['contacts', 'files']);
  });

  it('names the element and the problem when the declaration is wrong', () => {
    expect(() => validateEvents('acme', {})).toThrow("element 'acme' declares events with neither polling nor webhook");
    expect(() => validateEvents('acme', { polling: { objects: [{ resource: listed }, { resource: listed }] } })).toThrow("element 'acme' polls 'contacts' twice");
    expect(() => validateEvents('acme', { polling: { objects: [{ resource: { ...listed, list: undefined } }] } })).toThrow("polls 'contacts', which has no list");
    expect(() => validateEvents('acme', { webhook: { ...webhook, subscribe: async () => ({ subscriptionId: 's' }) } })).toThrow('both subscribe and unsubscribe');
    expect(() => validateEvents('acme', { webhook: { ...webhook, locate: () => ({}) } })).toThrow('locate needs accountConfigKey or subscribe');
    expect(() => validateEvents('acme', { webhook: { ...webhook, pollsOnNotify: true } })).toThrow('pollsOnNotify needs polling objects');
    expect(() => validateEvents('acme', { webhook: { ...webhook, accountPart: (body) => body } })).toThrow('accountPart needs accountConfigKey');
  });

  it('reads the change filter a poll pushes, from any conjunct', () => {
    expect(modifiedSince(parseCeql("accountId = 'a' AND modifiedDate >= '2025-01-01T00:00:00Z'"))).toEqual({ operator: '>=', value: '2025-01-01T00:00:00Z' });
    expect(modifiedSince(parseCeql("modifiedDate > '2025-01-01'"))).toEqual({ operator: '>', value: '2025-01-01' });
    expect(modifiedSince(parseCeql("modifiedDate < '2025-01-01'"))).toBeUndefined();
    expect(modifiedSince(parseCeql("modifiedDate >= '2025-01-01' OR name = 'x'"))).toBeUndefined();
    expect(modifiedSince(undefined)).toBeUndefined();
  });

  it('compares signatures whole, whatever their length', () => {
    expect(signaturesMatch('abc123', 'abc123')).toBe(true);
    expect(signaturesMatch('abc123', 'abc124')).toBe(false);
    expect(signaturesMatch('abc123', 'abc')).toBe(false);
    expect(signaturesMatch('abc123', undefined)).toBe(false);
  });
});
