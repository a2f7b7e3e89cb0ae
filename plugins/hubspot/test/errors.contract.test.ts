import { VendorError } from '@junction/core';
import { contacts } from '../src/resources/contacts';
import { opportunities } from '../src/resources/opportunities';
import { hubCall, recorded, rejectionOf, withHubSpot, type RunningHubSpotSimulator } from './hubspot-vendor';

const CORRELATION = /\(correlationId [0-9a-f-]{36}\)$/;
/** Starts a recording with the only call the allowance permits already made. */
const spendOneCall = (simulator: RunningHubSpotSimulator) => simulator.state.consumeCalls(1);

describe('HubSpot failures', () => {
  it("maps an unknown id to 404 and a rejected property to 400, keeping HubSpot's message", async () => {
    await withHubSpot('errors-mapping', {}, async (ctx) => {
      const missing = await rejectionOf(contacts.get!(ctx, '999999'));
      expect(missing).toBeInstanceOf(VendorError);
      expect(missing).toMatchObject({ status: 404, message: 'HubSpot has no such record' });
      expect((missing as VendorError).providerMessage).toMatch(/^Object not found\. {2}objectId are usually numeric\. \(correlationId/);

      const invalid = await rejectionOf(hubCall.create(opportunities, ctx, { name: 'Bad stage', stage: 'won-ish' }));
      expect(invalid).toMatchObject({ status: 400, vendorStatus: 400, message: 'HubSpot rejected the request as invalid' });
      expect((invalid as VendorError).providerMessage).toMatch(/^Property values were not valid: \[.*"error":"INVALID_OPTION","name":"dealstage".*\]/);
      expect((invalid as VendorError).providerMessage).toMatch(CORRELATION);
    });
    expect(recorded('errors-mapping').map((e) => [e.method, e.path.split('?')[0], e.status])).toEqual([
      ['GET', '/crm/v3/objects/contacts/999999', 404],
      ['POST', '/crm/v3/objects/deals', 400],
    ]);
  });

  it('waits out a spent per-second window (X-HubSpot-RateLimit-Secondly-Remaining: 0) and retries once', async () => {
    const started = Date.now();
    const setup = { rateLimit: { secondly: 1 }, seed: { contacts: [{ properties: { email: 'a@b.example' } }] }, before: spendOneCall };
    const page = await withHubSpot('rate-limit-secondly', setup, (ctx) =>
      contacts.list!(ctx, { pageSize: 1 }),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(page.records.map((r) => r.properties.email)).toEqual(['a@b.example']);
    expect(recorded('rate-limit-secondly').map((e) => [e.method, e.path.split('?')[0], e.status])).toEqual([
      ['GET', '/crm/v3/objects/contacts', 429],
      ['GET', '/crm/v3/objects/contacts', 200],
    ]);
  });

  it('gives a spent daily allowance back at once as a 429 naming the policy', async () => {
    const started = Date.now();
    const failure = await withHubSpot('rate-limit-daily', { rateLimit: { daily: 1 }, before: spendOneCall }, (ctx) => rejectionOf(contacts.list!(ctx, { pageSize: 1 })));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(failure).toBeInstanceOf(VendorError);
    expect(failure).toMatchObject({ status: 429, message: 'HubSpot is rate limiting this instance; retry later' });
    expect((failure as VendorError).providerMessage).toMatch(/^You have reached your daily limit\. \(policy DAILY, correlationId [0-9a-f-]{36}\)$/);
    expect(recorded('rate-limit-daily').map((e) => e.status)).toEqual([429]);
  });
});
