import { hubspot } from '../src';
import { recorded, withHubSpot } from './hubspot-vendor';

describe('HubSpot discovery', () => {
  it('lists the CRM objects it serves and describes a type from the properties API', async () => {
    const fields = await withHubSpot('discovery', {}, async (ctx) => {
      expect(await hubspot.objects!.list!(ctx)).toEqual(['companies', 'contacts', 'deals']);
      await hubspot.healthCheck(ctx);
      return hubspot.objects!.metadata!(ctx, 'deals');
    });
    const byPath = new Map(fields.map((f) => [f.vendorPath, f]));
    expect(byPath.get('properties.dealstage')).toEqual({
      vendorPath: 'properties.dealstage',
      type: 'string',
      vendorNativeType: 'select',
      vendorDisplayName: 'Deal Stage',
      vendorReadOnly: false,
      filterable: true,
      createable: true,
      updateable: true,
      custom: false,
      picklistValues: expect.arrayContaining([{ value: 'closedwon', label: 'closedwon' }]),
    });
    expect(byPath.get('properties.amount')).toMatchObject({ type: 'number', vendorNativeType: 'number', createable: true });
    expect(byPath.get('properties.createdate')).toMatchObject({ type: 'date', vendorReadOnly: true, createable: false, updateable: false });
    expect(byPath.get('properties.hs_object_id')?.picklistValues).toBeUndefined();
    expect(recorded('discovery').map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'GET /account-info/v3/details 200',
      'GET /crm/v3/properties/deals 200',
    ]);
  });
});
