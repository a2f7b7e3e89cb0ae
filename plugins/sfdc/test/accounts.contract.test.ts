import { accounts } from '../src/resources/accounts';
import { hubRecord, recorded, requestsOf, vendorBody } from './sfdc-harness';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;

describe('sfdc accounts (contract)', () => {
  it('creates, reads, updates and deletes an account, reading each write back', async () => {
    await recorded('accounts-crud', async ({ ctx, sent }) => {
      const body = { name: 'Acme Corp', industry: 'Energy', website: 'https://acme.example', phone: '+1 415 555 0100' };
      const created = hubRecord(accounts, await accounts.create!(ctx, vendorBody(accounts, body, 'create')));
      expect(created).toEqual({ id: expect.stringMatching(/^001[a-zA-Z0-9]{15}$/), ...body, createdDate: expect.stringMatching(TIMESTAMP), modifiedDate: created.createdDate });
      const id = created.id as string;

      expect(hubRecord(accounts, await accounts.get!(ctx, id))).toEqual(created);

      const updated = hubRecord(accounts, await accounts.update!(ctx, id, vendorBody(accounts, { description: 'Utility, 3 plants' }, 'update'), 'patch'));
      expect(updated).toEqual({ ...created, description: 'Utility, 3 plants', modifiedDate: expect.stringMatching(TIMESTAMP) });
      expect(updated.modifiedDate! > created.modifiedDate!).toBe(true);

      await accounts.delete!(ctx, id);
      await expect(accounts.get!(ctx, id)).rejects.toMatchObject({ status: 404, vendorStatus: 404, providerMessage: 'ENTITY_IS_DELETED: entity is deleted' });

      expect(requestsOf(sent)).toEqual([
        { method: 'POST', url: 'sobjects/Account', json: { Name: 'Acme Corp', Website: 'https://acme.example', Phone: '+1 415 555 0100', Industry: 'Energy' } },
        { method: 'GET', url: `sobjects/Account/${id}` },
        { method: 'GET', url: `sobjects/Account/${id}` },
        { method: 'PATCH', url: `sobjects/Account/${id}`, json: { Description: 'Utility, 3 plants' } },
        { method: 'GET', url: `sobjects/Account/${id}` },
        { method: 'DELETE', url: `sobjects/Account/${id}` },
        { method: 'GET', url: `sobjects/Account/${id}` },
      ]);
    });
  });

  it('answers every vendor field for the native Account object, while the hub model keeps its own', async () => {
    await recorded('accounts-native', async ({ ctx }) => {
      const vendor = await accounts.create!(ctx, { Name: 'Globex', NumberOfEmployees: 1200, Tier__c: 'Gold' });
      expect(vendor).toMatchObject({ attributes: { type: 'Account' }, Name: 'Globex', NumberOfEmployees: 1200, Tier__c: 'Gold', Industry: null });
      expect(hubRecord(accounts, vendor)).toEqual({ id: vendor.Id, name: 'Globex', createdDate: vendor.CreatedDate, modifiedDate: vendor.LastModifiedDate });
    });
  });
});
