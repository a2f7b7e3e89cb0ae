import { z } from 'zod';
import { defineResource, type ElementEvents } from '@junction/core';
import type { InstanceRecord } from '@junction/store';
import { instanceEventSettings } from './instance-settings';

const Model = z.object({ id: z.string() });
const resource = (name: string, vendorName: string) =>
  defineResource<{ id: string }, typeof Model>({
    name,
    vendorName,
    model: Model,
    input: z.record(z.string(), z.unknown()),
    toHub: (r) => r,
    toVendor: (b) => b,
    paging: 'offset',
    maxPageSize: 10,
    pushdown: {},
    list: async () => ({ records: [] }),
  });
const events: ElementEvents = {
  polling: { objects: [{ resource: resource('accounts', 'Account') }, { resource: resource('contacts', 'Contact') }] },
  webhook: { objects: ['accounts', 'contacts'], verify: () => true, normalize: () => [] },
};

function instance(configuration: Record<string, string>, secrets: Record<string, string> = {}, disabled = false): InstanceRecord {
  return {
    id: 1, organizationId: 1, userId: 1, elementKey: 'x', elementId: 1, name: 'x', tags: [], configuration, secrets, token: 't',
    disabled, valid: true, externalAuthentication: 'none', createdDate: '', modifiedDate: '',
  };
}

describe('instance event settings', () => {
  it('reads the event keys, with the signature key from the sealed secrets', () => {
    const settings = instanceEventSettings(
      instance({ 'event.notification.enabled': 'true', 'event.vendor.type': 'webhooks', 'event.notification.callback.url': 'https://app.example/cb' }, { 'event.notification.signature.key': 'k' }),
      events,
      60,
    );
    expect(settings).toMatchObject({ enabled: true, mode: 'webhook', callbackUrl: 'https://app.example/cb', signatureKey: 'k', webhookObjects: ['accounts', 'contacts'] });
    expect(instanceEventSettings(instance({ 'event.notification.enabled': 'true' }, {}, true), events, 60).enabled).toBe(false);
    expect(instanceEventSettings(instance({}), events, 60)).toMatchObject({ enabled: false, mode: 'polling' });
    expect(instanceEventSettings(instance({}), { webhook: events.webhook }, 60).mode).toBe('webhook');
  });

  it('polls every refresh_interval minutes, fractions allowed, never below the server floor', () => {
    const interval = (minutes: string | undefined, floor: number) =>
      instanceEventSettings(instance(minutes === undefined ? {} : { 'event.poller.refresh_interval': minutes }), events, floor).intervalMs;
    expect(interval('0.5', 1)).toBe(30_000);
    expect(interval('0.5', 60)).toBe(60_000);
    expect(interval(undefined, 60)).toBe(15 * 60_000);
    expect(interval('soon', 1)).toBe(15 * 60_000);
  });

  it('chooses objects by hub or vendor name, case-insensitively, ignoring unknown names', () => {
    const chosen = (objects: string) => instanceEventSettings(instance({ 'event.objects': objects }), events, 60);
    const polled = (objects: string) => chosen(objects).polled.map((o) => ('resource' in o ? o.resource.name : o.objectType));
    expect(polled('Contact, nothing')).toEqual(['contacts']);
    expect(polled('ACCOUNTS')).toEqual(['accounts']);
    expect(polled(' , ')).toEqual(['accounts', 'contacts']);
    expect(chosen('contacts').webhookObjects).toEqual(['contacts']);
  });

  it('reads startFrom from event.poller.configuration and ignores anything it cannot read', () => {
    const startFrom = (text: string) => instanceEventSettings(instance({ 'event.poller.configuration': text }), events, 60).startFrom;
    expect(startFrom('{"startFrom":"2025-01-01T00:00:00Z"}')).toBe('2025-01-01T00:00:00Z');
    expect(startFrom('{"startFrom":"someday"}')).toBeUndefined();
    expect(startFrom('not json')).toBeUndefined();
  });
});
