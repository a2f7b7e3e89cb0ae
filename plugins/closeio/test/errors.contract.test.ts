import path from 'node:path';
import { JunctionError, VendorError } from '@junction/core';
import { contextFor, withRecording } from '@junction/testing/recordings';
import { closeio } from '../src';
import { accounts } from '../src/resources/accounts';
import { contacts } from '../src/resources/contacts';
import { opportunities } from '../src/resources/opportunities';

const directory = path.join(__dirname, '__recordings__');
const ctx = () => contextFor(closeio, { username: 'api_test_key', password: '' });

describe('Close failures', () => {
  it('waits out a short rate limit, maps validation errors and gives back long rate limits and malformed bodies', async () => {
    await withRecording({ directory }, 'rate-limit-and-errors', async () => {
      const started = Date.now();
      const page = await accounts.list!(ctx(), { pageSize: 5 });
      expect(page.records.map((r) => r.name)).toEqual(['Patient Co']);
      expect(Date.now() - started).toBeGreaterThanOrEqual(45);

      const invalid = await contacts.create!(ctx(), { name: 'No Lead', lead_id: 'lead_DoesNotExist0000000000000000000000000000000' }).catch((e: unknown) => e);
      expect(invalid).toBeInstanceOf(VendorError);
      expect(invalid).toMatchObject({ status: 400, providerMessage: 'lead_id: Object does not exist.' });

      const limited = await opportunities.list!(ctx(), { pageSize: 5 }).catch((e: unknown) => e);
      expect(limited).toMatchObject({ status: 429, headers: { 'retry-after': '3600' } });
      expect((limited as VendorError).providerMessage).toContain('API call count exceeded');

      const malformed = await contacts.list!(ctx(), { pageSize: 5 }).catch((e: unknown) => e);
      expect(malformed).toBeInstanceOf(JunctionError);
      expect(malformed).toMatchObject({ status: 502, message: expect.stringContaining('malformed') });
    });
  });
});
