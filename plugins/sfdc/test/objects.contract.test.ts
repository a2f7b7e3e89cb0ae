import { sfdc } from '../src';
import { recorded, requestsOf } from './sfdc-harness';

describe('sfdc discovery (contract)', () => {
  it('lists the objects the user can query, from describeGlobal', async () => {
    await recorded('objects-list', async ({ ctx, sent }) => {
      expect(await sfdc.objects!.list!(ctx)).toEqual(['Account', 'Contact', 'Lead', 'Opportunity']);
      expect(requestsOf(sent)).toEqual([{ method: 'GET', url: 'sobjects' }]);
    });
  });

  it('describes an object: types, flags, required fields and active picklist values', async () => {
    await recorded('objects-describe', async ({ ctx, sent }) => {
      const fields = await sfdc.objects!.metadata!(ctx, 'Account');
      expect(requestsOf(sent)).toEqual([{ method: 'GET', url: 'sobjects/Account/describe' }]);
      const field = (name: string) => fields.find((f) => f.vendorPath === name);
      expect(field('Name')).toEqual({
        vendorPath: 'Name',
        type: 'string',
        vendorNativeType: 'string',
        vendorDisplayName: 'Name',
        vendorReadOnly: false,
        vendorRequired: true,
        filterable: true,
        createable: true,
        updateable: true,
        custom: false,
      });
      expect(field('Id')).toMatchObject({ type: 'string', vendorNativeType: 'id', vendorReadOnly: true, vendorRequired: false, createable: false });
      // Defaulted on create (the running user), so not required of the caller.
      expect(field('OwnerId')).toMatchObject({ vendorNativeType: 'reference', vendorRequired: false });
      expect(field('AnnualRevenue')).toMatchObject({ type: 'number', vendorNativeType: 'currency' });
      expect(field('NumberOfEmployees')).toMatchObject({ type: 'number', vendorNativeType: 'int' });
      expect(field('Description')).toMatchObject({ vendorNativeType: 'textarea', filterable: false });
      expect(field('Tier__c')).toMatchObject({ custom: true, picklistValues: [{ value: 'Gold', label: 'Gold' }, { value: 'Silver', label: 'Silver' }, { value: 'Bronze', label: 'Bronze' }] });
      const types = field('Type')!.picklistValues!.map((p) => p.value);
      expect(types).toEqual(['Prospect', 'Customer - Direct', 'Customer - Channel', 'Other']);
    });
  });

  it('answers 404 for an object Salesforce does not have, and for a name that cannot be one without a call', async () => {
    await recorded('objects-describe-unknown', async ({ ctx, sent }) => {
      await expect(sfdc.objects!.metadata!(ctx, 'Widget__c')).rejects.toMatchObject({ status: 404, providerMessage: 'NOT_FOUND: The requested resource does not exist' });
      await expect(sfdc.objects!.metadata!(ctx, '../limits')).rejects.toMatchObject({ status: 404, message: "No object '../limits' found" });
      expect(sent).toHaveLength(1);
    });
  });

  it('checks credentials with the smallest authenticated call', async () => {
    await recorded('health-check', async ({ ctx, sent }) => {
      await sfdc.healthCheck(ctx);
      expect(requestsOf(sent)).toEqual([{ method: 'GET', url: '' }]);
    });
  });
});
