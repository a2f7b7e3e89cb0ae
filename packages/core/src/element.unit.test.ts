import { Readable } from 'node:stream';
import { z } from 'zod';
import { basic } from './auth/kinds';
import { CONTRACT_VERSION, defineElement, validateElement } from './element';
import { defineResource, type BinaryContent } from './resource';

const Record = z.object({ id: z.string(), ticketId: z.string().optional() });

const resource = (name: string, operations: { get?: boolean; binary?: BinaryContent<{ id: string }> }) =>
  defineResource<{ id: string }, typeof Record>({
    name,
    vendorName: name,
    model: Record,
    input: z.object({}),
    toHub: (r) => r,
    toVendor: () => ({}),
    paging: 'offset',
    maxPageSize: 100,
    pushdown: {},
    list: async () => ({ records: [] }),
    ...(operations.get ? { get: async (_ctx, id) => ({ id }) } : {}),
    binary: operations.binary,
  });

const files: BinaryContent<{ id: string }> = {
  parent: 'tickets',
  upload: async () => ({ id: 'f1' }),
  download: async () => ({ content: Readable.from([]), name: 'f1' }),
};

const element = (...resources: ReturnType<typeof resource>[]) =>
  defineElement({
    key: 'tracker',
    name: 'Tracker',
    hub: 'helpdesk',
    version: '1.0.0',
    description: 'A ticket tracker',
    contract: CONTRACT_VERSION,
    auth: basic({ usernameKey: 'username', passwordKey: 'password', usernameLabel: 'User', passwordLabel: 'Password' }),
    http: { baseUrl: 'https://tracker.example', providerMessage: () => undefined },
    healthCheck: async () => undefined,
    resources,
  });

describe('validateElement: resources that hold files', () => {
  it('accepts files under a parent that can be looked up', () => {
    expect(() => validateElement(element(resource('tickets', { get: true }), resource('attachments', { get: true, binary: files })))).not.toThrow();
  });

  it('refuses files without get, since downloads start from the record', () => {
    expect(() => validateElement(element(resource('tickets', { get: true }), resource('attachments', { binary: files })))).toThrow(
      "element 'tracker' resource 'attachments' declares binary content but no get",
    );
  });

  it('refuses a parent that is not a resource with get, naming it', () => {
    expect(() => validateElement(element(resource('tickets', {}), resource('attachments', { get: true, binary: files })))).toThrow(
      "element 'tracker' resource 'attachments' holds files of 'tickets', which is not a resource of this element with get",
    );
    expect(() => validateElement(element(resource('attachments', { get: true, binary: { ...files, parent: 'issues' } })))).toThrow(/holds files of 'issues'/);
  });
});
