import { accounts } from '../src/resources/accounts';
import { contacts } from '../src/resources/contacts';
import { hubRecord, recorded, requestsOf, vendorBody } from './sfdc-harness';

describe('sfdc contacts (contract)', () => {
  it('creates a contact from a hub name, links it to an account, updates, lists by account and deletes it', async () => {
    await recorded('contacts-crud', async ({ ctx, sent }) => {
      const account = hubRecord(accounts, await accounts.create!(ctx, vendorBody(accounts, { name: 'Initech' }, 'create')));
      const created = hubRecord(
        contacts,
        await contacts.create!(ctx, vendorBody(contacts, { name: 'Mary Ann Smith', email: 'mary@initech.example', title: 'CFO', accountId: account.id }, 'create')),
      );
      expect(created).toMatchObject({ firstName: 'Mary Ann', lastName: 'Smith', name: 'Mary Ann Smith', email: 'mary@initech.example', title: 'CFO', accountId: account.id });
      const id = created.id as string;
      expect(id).toMatch(/^003/);

      const updated = hubRecord(contacts, await contacts.update!(ctx, id, vendorBody(contacts, { firstName: 'Maria', phone: '+44 20 7946 0000' }, 'update'), 'put'));
      expect(updated).toMatchObject({ firstName: 'Maria', lastName: 'Smith', name: 'Maria Smith', phone: '+44 20 7946 0000', email: 'mary@initech.example' });

      const page = await contacts.list!(ctx, { pageSize: 50, where: { kind: 'comparison', field: 'accountId', operator: '=', value: account.id as string } });
      expect(page.records.map((r) => hubRecord(contacts, r))).toEqual([updated]);
      expect(page).toMatchObject({ cursor: undefined, total: 1 });

      await contacts.delete!(ctx, id);
      await accounts.delete!(ctx, account.id as string);

      const soql = `SELECT Id, FirstName, LastName, Name, Title, Email, Phone, AccountId, CreatedDate, LastModifiedDate FROM Contact WHERE AccountId = '${account.id}' ORDER BY Id`;
      expect(requestsOf(sent).map((r) => `${r.method} ${r.url}`)).toEqual([
        'POST sobjects/Account',
        `GET sobjects/Account/${account.id}`,
        'POST sobjects/Contact',
        `GET sobjects/Contact/${id}`,
        `PATCH sobjects/Contact/${id}`,
        `GET sobjects/Contact/${id}`,
        'GET query',
        `DELETE sobjects/Contact/${id}`,
        `DELETE sobjects/Account/${account.id}`,
      ]);
      expect(sent[2].json).toEqual({ FirstName: 'Mary Ann', LastName: 'Smith', Title: 'CFO', Email: 'mary@initech.example', AccountId: account.id });
      expect(sent[4].json).toEqual({ FirstName: 'Maria', Phone: '+44 20 7946 0000' });
      expect(sent[6]).toMatchObject({ searchParams: { q: soql }, headers: { 'sforce-query-options': 'batchSize=200' } });
    });
  });
});
