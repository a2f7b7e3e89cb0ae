import { randomUUID } from 'node:crypto';
import { Store, type UsageEntry } from '../../src';
import type { StoreContext } from './context';

export function elementAndUsageTests(context: () => StoreContext): void {
  describe('elements', () => {
    it('assigns each element key one id, kept on every later call and by every Store', async () => {
      const { db, box, store } = context();
      const [hubspot, sfdc, box2] = ['hubspot', 'sfdc', 'box'].map((key) => `${key}-${randomUUID()}`);
      const first = await store.elements.ensureIds([hubspot, sfdc, hubspot]);
      expect([...first.keys()]).toEqual([hubspot, sfdc]);
      expect(first.get(hubspot)).toEqual(expect.any(Number));
      expect(first.get(sfdc)).toBeGreaterThan(first.get(hubspot)!);
      const again = await new Store(db, box).elements.ensureIds([box2, sfdc, hubspot]);
      expect(again.get(hubspot)).toBe(first.get(hubspot));
      expect(again.get(sfdc)).toBe(first.get(sfdc));
      expect(again.get(box2)).toBeGreaterThan(first.get(sfdc)!);
      expect(await store.elements.ensureIds([])).toEqual(new Map());
    });
  });

  describe('usage', () => {
    it('records requests, gets one, and lists a date window newest first with paging', async () => {
      const { store } = context();
      const org = await store.organizations.create({ name: 'Usage Inc' });
      const other = await store.organizations.create({ name: 'Elsewhere' });
      const entry = (n: number, extra: Partial<UsageEntry> = {}): UsageEntry => ({
        requestId: randomUUID(),
        organizationId: org.id,
        method: 'GET',
        uri: `/elements/api-v2/hubs/crm/contacts?page=${n}`,
        status: 200,
        processTimeMs: 12.5 + n,
        date: new Date(Date.UTC(2025, 0, n)).toISOString(),
        ...extra,
      });
      const full = entry(1, { userId: 3, instanceId: 4, elementKey: 'hubspot', ip: '203.0.113.9', status: 404 });
      const days = [full, entry(2), entry(3), entry(4)];
      for (const e of days) await store.usage.record(e);
      await store.usage.record({ ...entry(2), organizationId: other.id });
      await store.usage.record({ ...full, status: 500 });

      expect(await store.usage.get(org.id, full.requestId)).toEqual(full);
      expect(await store.usage.get(org.id, days[1].requestId)).toEqual(days[1]);
      expect(await store.usage.get(other.id, full.requestId)).toBeUndefined();

      const ids = async (q: { from?: Date; to?: Date; limit: number; offset: number }) =>
        (await store.usage.list(org.id, q)).map((e) => e.requestId);
      const [d1, d2, d3, d4] = days.map((e) => e.requestId);
      expect(await ids({ limit: 10, offset: 0 })).toEqual([d4, d3, d2, d1]);
      expect(await ids({ from: new Date(days[1].date), to: new Date(days[3].date), limit: 10, offset: 0 })).toEqual([d3, d2]);
      expect(await ids({ limit: 2, offset: 1 })).toEqual([d3, d2]);
      await expect(store.usage.list(org.id, { limit: -1, offset: 0 })).rejects.toThrow(RangeError);
    });
  });
}
