import {
  configurationOf,
  HostMap,
  validateElement,
  VendorError,
  type AnyResource,
  type CeqlNode,
  type ElementContext,
  type ElementDefinition,
} from '@junction/core';
import { contextFor } from './element-harness';
import { openRecording, type OpenRecording, type RecordingOptions } from './nock-back';

/** How to exercise one resource: hub-shaped bodies, and ids of records created before it. */
export interface ResourceFixture {
  /** The create body; a function receives the ids created so far, by resource name. */
  create: Record<string, unknown> | ((ids: Record<string, string>) => Record<string, unknown>);
  /** A partial update; every field in it must read back unchanged. */
  update: Record<string, unknown>;
  /** An id the vendor does not know, for the not-found check. */
  unknownId: string;
}

export interface ConformanceOptions {
  element: ElementDefinition;
  /** Instance configuration the recordings were made with (scrubbed values are fine). */
  config: Record<string, string>;
  recording: RecordingOptions & { name?: string };
  /** Resources to exercise, in creation order (parents first). */
  fixtures: Record<string, ResourceFixture>;
  /** Points vendor hosts at a simulator, in record mode only. */
  hostMap?: HostMap;
}

/** Checks each resource must pass; the suite asserts it ran at least this many per resource. */
export const CHECKS_PER_RESOURCE = 9;

/**
 * The suite every element runs: catalog metadata, then for each resource create → get → update →
 * list (paging and pushed-down CEQL) → not-found mapping → delete, replayed from one recording.
 * It counts its checks and fails if fewer ran than the fixtures call for.
 */
export function describeConformance(options: ConformanceOptions): void {
  const { element, fixtures } = options;
  const order = Object.keys(fixtures);
  let checks = 0;
  const check = () => checks++;

  describe(`${element.key} conformance`, () => {
    let ctx: ElementContext;
    let recording: OpenRecording;
    const ids: Record<string, string> = {};
    const created: Record<string, Record<string, unknown>> = {};

    beforeAll(async () => {
      recording = await openRecording(options.recording, options.recording.name ?? 'conformance');
      ctx = contextFor(element, options.config, options.hostMap);
    });
    afterAll(() => recording.done());

    it('declares complete catalog metadata', () => {
      expect(() => validateElement(element)).not.toThrow();
      const keys = configurationOf(element).map((k) => k.key);
      for (const k of element.auth.configuration) expect(keys).toContain(k.key);
      for (const resource of element.resources) {
        expect(resource.description ?? '').not.toBe('');
        expect(Object.keys(resource.model.shape)).toContain('id');
      }
      expect(order.every((name) => element.resources.some((r) => r.name === name))).toBe(true);
      check();
    });

    for (const name of order) {
      const resource = () => element.resources.find((r) => r.name === name) as AnyResource;
      const hub = (record: object) => resource().model.parse(resource().toHub(record)) as Record<string, unknown>;

      it(`${name}: creates a record that reads back in the hub model`, async () => {
        const fixture = fixtures[name];
        const body = typeof fixture.create === 'function' ? fixture.create(ids) : fixture.create;
        const record = hub(await resource().create!(ctx, resource().toVendor(resource().input.parse(body), 'create')));
        expect(record.id).toEqual(expect.any(String));
        expect(record).toMatchObject(body);
        ids[name] = record.id as string;
        created[name] = record;
        check();
        const fetched = hub(await resource().get!(ctx, ids[name]));
        expect(fetched).toEqual(record);
        check();
      });

      it(`${name}: updates a record`, async () => {
        const update = fixtures[name].update;
        const record = hub(await resource().update!(ctx, ids[name], resource().toVendor(resource().input.parse(update), 'update'), 'patch'));
        expect(record).toMatchObject({ id: ids[name], ...update });
        created[name] = record;
        check();
      });

      it(`${name}: pages with the resource's own cursor`, async () => {
        const first = await resource().list!(ctx, { pageSize: 1 });
        expect(first.records).toHaveLength(1);
        first.records.forEach(hub);
        check();
        if (first.cursor) {
          const second = await resource().list!(ctx, { pageSize: 1, cursor: first.cursor });
          expect(second.records.length).toBeLessThanOrEqual(1);
          if (second.records.length) expect(hub(second.records[0]).id).not.toEqual(hub(first.records[0]).id);
        }
        check();
      });

      it(`${name}: pushes its declared CEQL fields to the vendor`, async () => {
        const pushable = Object.entries(resource().pushdown).filter(([field, p]) => p.operators.includes('=') && created[name][field] !== undefined);
        for (const [field] of pushable) {
          const where: CeqlNode = { kind: 'comparison', field, operator: '=', value: created[name][field] as string };
          const page = await resource().list!(ctx, { pageSize: 10, where });
          const records = page.records.map(hub);
          expect(records.map((r) => r.id)).toContain(ids[name]);
          expect(records.every((r) => r[field] === created[name][field])).toBe(true);
        }
        check();
      });

      it(`${name}: maps an unknown id to 404 with the vendor's words`, async () => {
        const failure = await resource().get!(ctx, fixtures[name].unknownId).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure).toBeInstanceOf(VendorError);
        expect((failure as VendorError).status).toBe(404);
        expect((failure as VendorError).providerMessage).toEqual(expect.any(String));
        check();
      });
    }

    for (const name of [...order].reverse()) {
      it(`${name}: deletes the record`, async () => {
        const resource = element.resources.find((r) => r.name === name)!;
        await resource.delete!(ctx, ids[name]);
        check();
        const gone = await resource.get!(ctx, ids[name]).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect((gone as VendorError)?.status).toBe(404);
        check();
      });
    }

    it('ran every check', () => {
      expect(checks).toBe(1 + order.length * CHECKS_PER_RESOURCE);
    });
  });
}
