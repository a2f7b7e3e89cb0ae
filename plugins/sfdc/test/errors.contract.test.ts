import { VendorError } from '@junction/core';
import { accounts } from '../src/resources/accounts';
import { contacts } from '../src/resources/contacts';
import { opportunities } from '../src/resources/opportunities';
import { recorded, vendorBody } from './sfdc-harness';

/** Well-formed ids of the right objects that no record has. */
const NO_ACCOUNT = '001Sm0000000Q0tIAE';
const NO_CONTACT = '003Sm0000000Q0tIAE';

describe('sfdc errors (contract)', () => {
  it('maps missing records to 404 with the Salesforce error code, and refuses impossible ids without a call', async () => {
    await recorded('errors-not-found', async ({ ctx, sent }) => {
      await expect(accounts.get!(ctx, NO_ACCOUNT)).rejects.toMatchObject({ status: 404, vendorStatus: 404, providerMessage: 'NOT_FOUND: The requested resource does not exist' });
      // A 400 MALFORMED_ID about the addressed record is a missing record to the hub.
      const malformed = `${NO_CONTACT.slice(0, 15)}zzz`;
      await expect(contacts.delete!(ctx, malformed)).rejects.toMatchObject({ status: 404, vendorStatus: 400, providerMessage: `MALFORMED_ID: malformed id ${malformed}` });
      for (const id of ['0', NO_CONTACT, '001/../../limits']) {
        await expect(accounts.get!(ctx, id)).rejects.toMatchObject({ status: 404, message: `No Account '${id}' found` });
      }
      expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`GET sobjects/Account/${NO_ACCOUNT}`, `DELETE sobjects/Contact/${malformed}`]);
    });
  });

  it('keeps every Salesforce error of a refused write in providerMessage, and field errors as 400', async () => {
    await recorded('errors-validation', async ({ ctx }) => {
      const missing = await contacts.create!(ctx, vendorBody(contacts, { email: 'nobody@example.com' }, 'create')).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(VendorError);
      expect(missing).toMatchObject({ status: 400, providerMessage: 'REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]' });

      const badLookup = await contacts.create!(ctx, vendorBody(contacts, { lastName: 'Orphan', accountId: NO_ACCOUNT }, 'create')).catch((e: unknown) => e);
      expect(badLookup).toMatchObject({ status: 400, providerMessage: 'INVALID_CROSS_REFERENCE_KEY: invalid cross reference id' });

      const several = await opportunities.create!(ctx, vendorBody(opportunities, { name: 'x'.repeat(121) }, 'create')).catch((e: unknown) => e);
      expect(several).toMatchObject({
        status: 400,
        providerMessage:
          'STRING_TOO_LONG: Name: data value too large: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx (max length=120); REQUIRED_FIELD_MISSING: Required fields are missing: [StageName, CloseDate]',
      });
    });
  }, 10_000);

  it('answers 429 when the org has spent its daily API requests', async () => {
    await recorded(
      'errors-request-limit',
      async ({ ctx }) => {
        await accounts.list!(ctx, { pageSize: 10 });
        const limited = await accounts.list!(ctx, { pageSize: 10 }).catch((e: unknown) => e);
        expect(limited).toBeInstanceOf(VendorError);
        expect(limited).toMatchObject({ status: 429, vendorStatus: 403, providerMessage: 'REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.' });
      },
      { simulator: { dailyApiLimit: 1 } },
    );
  });
});
