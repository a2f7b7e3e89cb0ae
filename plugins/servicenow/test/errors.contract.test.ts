import { OAUTH_KEYS } from '@junction/core';
import { servicenow, servicenowoauth } from '../src';
import { failureOf, resourceOf, withServiceNow, type SeedTarget } from './servicenow-vendor';

const MISSING = '0123456789abcdef0123456789abcdef';

describe.each([servicenow, servicenowoauth])('$key failures', (element) => {
  const incidents = resourceOf(element, 'incidents');

  it('maps ACL refusals, missing records and the rate limit with ServiceNow\'s own words', async () => {
    const seed = (simulator: SeedTarget) => {
      simulator.insert('sys_user', { user_name: 'svc.junction', first_name: 'Junction', last_name: 'Integration' });
      simulator.insert('incident', { sys_id: 'a9e30c7dc61122760116894de7bcc7bd', short_description: 'Cannot access SFA software' });
      simulator.failNext(403, { body: { error: { message: 'Operation Failed', detail: 'ACL Exception Delete Failed due to security constraints' }, status: 'failure' } });
    };
    await withServiceNow(element, 'errors', { seed, rateLimit: { limit: 4 } }, async (ctx, sent) => {
      const refused = await failureOf(incidents.delete!(ctx, 'a9e30c7dc61122760116894de7bcc7bd'));
      expect(refused).toMatchObject({ status: 403, vendorStatus: 403, message: 'ServiceNow refused access to this resource' });
      expect(refused.providerMessage).toBe('Operation Failed: ACL Exception Delete Failed due to security constraints');

      await expect(element.healthCheck(ctx)).resolves.toBeUndefined();
      expect(sent[1].query).toEqual({ sysparm_limit: '1', sysparm_fields: 'sys_id', sysparm_no_count: 'true' });

      const missing = await failureOf(incidents.get!(ctx, MISSING));
      expect(missing).toMatchObject({ status: 404, message: 'ServiceNow has no such record' });
      expect(missing.providerMessage).toBe("No Record found: Record doesn't exist or ACL restricts the record retrieval");
      expect((await failureOf(incidents.update!(ctx, MISSING, { short_description: 'x' }, 'patch'))).status).toBe(404);

      // The wait ServiceNow asks for (Retry-After, up to an hour) is too long to hold a hub call open.
      const limited = await failureOf(incidents.list!(ctx, { pageSize: 10 }));
      expect(limited).toMatchObject({ status: 429, headers: { 'retry-after': expect.stringMatching(/^\d+$/) } });
      expect(limited.providerMessage).toBe('Rate limit exceeded: Rate limit of 4 requests per hour for Table API exceeded');
      expect(sent).toHaveLength(5);
    });
  });

  it('answers 401 with ServiceNow\'s words when the instance refuses the credentials', async () => {
    const wrong: Record<string, string> = element.key === 'servicenow' ? { password: 'no-longer-valid' } : { [OAUTH_KEYS.accessToken]: 'revoked-access-token' };
    await withServiceNow(element, 'unauthorized', { config: wrong }, async (ctx) => {
      const refused = await failureOf(element.healthCheck(ctx));
      expect(refused).toMatchObject({ status: 401, message: 'ServiceNow refused the credentials of this instance' });
      expect(refused.providerMessage).toBe('User Not Authenticated: Required to provide Auth information');
    });
  });
});
