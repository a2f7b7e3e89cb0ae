import { configurationOf, validateElement, type OAuth2Auth, type VendorFailure } from '@junction/core';
import { sfdc } from './element';
import { personName } from './resources/person-name';
import { salesforceProviderMessage, salesforceStatus } from './salesforce-api';

const failure = (status: number, body: unknown): VendorFailure => ({ status, headers: {}, body });

describe('sfdc element', () => {
  const auth = sfdc.auth as OAuth2Auth;
  const key = (name: string) => configurationOf(sfdc).find((k) => k.key === name)!;

  it('is a valid crm element reaching each org at its instance_url', () => {
    expect(() => validateElement(sfdc)).not.toThrow();
    expect(sfdc.http.baseUrl).toBe('{instance_url}/services/data/v67.0');
    expect(auth).toMatchObject({ kind: 'oauth2', tokenUrl: '{siteAddress}/services/oauth2/token', scopes: ['api', 'refresh_token'], defaults: { siteAddress: 'https://login.salesforce.com' } });
  });

  it('takes instance_url from token responses, without a trailing slash, and the org id from the identity URL', () => {
    expect(auth.fromTokenResponse!({ access_token: 'a', instance_url: 'https://acme.my.salesforce.com/', id: 'https://login.salesforce.com/id/00D/005' })).toEqual({
      instance_url: 'https://acme.my.salesforce.com',
    });
    expect(auth.fromTokenResponse!({ access_token: 'a', id: 'https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS' })).toEqual({
      'sfdc.organization.id': '00Dxx0000001gPLEAY',
    });
    expect(auth.fromTokenResponse!({ access_token: 'a' })).toEqual({});
  });

  it('declares the org id (18 characters) and the outbound message token (a URL-safe secret)', () => {
    expect(key('sfdc.organization.id').schema!.safeParse('00Dxx0000001gPLEAY').success).toBe(true);
    expect(key('sfdc.organization.id').schema!.safeParse('00Dxx0000001gPL').success).toBe(false);
    expect(key('sfdc.webhook.token')).toMatchObject({ secret: true });
    expect(key('sfdc.webhook.token').schema!.safeParse('a'.repeat(24)).success).toBe(true);
    for (const bad of ['short', `${'a'.repeat(24)}&x=1`]) expect(key('sfdc.webhook.token').schema!.safeParse(bad).success).toBe(false);
  });

  it('declares siteAddress (an origin, production by default) and instance_url (internal, not secret)', () => {
    expect(key('siteAddress')).toMatchObject({ defaultValue: 'https://login.salesforce.com' });
    expect(key('siteAddress').secret).toBeUndefined();
    for (const ok of ['https://test.salesforce.com', 'https://acme.my.salesforce.com', 'http://127.0.0.1:7002']) expect(key('siteAddress').schema!.safeParse(ok).success).toBe(true);
    for (const bad of ['https://test.salesforce.com/', 'http://test.salesforce.com', 'https://x.example/path', 'test.salesforce.com']) {
      expect(key('siteAddress').schema!.safeParse(bad).success).toBe(false);
    }
    expect(key('instance_url')).toMatchObject({ internal: true });
    expect(key('instance_url').secret).toBeUndefined();
  });
});

describe('Salesforce error bodies', () => {
  it('joins every error as errorCode: message', () => {
    const body = [
      { message: 'Required fields are missing: [LastName]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] },
      { message: 'Email: invalid email address: x', errorCode: 'INVALID_EMAIL_ADDRESS', fields: ['Email'] },
    ];
    expect(salesforceProviderMessage(failure(400, body))).toBe('REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]; INVALID_EMAIL_ADDRESS: Email: invalid email address: x');
    expect(salesforceProviderMessage(failure(502, '<html>Bad gateway</html>'))).toBeUndefined();
    expect(salesforceProviderMessage(failure(400, { error: 'x' }))).toBeUndefined();
  });

  it.each([
    [404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }], 404],
    [400, [{ errorCode: 'MALFORMED_ID', message: 'malformed id 001x' }], 404],
    [400, [{ errorCode: 'MALFORMED_ID', message: 'Account ID: id value of incorrect type', fields: ['Id'] }], 404],
    [400, [{ errorCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: ['AccountId'] }], undefined],
    [403, [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }], 429],
    [403, [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'insufficient access rights on object id' }], undefined],
    [401, [{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }], undefined],
  ])('maps a %i with %j to %s', (status, body, expected) => {
    expect(salesforceStatus(failure(status, body))).toBe(expected);
  });
});

describe('personName', () => {
  it.each([
    [{ name: 'Mary Ann Smith' }, { FirstName: 'Mary Ann', LastName: 'Smith' }],
    [{ name: '  Cher ' }, { LastName: 'Cher' }],
    [{ name: 'Ignored', lastName: 'Lovelace' }, { LastName: 'Lovelace' }],
    [{ firstName: 'Ada' }, { FirstName: 'Ada' }],
    [{ title: 'CFO' }, {}],
  ])('writes %j as %j', (body, expected) => {
    expect(personName(body)).toEqual(expected);
  });
});
